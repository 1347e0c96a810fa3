package dev.wslab.handshake;

import org.bouncycastle.crypto.digests.SHA1Digest;

/** Isolates every reference to BouncyCastle, so the optional jar is loaded only when chosen. */
final class BouncyCastleSha1 {
    private BouncyCastleSha1() {
    }

    static byte[] digest(byte[] input) {
        SHA1Digest sha1 = new SHA1Digest();
        sha1.update(input, 0, input.length);
        byte[] out = new byte[sha1.getDigestSize()];
        sha1.doFinal(out, 0);
        return out;
    }
}
