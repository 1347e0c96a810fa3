/**
 * Sessions that outlive a connection: a {@link dev.wslab.chat.session.Session} is the user's presence,
 * rooms and numbered event log; transports attach to it and detach from it. A client that lost its
 * connection comes back within the resume window with the session's resume token and the number of
 * the last event it saw, and gets exactly the events it missed. The log sits behind
 * {@link dev.wslab.chat.session.SessionLog} so that another store (one shared by a cluster) can hold it.
 */
package dev.wslab.chat.session;
