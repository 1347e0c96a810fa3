package dev.wslab.chat.protocol;

/** Who posted a message, as the other members see it. */
public record Sender(String userId, String userName) {}
