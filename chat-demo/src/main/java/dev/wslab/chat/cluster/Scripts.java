package dev.wslab.chat.cluster;

/**
 * The Lua scripts that change presence. Redis runs a script as one step, so "record the membership
 * and announce it" can never be half done, and two survivors declaring the same node dead cannot both
 * announce its users' departure: the second finds nothing left to undo.
 *
 * <p>Presence is per user: {@code userJoined} when a user's first session enters a room,
 * {@code userLeft} when their last one leaves it (the users hash counts sessions per name).
 */
final class Scripts {

    private Scripts() {}

    /**
     * KEYS: room stream, room sessions, room users, node sessions. ARGV: session id, user name, room,
     * stream length cap. Returns the joiner's position in the stream (the {@code joined} entry when the
     * user is new in the room, else the room's last entry, "0-0" for none), then the room's users, the
     * joiner's included: a snapshot taken at exactly that position, so the deltas after it apply to it.
     */
    static final String JOIN = """
            local position = ''
            if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 1 then
              redis.call('HSET', KEYS[4], ARGV[1] .. '\\n' .. ARGV[3], ARGV[2])
              if redis.call('HINCRBY', KEYS[3], ARGV[2], 1) == 1 then
                position = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'kind', 'joined', 'user', ARGV[2])
              end
            end
            if position == '' then
              local last = redis.call('XREVRANGE', KEYS[1], '+', '-', 'COUNT', 1)
              if #last == 0 then position = '0-0' else position = last[1][1] end
            end
            local result = {position}
            for _, user in ipairs(redis.call('HKEYS', KEYS[3])) do result[#result + 1] = user end
            return result
            """;

    /**
     * KEYS: room stream, room sessions, room users, node sessions. ARGV: session id, user name, room,
     * stream length cap. Returns the id of the {@code left} entry, or "" when the user is still in the
     * room with another session (or this session was not in it).
     */
    static final String LEAVE = """
            if redis.call('HDEL', KEYS[2], ARGV[1]) == 0 then return '' end
            redis.call('HDEL', KEYS[4], ARGV[1] .. '\\n' .. ARGV[3])
            if redis.call('HINCRBY', KEYS[3], ARGV[2], -1) > 0 then return '' end
            redis.call('HDEL', KEYS[3], ARGV[2])
            return redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'kind', 'left', 'user', ARGV[2])
            """;

    /**
     * Undoes every membership of a node whose heartbeat expired, announcing {@code userLeft} in each
     * room where that was the user's last session, and forgets who was online there. KEYS: node alive,
     * node sessions, nodes set, node reaped marker, node online. ARGV: node id, stream length cap, room key prefix. Returns -1 if the node is alive
     * after all, else how many {@code userLeft} were announced.
     */
    static final String REAP = """
            if redis.call('EXISTS', KEYS[1]) == 1 then return -1 end
            local entries = redis.call('HGETALL', KEYS[2])
            local announced = 0
            for i = 1, #entries, 2 do
              local field, user = entries[i], entries[i + 1]
              local nl = string.find(field, '\\n', 1, true)
              local session, room = string.sub(field, 1, nl - 1), string.sub(field, nl + 1)
              local base = ARGV[3] .. room
              if redis.call('HDEL', base .. ':sessions', session) == 1 then
                if redis.call('HINCRBY', base .. ':users', user, -1) <= 0 then
                  redis.call('HDEL', base .. ':users', user)
                  redis.call('XADD', base, 'MAXLEN', '~', ARGV[2], '*', 'kind', 'left', 'user', user)
                  announced = announced + 1
                end
              end
            end
            redis.call('DEL', KEYS[2], KEYS[5])
            redis.call('SREM', KEYS[3], ARGV[1])
            redis.call('SET', KEYS[4], '1', 'PX', 86400000)
            return announced
            """;

