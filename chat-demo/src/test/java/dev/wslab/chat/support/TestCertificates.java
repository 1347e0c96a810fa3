package dev.wslab.chat.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway self-signed certificate for TLS tests, made with the running JDK's own {@code keytool}
 * (no test dependency, no checked-in key): an EC P-256 key for {@code CN=localhost} whose
 * subjectAltName lists {@code localhost} and {@code 127.0.0.1}, so hostname verification passes on loopback.
 */
public final class TestCertificates {

    public static final String PASSWORD = "wslab-test-pass";

    private final Path keystore;

    private TestCertificates(Path keystore) {
        this.keystore = keystore;
    }

    /** Generates a PKCS#12 keystore in {@code dir} for {@code localhost} and {@code 127.0.0.1}. */
    public static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        return generate(dir, "dns:localhost,ip:127.0.0.1");
    }

    /** Generates a PKCS#12 keystore in {@code dir} whose certificate names {@code subjectAltNames}. */
    public static TestCertificates generate(Path dir, String subjectAltNames) throws IOException, InterruptedException {
        Path keystore = Files.createTempFile(dir, "wslab-test", ".p12");
        Files.delete(keystore);
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "wslab",
                "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-ext", "SAN=" + subjectAltNames, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IOException("keytool failed: " + output);
        }
        return new TestCertificates(keystore);
    }

    public Path keystore() {
        return keystore;
    }

    /** A server context presenting the certificate. */
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(), PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** A client context that trusts exactly this certificate. */
    public SSLContext clientContext() throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private KeyStore load() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }
}
