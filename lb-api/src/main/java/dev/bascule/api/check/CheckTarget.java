package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.ServerTls;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The server to probe.
 *
 * @param serverName the server's name
 * @param address    the address to probe (the server's, or its {@code addr}/{@code port} override);
 *                   for a UNIX socket server, an unresolved placeholder named {@code unix}
 * @param unixPath   the UNIX socket to probe instead of {@code address}; empty for an IP server
 * @param tls        the server's TLS settings (its {@code ca-file}, {@code crt}, {@code check-sni}...),
 *                   used when {@code encrypted}
 * @param encrypted  whether a probe connection makes a TLS handshake first ({@code check-ssl}, or
 *                   {@code ssl} on a server checked on its own address)
 */
public record CheckTarget(String serverName, InetSocketAddress address, Optional<String> unixPath, ServerTls tls,
                          boolean encrypted) {
    public CheckTarget {
        requireNonNull(serverName, "serverName");
        requireNonNull(address, "address");
        requireNonNull(unixPath, "unixPath");
        requireNonNull(tls, "tls");
    }

    /** A plain TCP target (the record of API 1.3). */
    public CheckTarget(String serverName, InetSocketAddress address) {
        this(serverName, address, Optional.empty(), ServerTls.NONE, false);
    }

    /** This target on another port (a {@code tcp-check connect port}); a UNIX socket keeps its path. */
    public CheckTarget withPort(int port) {
        if (unixPath.isPresent() || address.isUnresolved()) {
            return this;
        }
        return new CheckTarget(serverName, new InetSocketAddress(address.getAddress(), port), unixPath, tls, encrypted);
    }

    /**
     * This target probed over TLS with the server's settings and this server name and ALPN
     * ({@code tcp-check connect ssl sni <name> alpn <list>}); an empty name or list keeps the
     * server's {@code check-sni}/{@code check-alpn}.
     */
    public CheckTarget encrypted(Optional<String> sni, List<String> alpn) {
        ServerTls settings = tls;
        if (sni.isPresent() || !alpn.isEmpty()) {
            settings = new ServerTls(tls.enabled(), tls.verifyRequired(), tls.authorities(), tls.revocations(),
                    tls.certificate(), tls.sni(), tls.alpn(), tls.protocols(), tls.ciphers(), tls.tls13Ciphers(),
                    tls.reuse(), tls.tickets(), tls.verifyHost(), tls.checkSsl(),
                    sni.isPresent() ? sni : tls.checkSni(), alpn.isEmpty() ? tls.checkAlpn() : alpn, tls.noSsl(),
                    tls.configurable());
        }
        return new CheckTarget(serverName, address, unixPath, settings, true);
    }

    /** This target without TLS ({@code tcp-check connect} without {@code ssl} and without {@code default}). */
    public CheckTarget plain() {
        return encrypted ? new CheckTarget(serverName, address, unixPath, tls, false) : this;
    }
}
