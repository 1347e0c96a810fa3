/**
 * What the browser page needs from the server besides the chat WebSocket: the page itself lives in
 * the class path's {@code web/} directory (plain HTML, CSS and JavaScript, no build step) and is served
 * at {@code /}; {@link dev.wslab.chat.web.WebClients} adds the polling transport, the
 * {@link dev.wslab.chat.web.FrameInspector} and the {@link dev.wslab.chat.web.RoomDirectory}.
 */
package dev.wslab.chat.web;
