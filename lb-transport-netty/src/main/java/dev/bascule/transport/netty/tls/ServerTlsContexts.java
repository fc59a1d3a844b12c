package dev.bascule.transport.netty.tls;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ServerTls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.internal.tcnative.SSL;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The client side of TLS towards servers ({@code server ... ssl}, {@code check-ssl}): one
 * {@link SslContext} per server's settings (and ALPN), built the first time a connection needs it
 * and kept, so that sessions are resumed across connections as HAProxy does unless
 * {@code no-ssl-reuse}. Safe from any thread; a lookup allocates nothing.
 */
public final class ServerTlsContexts {
    /** A check's settings differ from the traffic's by their ALPN ({@code check-alpn}). */
    private record Key(ServerTls tls, List<String> alpn) {
    }

    private final TlsProvider provider;
    private final ConcurrentHashMap<Object, SslContext> contexts = new ConcurrentHashMap<>();

    public ServerTlsContexts(TlsProvider provider) {
        this.provider = requireNonNull(provider, "provider");
    }

    /**
     * A handler for one connection: the context kept under {@code owner} (built from {@code tls}
     * and {@code alpn} the first time), the server name sent, the name its certificate must carry.
     *
     * @param owner    what the context is kept for: the server's endpoint for traffic (compared by
     *                 identity), null to key it by the settings themselves (checks)
     * @param sni      the server name to send, null for none
     * @param peer     what identifies the server for session reuse ({@code 10.0.0.1}, a socket path)
     * @param port     its port, 0 for a UNIX socket
     */
    public SslHandler newHandler(ByteBufAllocator allocator, @Nullable Object owner, ServerTls tls, List<String> alpn,
                                 @Nullable String sni, String peer, int port, long handshakeTimeoutMillis)
            throws SSLException {
        SslContext context = prepare(owner, tls, alpn);
        // the peer host is the name the certificate must carry (ServerTrust), else something that is no host name
        String expected = sni != null ? sni : tls.verifyHost().orElse(null);
        String peerHost = tls.verifyRequired() && expected != null ? expected : "[" + peer + "]";
        SslHandler handler = tls.reuse() ? context.newHandler(allocator, peerHost, Math.max(port, 1))
                : context.newHandler(allocator, peerHost, -1);
        SSLEngine engine = handler.engine();
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(sni == null ? List.of() : List.of(new SNIHostName(sni)));
        parameters.setEndpointIdentificationAlgorithm(null);
        engine.setSSLParameters(parameters);
        if (!tls.tickets() && engine instanceof ReferenceCountedOpenSslEngine openSsl) {
            SSL.setOptions(openSsl.sslPointer(), SSL.SSL_OP_NO_TICKET);
        }
        if (handshakeTimeoutMillis > 0) {
            handler.setHandshakeTimeoutMillis(handshakeTimeoutMillis);
        }
        return handler;
    }

    /** The context kept under {@code owner} (null: under the settings), built the first time. */
    public SslContext prepare(@Nullable Object owner, ServerTls tls, List<String> alpn) throws SSLException {
        Object key = owner != null ? owner : new Key(tls, alpn);
        SslContext context = contexts.get(key);
        if (context == null) {
            context = build(tls, alpn);
            SslContext raced = contexts.putIfAbsent(key, context);
            if (raced != null) {
                context = raced;
            }
        }
        return context;
    }

    private SslContext build(ServerTls tls, List<String> alpn) throws SSLException {
        List<String> protocols = new ArrayList<>(tls.protocols());
        Collections.reverse(protocols);
        TlsProvider effective = provider == TlsProvider.OPENSSL && !tls.tls13Ciphers().isEmpty()
                && !tls.tls13Ciphers().containsAll(TlsListener.TLS13_SUITES) ? TlsProvider.JDK : provider;
        SslContextBuilder builder = SslContextBuilder.forClient()
                .sslProvider(effective.netty())
                .protocols(protocols)
                .ciphers(ciphers(tls), SupportedCipherSuiteFilter.INSTANCE)
                .endpointIdentificationAlgorithm(null);
        if (tls.verifyRequired()) {
            builder.trustManager(new ServerTrust(ClientTrust.pkix(tls.authorities(), tls.revocations())));
        } else {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE);
        }
        tls.certificate().ifPresent(certificate -> builder.keyManager(
                new ChainKeyManager(certificate.chain(), certificate.key())));
        if (!alpn.isEmpty()) {
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
        }
        if (!tls.reuse()) {
            builder.sessionCacheSize(1);
        }
        return builder.build();
    }

    /** The suites offered: TLS 1.3 first, then {@code ciphers}, or HAProxy's default list. */
    private static List<String> ciphers(ServerTls tls) {
        if (tls.ciphers().isEmpty() && tls.tls13Ciphers().isEmpty()) {
            return TlsListener.DEFAULT_CIPHERS;
        }
        List<String> ciphers = new ArrayList<>(tls.tls13Ciphers().isEmpty() ? TlsListener.TLS13_SUITES
                : tls.tls13Ciphers());
        if (tls.ciphers().isEmpty()) {
            for (String cipher : TlsListener.DEFAULT_CIPHERS) {
                if (!TlsListener.TLS13_SUITES.contains(cipher)) {
                    ciphers.add(cipher);
                }
            }
        } else {
            ciphers.addAll(tls.ciphers());
        }
        return ciphers;
    }
}
