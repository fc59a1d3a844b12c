package dev.bascule.transport.netty.tls;

import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;

import java.security.NoSuchAlgorithmException;
import java.util.Locale;

import javax.net.ssl.SSLContext;

/**
 * Which TLS implementation serves {@code ssl} listeners: OpenSSL (BoringSSL, from
 * netty-tcnative-boringssl-static) when its native library loads, the JDK's otherwise.
 * {@code -Dbascule.tls.provider=jdk} forces the JDK's.
 */
public enum TlsProvider {
    OPENSSL(SslProvider.OPENSSL),
    JDK(SslProvider.JDK);

    /** The system property that forces a provider ({@code openssl} or {@code jdk}). */
    public static final String PROPERTY = "bascule.tls.provider";

    private static final String TCNATIVE_VERSION = tcnativeVersion();

    private final SslProvider netty;

    TlsProvider(SslProvider netty) {
        this.netty = netty;
    }

    SslProvider netty() {
        return netty;
    }

    /** OpenSSL when available (and ALPN with it), unless {@value #PROPERTY} says {@code jdk}. */
    public static TlsProvider best() {
        String forced = System.getProperty(PROPERTY, "").toLowerCase(Locale.ROOT);
        if (forced.equals("jdk")) {
            return JDK;
        }
        return OpenSsl.isAvailable() && OpenSsl.isAlpnSupported() ? OPENSSL : JDK;
    }

    private static String tcnativeVersion() {
        Package tcnative = SSL.class.getPackage();
        String version = tcnative == null ? null : tcnative.getImplementationVersion();
        return version == null ? "" : version;
    }

    /** For {@code -vv}: the library, its version, and why OpenSSL is not used when it is not. */
    public String describe() {
        if (this == OPENSSL) {
            return "OpenSSL provider: " + OpenSsl.versionString() + " (netty-tcnative-boringssl-static"
                    + (TCNATIVE_VERSION.isEmpty() ? "" : " " + TCNATIVE_VERSION) + "), TLSv1.2 TLSv1.3";
        }
        String jdk;
        try {
            SSLContext context = SSLContext.getDefault();
            jdk = context.getProvider().getName() + " " + context.getProvider().getVersionStr();
        } catch (NoSuchAlgorithmException e) {
            jdk = "unknown";
        }
        String reason;
        if (System.getProperty(PROPERTY, "").equalsIgnoreCase("jdk")) {
            reason = "-D" + PROPERTY + "=jdk";
        } else if (!OpenSsl.isAvailable()) {
            Throwable cause = OpenSsl.unavailabilityCause();
            reason = "OpenSSL unavailable: " + (cause == null ? "unknown" : cause.getMessage());
        } else {
            reason = "OpenSSL without ALPN";
        }
        return "JDK provider: " + jdk + " (" + reason + "), TLSv1.2 TLSv1.3";
    }
}
