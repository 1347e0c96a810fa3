package dev.wslab.chat.cluster;

/**
 * The Redis keys of a cluster, in one place. Every key starts with {@link #PREFIX}, so one Redis can
 * be inspected (and cleaned) by pattern.
 *
 * <pre>
 * wslab:room:&lt;room&gt;                stream: the room's messages, joins and leaves, in their one order
 * wslab:room:&lt;room&gt;:sessions       hash   session id -&gt; user name (who is in the room, per connection)
 * wslab:room:&lt;room&gt;:users          hash   user name -&gt; how many of their sessions are in the room
 * wslab:nodes                       set    ids of the nodes that have registered
 * wslab:node:&lt;id&gt;:alive           string set with a time-to-live of --node-timeout, renewed by the node
 * wslab:node:&lt;id&gt;:sessions        hash   "&lt;session id&gt;\n&lt;room&gt;" -&gt; user name: what to undo if the node dies
 * wslab:node:&lt;id&gt;:online          hash   user name -&gt; how many of their sessions are connected to the node
 * wslab:node:&lt;id&gt;:reaped          string set by the survivor that declared the node dead
 * wslab:node:&lt;id&gt;:wake            stream a nudge to the node's reader when it starts following a room
 * wslab:account:&lt;id&gt;              hash   name, hash, created
 * wslab:account-names              hash   name key -&gt; account id (unique names)
 * wslab:resume:&lt;token hash&gt;       hash   a resumable session: sid, uid, user, node (its owner), ended,
 *                                         "room:&lt;room&gt;" -&gt; the room's position its log has reached
 * wslab:resume:&lt;token hash&gt;:log   list   "seq\njson": the session's latest numbered events
 * wslab:session:&lt;sid&gt;:sent        hash   client id -&gt; message id: messages the session posted
 * </pre>
 */
final class Keys {

    static final String PREFIX = "wslab:";
    static final String ROOM = PREFIX + "room:";
    static final String NODES = PREFIX + "nodes";
    static final String NODE = PREFIX + "node:";

    private Keys() {}

    static String room(String room) {
        return ROOM + room;
    }

    static String roomSessions(String room) {
        return ROOM + room + ":sessions";
    }

    static String roomUsers(String room) {
        return ROOM + room + ":users";
    }

    static String nodeAlive(String node) {
        return PREFIX + "node:" + node + ":alive";
    }

    static String nodeSessions(String node) {
        return PREFIX + "node:" + node + ":sessions";
    }

    static String nodeOnline(String node) {
        return PREFIX + "node:" + node + ":online";
    }

    static String nodeReaped(String node) {
        return PREFIX + "node:" + node + ":reaped";
    }

    static String nodeWake(String node) {
        return PREFIX + "node:" + node + ":wake";
    }

    static String account(String id) {
        return PREFIX + "account:" + id;
    }

    /** A session is found by its resume token's SHA-256, so Redis never holds the token itself. */
    static String resume(String tokenHash) {
        return PREFIX + "resume:" + tokenHash;
    }

    static String resumeLog(String tokenHash) {
        return PREFIX + "resume:" + tokenHash + ":log";
    }

    static final String SESSION = PREFIX + "session:";

    static String sessionSent(String sessionId) {
        return SESSION + sessionId + ":sent";
    }

    static final String ACCOUNT_NAMES = PREFIX + "account-names";
}
