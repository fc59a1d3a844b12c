package dev.bascule.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.Set;

/** Bascule's own version, and the HAProxy version whose configuration language it speaks. */
public final class Versions {
    /** The HAProxy release whose behaviour Bascule reproduces; {@code -cc 'version_atleast(X)'} compares with it. */
    public static final String HAPROXY_COMPAT = "2.6.12";

    /**
     * Build features {@code -cc 'feature(X)'} (and {@code .if feature(X)}) answers true for: what a
     * configuration guarded by them gets from Bascule. {@code OPENSSL}: TLS termination, on an
     * OpenSSL library (BoringSSL) or the JDK's. {@code PCRE2}: regular expressions take the
     * Perl-compatible syntax configurations write ({@code \d}, lookaround, lazy quantifiers,
     * back-references in {@code map_regm}/{@code regsub}); they run on {@code java.util.regex}, which
     * refuses at load what it lacks ({@code (?R)}, {@code \K}), never silently. Answering false would
     * drop the guarded lines of a configuration that Bascule can run.
     */
    public static final Set<String> FEATURES = Set.of("OPENSSL", "PCRE2");

    /**
     * The TLS library the distribution links, as {@code ssllib_name_startswith()} compares it
     * (HAProxy reads {@code OpenSSL_version(OPENSSL_VERSION)}): BoringSSL, from
     * netty-tcnative-boringssl-static, whose {@code OPENSSL_VERSION_NUMBER} claims OpenSSL
     * {@value #SSL_LIBRARY_COMPAT} for {@code openssl_version_atleast()}.
     */
    public static final String SSL_LIBRARY = "BoringSSL";
    public static final String SSL_LIBRARY_COMPAT = "1.1.1";

    private static final String VERSION = load();

    private Versions() {
    }

    /** Bascule's version. */
    public static String bascule() {
        return VERSION;
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
