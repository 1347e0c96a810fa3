package dev.wslab.handshake;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Which implementation of SHA-1 computes {@code Sec-WebSocket-Accept}.
 *
 * <p>Both give identical digests; the choice exists so a student can see that the accept value is
 * plain SHA-1 (RFC 3174) and nothing JDK-specific. {@link #JDK} uses {@link MessageDigest} and
 * needs nothing beyond the JDK. {@link #BOUNCY_CASTLE} uses BouncyCastle's lightweight
 * {@code SHA1Digest} class directly (no JCE provider is registered), and works only when
 * {@code org.bouncycastle:bcprov-jdk18on} is on the class path: it is an optional dependency of this
 * module, loaded only when this constant is actually used.
 */
public enum Sha1Provider {
    /** The JDK's {@code MessageDigest.getInstance("SHA-1")}. Always available. */
    JDK {
        @Override
        public byte[] digest(byte[] input) {
            try {
                return MessageDigest.getInstance("SHA-1").digest(input);
            } catch (NoSuchAlgorithmException e) {
                // Every Java platform is required to provide SHA-1 (MessageDigest Javadoc).
                throw new IllegalStateException("this JDK has no SHA-1", e);
            }
        }

        @Override
        public boolean isAvailable() {
            return true;
        }
    },

    /** BouncyCastle's {@code org.bouncycastle.crypto.digests.SHA1Digest}; needs bcprov on the class path. */
    BOUNCY_CASTLE {
        @Override
        public byte[] digest(byte[] input) {
            if (!isAvailable()) {
                throw new IllegalStateException(
                        "BouncyCastle SHA-1 selected but org.bouncycastle:bcprov-jdk18on is not on the class path");
            }
            // The helper class is the only place that names BouncyCastle types, so the JVM loads
            // them only on this path.
            return BouncyCastleSha1.digest(input);
        }

        @Override
        public boolean isAvailable() {
            try {
                Class.forName("org.bouncycastle.crypto.digests.SHA1Digest", false,
                        Sha1Provider.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                return false;
            }
        }
    };

    /**
     * Computes the 20-byte SHA-1 digest of {@code input}.
     *
     * @param input the bytes to hash; for the handshake, {@link SecWebSocketAccept#keyWithGuid(String)}
     * @return a new 20-byte array
     *
     * @throws IllegalStateException if this provider is not available (see {@link #isAvailable()})
     */
    public abstract byte[] digest(byte[] input);

    /**
     * Whether this provider can be used in the running JVM.
     *
     * @return false when its library (bcprov for {@link #BOUNCY_CASTLE}) is missing from the class path
     */
    public abstract boolean isAvailable();
}
