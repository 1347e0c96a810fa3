package dev.wslab.bench.handshake;

import dev.wslab.handshake.SecWebSocketAccept;
import dev.wslab.handshake.Sha1Provider;
import org.bouncycastle.crypto.digests.SHA1Digest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * The {@code Sec-WebSocket-Accept} computation of RFC 6455 §4.2.2 step 5.4:
 * base64(SHA-1(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")).
 *
 * <p>Three ways to get the SHA-1 — a JDK {@link MessageDigest} kept and reused, one looked up per
 * call (what a stateless server does), and BouncyCastle's lightweight {@code SHA1Digest} — next to
 * wslab's shipped {@link SecWebSocketAccept#of(String, Sha1Provider)} with each of its providers.
 * The baseline of the ratio table is {@code jdkDigestReused}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AcceptBenchmark {

    /** The sample key of RFC 6455 §1.3. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final byte[] GUID = SecWebSocketAccept.GUID.getBytes(StandardCharsets.US_ASCII);

    private MessageDigest reusedSha1;
    private SHA1Digest reusedBouncyCastle;

    @Setup
    public void setUp() throws NoSuchAlgorithmException {
        reusedSha1 = MessageDigest.getInstance("SHA-1");
        reusedBouncyCastle = new SHA1Digest();
        String expected = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
        if (!expected.equals(jdkDigestReused()) || !expected.equals(bouncyCastleReused())
                || !expected.equals(wslabJdk()) || !expected.equals(wslabBouncyCastle())) {
            throw new IllegalStateException("an accept computation disagrees with RFC 6455 §1.3");
        }
    }

    @Benchmark
    public String jdkDigestReused() {
        reusedSha1.update(KEY.getBytes(StandardCharsets.US_ASCII));
        reusedSha1.update(GUID);
        return Base64.getEncoder().encodeToString(reusedSha1.digest());
    }

    @Benchmark
    public String jdkDigestPerCall() throws NoSuchAlgorithmException {
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(KEY.getBytes(StandardCharsets.US_ASCII));
        sha1.update(GUID);
        return Base64.getEncoder().encodeToString(sha1.digest());
    }

    @Benchmark
    public String bouncyCastleReused() {
        byte[] key = KEY.getBytes(StandardCharsets.US_ASCII);
        reusedBouncyCastle.update(key, 0, key.length);
        reusedBouncyCastle.update(GUID, 0, GUID.length);
        byte[] out = new byte[20];
        reusedBouncyCastle.doFinal(out, 0);
        return Base64.getEncoder().encodeToString(out);
    }

    @Benchmark
    public String wslabJdk() {
        return SecWebSocketAccept.of(KEY, Sha1Provider.JDK);
    }

    @Benchmark
    public String wslabBouncyCastle() {
        return SecWebSocketAccept.of(KEY, Sha1Provider.BOUNCY_CASTLE);
    }
}
