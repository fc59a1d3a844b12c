package dev.bascule.transport.netty.tls;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.util.DomainWildcardMappingBuilder;
import io.netty.util.Mapping;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLException;

/**
 * The TLS side of one {@code bind ... ssl} listener: an {@link SslContext} per certificate,
 * built once when the listener opens, and the SNI mapping from the certificates' names to
 * them (exact names first, then {@code *.domain} for one label, else the first certificate,
 * as HAProxy chooses). Each connection gets a handler first in its pipeline.
 */
public final class TlsListener {
    /** HAProxy 2.6's default {@code ssl-min-ver TLSv1.2}; the highest it knows is TLSv1.3. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /**
     * The ciphers HAProxy 2.6 offers without {@code ciphers} / {@code ssl-default-bind-ciphers}:
     * OpenSSL 3.0's {@code DEFAULT} list, in its order (the server's preference), in the JDK's
     * names; those the TLS provider lacks (BoringSSL has no DHE) are left out when the context is
     * built. Netty's own default list has no ChaCha20 for TLS 1.2, which HAProxy accepts.
     */
    static final List<String> DEFAULT_CIPHERS = List.of(
            "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
            "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
            "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA",
            "TLS_RSA_WITH_AES_128_CBC_SHA");

    /**
     * The largest client hello buffered while the SNI is read, HAProxy's {@code tune.bufsize}
     * (Netty's default would let each connection hold 16 MiB).
     */
    private static final int MAX_CLIENT_HELLO_LENGTH = 16_384;
    /** SslHandler's default, for frontends without {@code timeout client}. */
    private static final long DEFAULT_HANDSHAKE_TIMEOUT_MILLIS = 10_000;

    private final Mapping<String, SslContext> mapping;
    private final long handshakeTimeoutMillis;

    private TlsListener(Mapping<String, SslContext> mapping, long handshakeTimeoutMillis) {
        this.mapping = mapping;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    /**
     * Builds the contexts (control plane).
     *
     * @param handshakeTimeoutMillis the frontend's {@code timeout client}, which bounds the
     *                               handshake in HAProxy; 0 for none set
     */
    public static TlsListener create(TlsSettings settings, TlsProvider provider, long handshakeTimeoutMillis)
            throws SSLException {
        requireNonNull(settings, "settings");
        requireNonNull(provider, "provider");
        SslContext defaultContext = null;
        DomainWildcardMappingBuilder<SslContext> builder = null;
        Set<String> mapped = new HashSet<>();
        for (TlsCertificate certificate : settings.certificates()) {
            SslContext context = context(certificate, settings, provider);
            if (builder == null) {
                defaultContext = context;
                builder = new DomainWildcardMappingBuilder<>(defaultContext);
            }
            for (String name : certificate.names()) {
                // the first certificate loaded with a name keeps it
                if (acceptable(name) && mapped.add(name)) {
                    builder.add(name, context);
                }
            }
        }
        return new TlsListener(requireNonNull(builder, "builder").build(),
                handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : DEFAULT_HANDSHAKE_TIMEOUT_MILLIS);
    }

    /** Netty's builder takes host names and {@code *.domain}; anything else cannot match an SNI anyway. */
    private static boolean acceptable(String name) {
        int star = name.indexOf('*');
        return star < 0 || (star == 0 && name.startsWith("*.") && name.indexOf('*', 1) < 0);
    }

    private static SslContext context(TlsCertificate certificate, TlsSettings settings, TlsProvider provider)
            throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(certificate.key(), certificate.chain())
                .sslProvider(provider.netty())
                .protocols(PROTOCOLS)
                .ciphers(DEFAULT_CIPHERS, SupportedCipherSuiteFilter.INSTANCE);
        if (!settings.alpn().isEmpty()) {
            // no common protocol: go on without ALPN, as HAProxy (OpenSSL's SSL_TLSEXT_ERR_NOACK)
            builder.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, settings.alpn()));
        }
        return builder.build();
    }

    /**
     * Puts the TLS handler first in a new connection's pipeline, and behind it the gate that
     * keeps the rest of the pipeline from seeing the connection before its handshake succeeds.
     */
    public void configure(ChannelPipeline pipeline) {
        pipeline.addFirst("tls-gate", new HandshakeGate());
        pipeline.addFirst("tls", new RecordingSniHandler(mapping, handshakeTimeoutMillis));
    }

    /** Keeps the name the client asked for, so that {@link TlsInfo#serverName} needs no lookup. */
    private static final class RecordingSniHandler extends SniHandler {
        RecordingSniHandler(Mapping<String, SslContext> mapping, long handshakeTimeoutMillis) {
            super(mapping, MAX_CLIENT_HELLO_LENGTH, handshakeTimeoutMillis);
        }

        @Override
        protected void replaceHandler(ChannelHandlerContext ctx, String hostname, SslContext sslContext)
                throws Exception {
            if (hostname != null) {
                ctx.channel().attr(TlsInfo.SERVER_NAME).set(hostname);
            }
            super.replaceHandler(ctx, hostname, sslContext);
        }
    }
}
