/**
 * The chat application, independent of any transport: {@link dev.wslab.chat.rooms.ChatService}
 * (rooms, presence, ordering), {@link dev.wslab.chat.rooms.ChatSession} (one connected client,
 * ended exactly once) and {@link dev.wslab.chat.rooms.EventSink} (the transport's non-blocking queue
 * towards that client). Start with the {@code ChatService} class comment.
 */
package dev.wslab.chat.rooms;
