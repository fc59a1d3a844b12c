package dev.bascule.transport.netty.tls;

import dev.bascule.api.config.TlsSettings;

import io.netty.handler.ssl.OpenSslCertificateException;
import io.netty.internal.tcnative.CertificateVerifier;

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
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
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
        X509TrustManager delegate = pkix(verification.authorities(), verification.revocations());
        return new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                try {
                    delegate.checkClientTrusted(chain, authType);
                } catch (CertificateException e) {
                    throw new OpenSslCertificateException(e.getMessage(), e, verifyError(e));
                }
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
                delegate.checkServerTrusted(chain, authType);
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return delegate.getAcceptedIssuers();
            }
        };
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
