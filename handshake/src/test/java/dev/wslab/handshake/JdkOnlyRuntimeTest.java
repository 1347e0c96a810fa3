package dev.wslab.handshake;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * The module needs nothing beyond the JDK at run time: loaded in a class loader that sees only the
 * module's own classes (no BouncyCastle), the JDK path works and the BouncyCastle choice reports
 * itself unavailable with a clear message instead of a NoClassDefFoundError.
 */
class JdkOnlyRuntimeTest {

    @Test
    void works_without_bouncycastle_on_the_class_path() throws Exception {
        URL moduleClasses = SecWebSocketAccept.class.getProtectionDomain().getCodeSource().getLocation();
        try (URLClassLoader jdkOnly = new URLClassLoader(new URL[] {moduleClasses}, ClassLoader.getPlatformClassLoader())) {
            Class<?> accept = jdkOnly.loadClass(SecWebSocketAccept.class.getName());
            Class<?> provider = jdkOnly.loadClass(Sha1Provider.class.getName());
            assertThat(accept.getClassLoader()).isSameAs(jdkOnly);
            assertThat(jdkOnly.getParent()).isNotNull();

            Object jdk = provider.getField("JDK").get(null);
            Object bc = provider.getField("BOUNCY_CASTLE").get(null);
            Method of = accept.getMethod("of", String.class, provider);
            assertThat(of.invoke(null, "x3JJHMbDL1EzLkh9GBhXDw==", jdk)).isEqualTo("HSmrc0sMlYUkAGmm5OPpG2HaGWk=");

            assertThat(provider.getMethod("isAvailable").invoke(bc)).isEqualTo(false);
            try {
                of.invoke(null, "x3JJHMbDL1EzLkh9GBhXDw==", bc);
                throw new AssertionError("BouncyCastle should be unavailable here");
            } catch (InvocationTargetException e) {
                assertThat(e.getCause()).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("bcprov-jdk18on is not on the class path");
            }
        }
    }
}
