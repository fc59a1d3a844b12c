package dev.bascule.transport.netty.tls;

import dev.bascule.api.config.TlsSettings;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateRevokedException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust in client certificates of {@code verify optional|required}: the {@code ca-file}
 * authorities, and with {@code crl-file} a revocation check of every certificate of the chain
 * (OpenSSL's {@code X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL}, HAProxy's setting).
 */
final class ClientTrust {
    private ClientTrust() {
    }

    /**
     * The trust manager of the listener: Java's PKIX checks, their failures told to the TLS
     * library as OpenSSL's verify errors so that the client gets OpenSSL's alert (an unknown
     * issuer: {@code unknown_ca}, as from HAProxy; BoringSSL would otherwise send {@code internal_error}).
     */
    static TrustManager trustManager(TlsSettings.ClientVerification verification) throws SSLException {
        return new Listener(pkix(verification.authorities(), verification.revocations()),
                verification.ignoredCertificateErrors(), verification.ignoredCaErrors());
    }

    /** The session values where an ignored verification error is kept for the connection's fetches. */
    static final String VERIFY_RESULT = "bascule.ssl_c_verify";
    static final String CERTIFICATE_ERROR = "bascule.ssl_c_err";
    static final String CA_ERROR = "bascule.ssl_c_ca_err";

    /**
     * A listener's client verification, HAProxy's {@code ssl_sock_bind_verifycbk()}: an error that
     * {@code crt-ignore-err} (on the client's certificate) or {@code ca-ignore-err} (on an
     * authority of its chain) lists lets the handshake go on, and is kept in the handshake's
     * session for {@code ssl_c_verify}, {@code ssl_c_err} and {@code ssl_c_ca_err}. Java's PKIX
     * check stops at the first error where OpenSSL reports each: after an ignored one, the rest of
     * the chain is not checked.
     */
    private static final class Listener extends X509ExtendedTrustManager {
        private final X509TrustManager delegate;
        private final long ignoredCertificateErrors;
        private final long ignoredCaErrors;

        Listener(X509TrustManager delegate, long ignoredCertificateErrors, long ignoredCaErrors) {
            this.delegate = delegate;
            this.ignoredCertificateErrors = ignoredCertificateErrors;
            this.ignoredCaErrors = ignoredCaErrors;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            try {
                delegate.checkClientTrusted(chain, authType);
            } catch (CertificateException e) {
                int code = verifyError(e);
                boolean authority = errorDepth(e) > 0;
                long ignored = authority ? ignoredCaErrors : ignoredCertificateErrors;
                if (code > 0 && code < 64 && (ignored & (1L << code)) != 0 && engine != null
                        && engine.getHandshakeSession() != null) {
                    SSLSession session = engine.getHandshakeSession();
                    session.putValue(VERIFY_RESULT, code);
                    session.putValue(authority ? CA_ERROR : CERTIFICATE_ERROR, code);
                    return;
                }
                throw new OpenSslCertificateException(e.getMessage(), e, code);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            checkClientTrusted(chain, authType, (SSLEngine) null);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType, (SSLEngine) null);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            delegate.checkServerTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }

    /**
     * Where in the chain a PKIX failure is, OpenSSL's error depth: 0 for the client's certificate,
     * more for an authority. An issuer that cannot be found is an error on the certificate (0).
     */
    static int errorDepth(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertPathValidatorException validator && validator.getIndex() >= 0) {
                return validator.getIndex();
            }
        }
        return 0;
    }

    /** OpenSSL's {@code X509_V_ERR_*} for a PKIX failure. */
    static int verifyError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateExpiredException) {
                return CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
            }
            if (cause instanceof CertificateNotYetValidException) {
                return CertificateVerifier.X509_V_ERR_CERT_NOT_YET_VALID;
            }
            if (cause instanceof CertificateRevokedException) {
                return CertificateVerifier.X509_V_ERR_CERT_REVOKED;
            }
            if (cause instanceof CertPathValidatorException) {
                CertPathValidatorException.Reason reason = ((CertPathValidatorException) cause).getReason();
                if (reason == CertPathValidatorException.BasicReason.EXPIRED) {
                    return CertificateVerifier.X509_V_ERR_CERT_HAS_EXPIRED;
                }
                if (reason == CertPathValidatorException.BasicReason.NOT_YET_VALID) {
                    return CertificateVerifier.X509_V_ERR_CERT_NOT_YET_VALID;
                }
                if (reason == CertPathValidatorException.BasicReason.REVOKED) {
                    return CertificateVerifier.X509_V_ERR_CERT_REVOKED;
                }
                if (reason == CertPathValidatorException.BasicReason.UNDETERMINED_REVOCATION_STATUS) {
                    return CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_CRL;
                }
            }
            if (cause instanceof CertPathBuilderException) {
                return CertificateVerifier.X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY;
            }
        }
        return CertificateVerifier.X509_V_ERR_UNSPECIFIED;
    }

    /** Java's PKIX checks against {@code authorities}, and {@code revocations} when there are any. */
    static X509TrustManager pkix(List<X509Certificate> authorities, List<X509CRL> revocations) throws SSLException {
        for (TrustManager manager : factory(authorities, revocations).getTrustManagers()) {
            if (manager instanceof X509TrustManager) {
                return (X509TrustManager) manager;
            }
        }
        throw new SSLException("certificate authorities: no X.509 trust manager");
    }

    private static TrustManagerFactory factory(List<X509Certificate> authorities, List<X509CRL> revocations)
            throws SSLException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("ca-" + index++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            if (revocations.isEmpty()) {
                factory.init(store);
                return factory;
            }
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, null);
            parameters.setRevocationEnabled(true);
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(revocations)));
            factory.init(new CertPathTrustManagerParameters(parameters));
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SSLException("certificate authorities: " + e.getMessage(), e);
        }
    }
}
