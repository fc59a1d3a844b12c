package dev.bascule.transport.netty.tls;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;

import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSslContextOption;
import io.netty.handler.ssl.OpenSslServerContext;
import io.netty.handler.ssl.OpenSslSessionTicketKey;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.internal.tcnative.SSL;
import io.netty.util.Mapping;
import io.netty.util.concurrent.Future;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * The TLS side of one {@code bind ... ssl} listener: an {@link SslContext} per certificate,
 * built once when the listener opens, and the SNI mapping from the certificates' names to
 * them (exact names first, then {@code *.domain} for one label, else the first certificate,
 * as HAProxy chooses). Each connection gets a handler first in its pipeline.
 */
public final class TlsListener {
    /** The TLS 1.3 suites BoringSSL has, always all enabled: it cannot restrict them. */
    static final List<String> TLS13_SUITES =
            List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256");

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
    private final TlsSettings.Options options;
    /** The certificates by name, for {@code strict-sni}. */
    private final SniMapping names;

    private TlsListener(Mapping<String, SslContext> mapping, SniMapping names, long handshakeTimeoutMillis,
                        TlsSettings.Options options) {
        this.mapping = mapping;
        this.names = names;
        this.handshakeTimeoutMillis = handshakeTimeoutMillis;
        this.options = options;
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
        SniMapping names = new SniMapping();
        TlsProvider effective = providerFor(settings, provider);
        OpenSslSessionTicketKey ticketKey = settings.options().tickets() ? ticketKey() : null;
        for (TlsCertificate certificate : settings.certificates()) {
            SslContext context = context(certificate, settings, effective);
            if (ticketKey != null && context instanceof OpenSslServerContext) {
                // one key for the listener, as HAProxy's per-bind keys: a session resumes whatever the SNI
                ((OpenSslServerContext) context).sessionContext().setTicketKeys(ticketKey);
            }
            if (defaultContext == null) {
                defaultContext = context;
            }
            names.add(certificate, context);
        }
        SslContext fallback = requireNonNull(defaultContext, "defaultContext");
        TlsWarmUp.handshake(fallback, effective);
        Mapping<String, SslContext> mapping = hostname -> {
            SslContext found = names.find(hostname);
            return found != null ? found : fallback;
        };
        return new TlsListener(mapping, names,
                handshakeTimeoutMillis > 0 ? handshakeTimeoutMillis : DEFAULT_HANDSHAKE_TIMEOUT_MILLIS,
                settings.options());
    }

    /** A random session ticket key (name, HMAC and AES keys), as HAProxy makes at start. */
    private static OpenSslSessionTicketKey ticketKey() {
        SecureRandom random = new SecureRandom();
        byte[] name = new byte[OpenSslSessionTicketKey.NAME_SIZE];
        byte[] hmac = new byte[OpenSslSessionTicketKey.HMAC_KEY_SIZE];
        byte[] aes = new byte[OpenSslSessionTicketKey.AES_KEY_SIZE];
        random.nextBytes(name);
        random.nextBytes(hmac);
        random.nextBytes(aes);
        return new OpenSslSessionTicketKey(name, hmac, aes);
    }

    /**
     * BoringSSL enables its three TLS 1.3 suites whatever is asked: a {@code ciphersuites} that
     * leaves one out is served by the JDK's TLS, which restricts them as OpenSSL does.
     */
    static TlsProvider providerFor(TlsSettings settings, TlsProvider provider) {
        if (provider == TlsProvider.OPENSSL && !settings.tls13Ciphers().isEmpty()
                && settings.protocols().contains("TLSv1.3")
                && !settings.tls13Ciphers().containsAll(TLS13_SUITES)) {
            return TlsProvider.JDK;
        }
        return provider;
    }

    /** The suites in the server's order: TLS 1.3 first (as OpenSSL lists them), then the others. */
    static List<String> ciphers(TlsSettings settings) {
        List<String> ciphers = new ArrayList<>();
        if (settings.ciphers().isEmpty() && settings.tls13Ciphers().isEmpty()) {
            return DEFAULT_CIPHERS;
        }
        ciphers.addAll(settings.tls13Ciphers().isEmpty() ? TLS13_SUITES : settings.tls13Ciphers());
        if (settings.ciphers().isEmpty()) {
            for (String cipher : DEFAULT_CIPHERS) {
                if (!TLS13_SUITES.contains(cipher)) {
                    ciphers.add(cipher);
                }
            }
        } else {
            ciphers.addAll(settings.ciphers());
        }
        return ciphers;
    }


    private static SslContext context(TlsCertificate certificate, TlsSettings settings, TlsProvider provider)
            throws SSLException {
        List<String> protocols = new ArrayList<>(settings.protocols());
        Collections.reverse(protocols);
        SslContextBuilder builder = SslContextBuilder.forServer(
                        new ChainKeyManager(certificate.chain(), certificate.key()))
                .sslProvider(provider.netty())
                .protocols(protocols)
                .ciphers(ciphers(settings), SupportedCipherSuiteFilter.INSTANCE);
        if (!settings.curves().isEmpty() && provider == TlsProvider.OPENSSL) {
            builder.option(OpenSslContextOption.GROUPS, settings.curves().toArray(new String[0]));
        }
        TlsSettings.ClientVerification verification = settings.clientVerification();
        if (verification.verify() != TlsSettings.Verify.NONE) {
            builder.clientAuth(verification.verify() == TlsSettings.Verify.REQUIRED ? ClientAuth.REQUIRE
                    : ClientAuth.OPTIONAL);
            builder.trustManager(ClientTrust.trustManager(verification));
        }
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
        pipeline.addFirst("tls", new RecordingSniHandler(this));
    }

    /** Whether {@code strict-sni} refuses this name (null: the client sent none). */
    private boolean refused(String hostname) {
        return options.strictSni() && names.find(hostname) == null;
    }

    /**
     * Keeps the name the client asked for, so that {@link TlsInfo#serverName} needs no lookup,
     * refuses names {@code strict-sni} does not serve, and sets the engine's per-connection
     * options ({@code no-tls-tickets}, {@code prefer-client-ciphers}).
     */
    private static final class RecordingSniHandler extends SniHandler {
        private final TlsListener listener;

        RecordingSniHandler(TlsListener listener) {
            super(listener.mapping, MAX_CLIENT_HELLO_LENGTH, listener.handshakeTimeoutMillis);
            this.listener = listener;
        }

        @Override
        protected Future<SslContext> lookup(ChannelHandlerContext ctx, String hostname) throws Exception {
            if (listener.refused(hostname)) {
                return ctx.executor().newFailedFuture(new SSLHandshakeException(
                        "strict-sni: no certificate for " + (hostname == null ? "a hello without SNI" : hostname)));
            }
            return super.lookup(ctx, hostname);
        }

        @Override
        protected SslHandler newSslHandler(SslContext context, ByteBufAllocator allocator) {
            SslHandler handler = super.newSslHandler(context, allocator);
            SSLEngine engine = handler.engine();
            if (!listener.options.tickets() && engine instanceof ReferenceCountedOpenSslEngine) {
                SSL.setOptions(((ReferenceCountedOpenSslEngine) engine).sslPointer(), SSL.SSL_OP_NO_TICKET);
            }
            SSLParameters parameters = engine.getSSLParameters();
            parameters.setUseCipherSuitesOrder(!listener.options.preferClientCiphers());
            engine.setSSLParameters(parameters);
            return handler;
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