    /** A session went offline. KEYS: node online. ARGV: user name. */
    static final String OFFLINE = """
            if redis.call('HINCRBY', KEYS[1], ARGV[1], -1) <= 0 then redis.call('HDEL', KEYS[1], ARGV[1]) end
            return 0
            """;

    /** Writes a node's online users anew. KEYS: node online. ARGV: user name and session count, in pairs. */
    static final String REPLACE_ONLINE = """
            redis.call('DEL', KEYS[1])
            for i = 1, #ARGV, 2 do redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1]) end
            return 0
            """;

    /**
     * The users online on every node whose heartbeat is alive (one list, with repeats). KEYS: nodes
     * set. ARGV: node key prefix.
     */
    static final String ONLINE_USERS = """
            local names = {}
            for _, node in ipairs(redis.call('SMEMBERS', KEYS[1])) do
              if redis.call('EXISTS', ARGV[1] .. node .. ':alive') == 1 then
                for _, user in ipairs(redis.call('HKEYS', ARGV[1] .. node .. ':online')) do names[#names + 1] = user end
              end
            end
            return names
            """;

    /**
     * Posts a message of a resumable session at most once per client id. KEYS: room stream, the
     * session's sent hash. ARGV: client id, stream length cap, time-to-live of the sent hash (ms), user
     * id, user name, text, node. Returns the message's stream id and "1" when the id was already posted
     * (nothing added: the id is the original's), else "0".
     */
    static final String POST_ONCE = """
            local earlier = redis.call('HGET', KEYS[2], ARGV[1])
            if earlier then return {earlier, '1'} end
            local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'kind', 'message', 'uid', ARGV[4],
              'user', ARGV[5], 'text', ARGV[6], 'node', ARGV[7])
            redis.call('HSET', KEYS[2], ARGV[1], id)
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return {id, '0'}
            """;

    /**
     * Appends one numbered event to a resumable session's log, if this node still owns the session.
     * KEYS: session hash, session log. ARGV: node, "seq\njson", room ("" for none), the room's position
     * after this event ("" for none), log length cap, time-to-live (ms). Returns 1, or 0 when another
     * node has claimed the session (this node's copy is stale and must not write).
     */
    static final String SESSION_APPEND = """
            if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
            redis.call('RPUSH', KEYS[2], ARGV[2])
            redis.call('LTRIM', KEYS[2], -tonumber(ARGV[5]), -1)
            if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'room:' .. ARGV[3], ARGV[4]) end
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return 1
            """;

    /**
     * Claims a resumable session for this node. KEYS: session hash. ARGV: user id, node. Returns
     * {"unknown"}, {"forbidden"} (another user's token), {"expired"} or {"closed"} (the session ended),
     * or {"ok", previous owner, then the hash's fields and values}.
     */
    static final String SESSION_CLAIM = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return {'unknown'} end
            if redis.call('HGET', KEYS[1], 'uid') ~= ARGV[1] then return {'forbidden'} end
            local ended = redis.call('HGET', KEYS[1], 'ended')
            if ended then return {ended} end
            local previous = redis.call('HGET', KEYS[1], 'node')
            redis.call('HSET', KEYS[1], 'node', ARGV[2])
            local result = {'ok', previous}
            for _, v in ipairs(redis.call('HGETALL', KEYS[1])) do result[#result + 1] = v end
            return result
            """;

    /**
     * A session ended on the node that owns it: marks it so (for a clear refusal elsewhere) and lets
     * its keys expire soon. KEYS: session hash, session log. ARGV: node, "expired" or "closed",
     * time-to-live (ms), the session key prefix (its sent hash is prefix + id + ":sent"). A node that no
     * longer owns the session changes nothing.
     */
    static final String SESSION_END = """
            if redis.call('HGET', KEYS[1], 'node') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'ended', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('DEL', KEYS[2], ARGV[4] .. redis.call('HGET', KEYS[1], 'sid') .. ':sent')
            return 1
            """;
}
