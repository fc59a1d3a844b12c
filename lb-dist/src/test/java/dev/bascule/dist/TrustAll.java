package dev.bascule.dist;

import java.security.cert.X509Certificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** A TLS client for tests that look at what a server presents, not whether it is trusted. */
final class TrustAll implements X509TrustManager {
    static final TrustAll INSTANCE = new TrustAll();

    private TrustAll() {
    }

    /** A client context trusting every server, presenting {@code keys}' certificate (null: none). */
    static SSLContext context(KeyManager[] keys) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, new TrustManager[] {INSTANCE}, null);
        return context;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}
