package dev.wslab.chat.protocol;

/**
 * An event together with its JSON text. A broadcast encodes its event once and hands the same
 * {@code EncodedEvent} to every member's sink, so a room of 200 costs one serialization, not 200.
 */
public record EncodedEvent(ServerEvent event, String json) {}
