package dev.bascule.api.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ServerTls;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The server to probe.
 *
 * @param serverName  the server's name
 * @param address     the address to probe (the server's, or its {@code addr}/{@code port} override);
 *                    for a UNIX socket server, an unresolved placeholder named {@code unix}
 * @param unixPath    the UNIX socket to probe instead of {@code address}; empty for an IP server
 * @param tls         the server's TLS settings (its {@code ca-file}, {@code crt}, {@code check-sni}...),
 *                    used when {@code encrypted}
 * @param encrypted   whether a probe connection makes a TLS handshake first ({@code check-ssl}, or
 *                    {@code ssl} on a server checked on its own address)
 * @param serverState the server's state as HAProxy's {@code httpchk_build_status_header()} writes it for
 *                    {@code http-check send-state} ({@code "UP 1/3; address=192.0.2.1; port=80; name=b/s;
 *                    node=lb1; weight=1/2; scur=0/0; qcur=0"}), read when a probe sends it; null when the
 *                    core gives none
 * @param backendName the name of the server's backend ({@code be_name} in a check's expressions), empty when
 *                    the core gives none
 * @param proxyHeader whether a probe's connection starts with a PROXY protocol header ({@code check-send-proxy},
 *                    or {@code send-proxy} on a server checked on its own address and port), in
 *                    {@code proxyVersion}: version 1 with the probe connection's own addresses, version 2 a
 *                    {@code LOCAL} command, as haproxy 2.6 sends them
 * @param proxyVersion the header's version: the server's ({@code send-proxy-v2}), else version 1; also what a
 *                    {@code tcp-check connect send-proxy} writes
 */
public record CheckTarget(String serverName, InetSocketAddress address, Optional<String> unixPath, ServerTls tls,
                          boolean encrypted, @Nullable Supplier<String> serverState, String backendName,
                          boolean proxyHeader, ProxyProtocol proxyVersion) {
    public CheckTarget {
        requireNonNull(proxyVersion, "proxyVersion");
        requireNonNull(serverName, "serverName");
        requireNonNull(address, "address");
        requireNonNull(unixPath, "unixPath");
        requireNonNull(tls, "tls");
        requireNonNull(backendName, "backendName");
    }

    /** A target without PROXY protocol header. */
    public CheckTarget(String serverName, InetSocketAddress address, Optional<String> unixPath, ServerTls tls,
                       boolean encrypted, @Nullable Supplier<String> serverState, String backendName) {
        this(serverName, address, unixPath, tls, encrypted, serverState, backendName, false, ProxyProtocol.V1);
    }

    /** This target with a PROXY protocol header on its probes' connections, or without ({@code tcp-check connect}). */
    public CheckTarget withProxyHeader(boolean header) {
        return new CheckTarget(serverName, address, unixPath, tls, encrypted, serverState, backendName, header,
                proxyVersion);
    }

    /** A plain TCP target (the record of API 1.3). */
    public CheckTarget(String serverName, InetSocketAddress address) {
        this(serverName, address, Optional.empty(), ServerTls.NONE, false);
    }

    /** A target without its state and backend name. */
    public CheckTarget(String serverName, InetSocketAddress address, Optional<String> unixPath, ServerTls tls,
                       boolean encrypted) {
        this(serverName, address, unixPath, tls, encrypted, null, "");
    }

    /** A plain TCP target with its state ({@code http-check send-state}). */
    public CheckTarget(String serverName, InetSocketAddress address, @Nullable Supplier<String> serverState) {
        this(serverName, address, Optional.empty(), ServerTls.NONE, false, serverState, "");
    }

    /** This target with the server's state and its backend's name, for the checks that send or read them. */
    public CheckTarget withServer(@Nullable Supplier<String> state, String backend) {
        return new CheckTarget(serverName, address, unixPath, tls, encrypted, state, backend, proxyHeader,
                proxyVersion);
    }

    /** This target on another port (a {@code tcp-check connect port}); a UNIX socket keeps its path. */
    public CheckTarget withPort(int port) {
        if (unixPath.isPresent() || address.isUnresolved()) {
            return this;
        }
        return new CheckTarget(serverName, new InetSocketAddress(address.getAddress(), port), unixPath, tls, encrypted,
                serverState, backendName, proxyHeader, proxyVersion);
    }

    /**
     * This target probed over TLS with the server's settings and this server name and ALPN, as
     * HAProxy's {@code tcpcheck_eval_connect()} sets them: with {@code inherit} (a {@code connect
     * default}), an empty name or list is the server's {@code check-sni}/{@code check-alpn}; without,
     * none is sent. Since API 1.4.
     */
    public CheckTarget encrypted(Optional<String> sni, List<String> alpn, boolean inherit) {
        ServerTls settings = tls;
        if (!inherit || sni.isPresent() || !alpn.isEmpty()) {
            Optional<String> name = sni.isPresent() || !inherit ? sni : tls.checkSni();
            List<String> protocols = !alpn.isEmpty() || !inherit ? alpn : tls.checkAlpn();
            // a check's ALPN falls back on the server's 'alpn' when empty: a connect without one has none
            List<String> serverAlpn = inherit ? tls.alpn() : List.of();
            settings = new ServerTls(tls.enabled(), tls.verifyRequired(), tls.authorities(), tls.revocations(),
                    tls.certificate(), tls.sni(), serverAlpn, tls.protocols(), tls.ciphers(), tls.tls13Ciphers(),
                    tls.reuse(), tls.tickets(), tls.verifyHost(), tls.checkSsl(), name, protocols, tls.noSsl(),
                    tls.configurable());
        }
        return new CheckTarget(serverName, address, unixPath, settings, true, serverState, backendName, proxyHeader,
                proxyVersion);
    }

    /** This target without TLS ({@code tcp-check connect} without {@code ssl} and without {@code default}). */
    public CheckTarget plain() {
        return encrypted ? new CheckTarget(serverName, address, unixPath, tls, false, serverState, backendName,
                proxyHeader, proxyVersion) : this;
    }
}
