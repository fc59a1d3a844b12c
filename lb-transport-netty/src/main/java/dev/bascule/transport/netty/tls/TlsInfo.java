package dev.bascule.transport.netty.tls;

import dev.bascule.api.Nullable;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.ssl.CipherSuiteConverter;
import io.netty.handler.ssl.SniHandler;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AttributeKey;

import javax.net.ssl.SSLSession;

/**
 * What a client connection's TLS layer knows, for rules and sample fetches ({@code ssl_fc},
 * {@code ssl_fc_sni}, {@code ssl_fc_alpn}). Event-loop safe and allocation-free: each method
 * reads what Netty already holds (the pipeline, the engine's negotiated protocol) or the one
 * channel attribute set when the SNI lookup completed.
 */
public final class TlsInfo {
    /** The server name the client sent, lower case, set once per connection by the SNI handler. */
    static final AttributeKey<String> SERVER_NAME = AttributeKey.valueOf(TlsInfo.class, "serverName");

    private TlsInfo() {
    }

    /** Whether the connection came in on an {@code ssl} listener (the handshake may still be running). */
    public static boolean isTls(Channel clientChannel) {
        ChannelPipeline pipeline = clientChannel.pipeline();
        return pipeline.context(SslHandler.class) != null || pipeline.context(SniHandler.class) != null;
    }

    /**
     * The server name (SNI) the client sent in its hello; null without TLS or SNI. Netty's SNI
     * parser lower-cases it, where HAProxy's {@code ssl_fc_sni} keeps the client's case: only a
     * case-sensitive comparison of a mixed-case name can tell.
     */
    public static @Nullable String serverName(Channel clientChannel) {
        return clientChannel.hasAttr(SERVER_NAME) ? clientChannel.attr(SERVER_NAME).get() : null;
    }

    /**
     * The cipher of the connection's TLS session in OpenSSL's naming, as HAProxy's
     * {@code ssl_fc_cipher} and {@code %sslc} write it; null without TLS or before the handshake.
     * Netty caches the name conversion: nothing is allocated once a cipher was seen.
     */
    public static @Nullable String cipher(Channel clientChannel) {
        SSLSession session = session(clientChannel);
        if (session == null) {
            return null;
        }
        String java = session.getCipherSuite();
        if (java == null || java.equals("SSL_NULL_WITH_NULL_NULL")) {
            return null;
        }
        String openSsl = CipherSuiteConverter.toOpenSsl(java, false);
        return openSsl != null ? openSsl : java;
    }

    /** The TLS version of the connection ({@code TLSv1.3}), as HAProxy's {@code ssl_fc_protocol}; null without TLS. */
    public static @Nullable String protocol(Channel clientChannel) {
        SSLSession session = session(clientChannel);
        if (session == null || session.getCipherSuite() == null
                || session.getCipherSuite().equals("SSL_NULL_WITH_NULL_NULL")) {
            return null;
        }
        return session.getProtocol();
    }

    private static javax.net.ssl.@Nullable SSLSession session(Channel clientChannel) {
        SslHandler ssl = clientChannel.pipeline().get(SslHandler.class);
        if (ssl == null || !ssl.handshakeFuture().isSuccess()) {
            return null;
        }
        return ssl.engine().getSession();
    }

    /** The protocol chosen by ALPN ({@code http/1.1}); null without TLS, before the handshake, or without ALPN. */
    public static @Nullable String alpn(Channel clientChannel) {
        SslHandler ssl = clientChannel.pipeline().get(SslHandler.class);
        if (ssl == null) {
            return null;
        }
        String protocol = ssl.applicationProtocol();
        return protocol == null || protocol.isEmpty() ? null : protocol;
    }

    /** The client's certificate once the handshake is done; null without TLS or without one. */
    public static java.security.cert.@Nullable X509Certificate clientCertificate(Channel clientChannel) {
        SSLSession session = session(clientChannel);
        if (session == null) {
            return null;
        }
        try {
            java.security.cert.Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate
                    ? (java.security.cert.X509Certificate) chain[0] : null;
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return null;
        }
    }

    /**
     * A client verification error the listener let pass ({@code crt-ignore-err},
     * {@code ca-ignore-err}): {@code which} is {@code ssl_c_verify}, {@code ssl_c_err} or
     * {@code ssl_c_ca_err}; 0 ({@code X509_V_OK}) for none.
     */
    public static int verifyError(Channel clientChannel, String which) {
        SSLSession session = session(clientChannel);
        if (session == null) {
            return 0;
        }
        String key = switch (which) {
            case "ssl_c_err" -> ClientTrust.CERTIFICATE_ERROR;
            case "ssl_c_ca_err" -> ClientTrust.CA_ERROR;
            default -> ClientTrust.VERIFY_RESULT;
        };
        return session.getValue(key) instanceof Integer code ? code : 0;
    }

    /** The chain the peer presented, its certificate first; empty without TLS or without one. */
    public static java.util.List<java.security.cert.X509Certificate> peerChain(Channel channel) {
        SSLSession session = session(channel);
        if (session == null) {
            return java.util.List.of();
        }
        try {
            java.util.List<java.security.cert.X509Certificate> chain = new java.util.ArrayList<>();
            for (java.security.cert.Certificate each : session.getPeerCertificates()) {
                if (each instanceof java.security.cert.X509Certificate x509) {
                    chain.add(x509);
                }
            }
            return chain;
        } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
            return java.util.List.of();
        }
    }

    /** The certificate this side presented (chosen by SNI); null without TLS or before the handshake. */
    public static java.security.cert.@Nullable X509Certificate frontendCertificate(Channel clientChannel) {
        SSLSession session = session(clientChannel);
        java.security.cert.Certificate[] chain = session == null ? null : session.getLocalCertificates();
        return chain != null && chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate
                ? (java.security.cert.X509Certificate) chain[0] : null;
    }
}
