package dev.wslab.chat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Locale;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@link SSLContext}s from files, for the command line's {@code wss://} options (RFC 6455 §3, §10.6).
 *
 * <p>A server needs a key and its certificate: a PKCS#12 or JKS keystore, e.g. made with
 * {@code keytool -genkeypair -keyalg EC -groupname secp256r1 -dname CN=localhost
 * -ext SAN=dns:localhost,ip:127.0.0.1 -storetype PKCS12 -keystore chat.p12}. A client that should trust
 * such a self-signed server needs only the certificate: the same keystore, or a PEM/DER certificate file.
 * Every failure is an {@link IllegalArgumentException} that names the file, so the CLI can print it.
 */
public final class TlsContexts {

    private TlsContexts() {
    }

    /** A server context presenting the key and certificate chain in {@code keystore}. */
    public static SSLContext server(Path keystore, char[] password) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(KeyStore.getInstance(keystore.toFile(), password), password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use TLS keystore " + keystore + ": " + e.getMessage(), e);
        }
    }

    /**
     * A client context trusting exactly the certificates in {@code file}: a keystore (with
     * {@code password}; may be empty for a truststore without integrity check) or a PEM/DER certificate.
     */
    public static SSLContext trusting(Path file, char[] password) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore(file, password));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot use trust store " + file + ": " + e.getMessage(), e);
        }
    }

    private static KeyStore trustStore(Path file, char[] password) throws IOException, GeneralSecurityException {
        if (isKeystore(file)) {
            return KeyStore.getInstance(file.toFile(), password);
        }
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(file)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("no certificate in the file");
        }
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int i = 0;
        for (Certificate certificate : certificates) {
            store.setCertificateEntry("trusted-" + i++, certificate);
        }
        return store;
    }

    private static boolean isKeystore(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".p12") || name.endsWith(".pfx") || name.endsWith(".jks") || name.endsWith(".keystore");
    }
}
