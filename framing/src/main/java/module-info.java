/**
 * RFC 6455 frames, messages and the closing handshake, sans-IO. Every package is API: the internals
 * (the header rules, the message layer) are package-private classes.
 */
module dev.wslab.framing {
    exports dev.wslab.framing;
    exports dev.wslab.framing.codec;
    exports dev.wslab.framing.connection;
    exports dev.wslab.framing.deflate;
    exports dev.wslab.framing.explain;
    exports dev.wslab.framing.utf8;
}
