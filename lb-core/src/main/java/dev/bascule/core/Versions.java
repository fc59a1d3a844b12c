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
     * Build features {@code -cc 'feature(X)'} answers true for. Only what Bascule really
     * implements: none of HAProxy's optional libraries yet (no OPENSSL until TLS lands).
     */
    public static final Set<String> FEATURES = Set.of();

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
