package dev.bascule.transport.netty.tls;

import dev.bascule.api.config.TlsSettings;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.X509Certificate;

import javax.net.ssl.CertPathTrustManagerParameters;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * The trust in client certificates of {@code verify optional|required}: the {@code ca-file}
 * authorities, and with {@code crl-file} a revocation check of every certificate of the chain
 * (OpenSSL's {@code X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL}, HAProxy's setting).
 */
final class ClientTrust {
    private ClientTrust() {
    }

    static TrustManagerFactory trustManager(TlsSettings.ClientVerification verification) throws SSLException {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate authority : verification.authorities()) {
                store.setCertificateEntry("ca-" + index++, authority);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
            if (verification.revocations().isEmpty()) {
                factory.init(store);
                return factory;
            }
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(store, null);
            parameters.setRevocationEnabled(true);
            parameters.addCertStore(CertStore.getInstance("Collection",
                    new CollectionCertStoreParameters(verification.revocations())));
            factory.init(new CertPathTrustManagerParameters(parameters));
            return factory;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new SSLException("client certificate authorities: " + e.getMessage(), e);
        }
    }
}
