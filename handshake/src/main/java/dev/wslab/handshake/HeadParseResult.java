package dev.wslab.handshake;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * What {@link HttpHeadParser#feed(ByteBuffer)} found after one more chunk of bytes.
 *
 * <pre>{@code
 * HeadParseResult<UpgradeRequest> r = parser.feed(chunk);
 * if (r instanceof HeadParseResult.Complete<UpgradeRequest> done) { ... done.head() ... done.leftover() ... }
 * else if (r instanceof HeadParseResult.Failed<UpgradeRequest> failed) { ... failed.status() ... }
 * else { read more bytes }
 * }</pre>
 *
 * @param <H> the head type: {@link UpgradeRequest} or {@link UpgradeResponse}
 */
public sealed interface HeadParseResult<H> {

    /** The head is not finished yet; feed more bytes. */
    record NeedMore<H>() implements HeadParseResult<H> {
    }

    /**
     * The head is complete.
     *
     * @param head     the parsed request or response head
     * @param leftover the bytes that followed the empty line in the last chunk — for instance a first
     *                 WebSocket frame sent in the same packet. Never lost: hand them to the frame
     *                 decoder. A fresh buffer, positioned at 0.
     */
    record Complete<H>(H head, ByteBuffer leftover) implements HeadParseResult<H> {
        /**
         * Requires both parts.
         *
         * @param head     the parsed head; never null
         * @param leftover the bytes after the empty line, possibly none (never null)
         */
        public Complete {
            Objects.requireNonNull(head, "head");
            Objects.requireNonNull(leftover, "leftover");
        }
    }

    /**
     * The bytes are not an acceptable HTTP head; the connection should be answered (when parsing a
     * request) with {@code status} and closed.
     *
     * @param status     400 for bad syntax, 414 for a request line that is too long, 431 when a
     *                   header line, the header count or the whole head exceeds {@link HeadLimits}
     * @param reason     what was wrong, for a person
     * @param rfcSection where the rule is written, e.g. {@code RFC 9112 §5.2}
     */
    record Failed<H>(int status, String reason, String rfcSection) implements HeadParseResult<H> {
        /**
         * Requires the reason and the RFC section.
         *
         * @param status     the HTTP status the failure earns: 400, 414 or 431
         * @param reason     what was wrong, for a person; never null
         * @param rfcSection where the rule is written; never null
         */
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(rfcSection, "rfcSection");
        }

        /**
         * The same failure as a server decision, ready to be written as the HTTP answer.
         *
         * @return a rejection with this status, reason and section
         */
        public HandshakeDecision.Rejected toRejection() {
            return HandshakeDecision.Rejected.of(status, reason, rfcSection);
        }
    }
}
