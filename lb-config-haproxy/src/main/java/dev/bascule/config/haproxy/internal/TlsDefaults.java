package dev.bascule.config.haproxy.internal;

/**
 * The TLS defaults of the {@code global} section as read so far, HAProxy's {@code global_ssl}:
 * what {@code ssl} on a bind inherits ({@code ssl-default-bind-*}), what servers will
 * ({@code ssl-default-server-*}, {@code ssl-server-verify}), and the bases of relative paths
 * ({@code ca-base}, {@code crt-base}).
 */
final class TlsDefaults {
    /** The defaults of one side, bind or server. */
    static final class Side {
        /** The cipher string as written (checked when read), null when not set. */
        String ciphers;
        /** The TLS 1.3 suites as written (checked when read), null when not set. */
        String ciphersuites;
        /** {@code ssl-default-bind-curves}, null when not set. */
        String curves;
        final TlsVersions versions = new TlsVersions();
        boolean noTickets;
        boolean preferClientCiphers;
    }

    final Side bind = new Side();
    final Side server = new Side();
    /** {@code ca-base}, null when not set. */
    String caBase;
    /** {@code crt-base}, null when not set. */
    String crtBase;
    /** {@code ssl-server-verify}: {@code required} (the default) or {@code none}. */
    boolean serverVerifyRequired = true;

    /** A {@code crt} path as HAProxy resolves it: relative to {@code crt-base} unless absolute. */
    String certificatePath(String path) {
        return crtBase != null && !path.startsWith("/") ? crtBase + "/" + path : path;
    }

    /** A {@code ca-file} or {@code crl-file} path: relative to {@code ca-base} unless absolute. */
    String authorityPath(String path) {
        return caBase != null && !path.startsWith("/") ? caBase + "/" + path : path;
    }
}
