/**
 * The RFC 6455 opening handshake (HTTP/1.1 Upgrade) in both roles, sans-IO: bytes in, a decision out.
 * BouncyCastle is an optional SHA-1 provider, read only when chosen.
 */
module dev.wslab.handshake {
    requires static org.bouncycastle.provider;

    exports dev.wslab.handshake;
}
