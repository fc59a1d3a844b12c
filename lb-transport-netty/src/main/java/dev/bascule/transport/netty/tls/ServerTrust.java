package dev.bascule.transport.netty.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * {@code verify required} towards a server, as HAProxy's {@code ssl_sock_srv_verifycbk()}: the
 * chain must lead to a {@code ca-file} authority, then, when a name is expected ({@code verifyhost},
 * else the SNI sent), the certificate must carry it: a subject alternative DNS name, else a common
 * name, a {@code *} standing for the whole first label only. The expected name is the engine's peer
 * host, which {@link ServerTlsContexts} sets to it, or to something that is not a host name when
 * none is expected.
 */
final class ServerTrust extends X509ExtendedTrustManager {
    private final X509TrustManager pkix;

    ServerTrust(X509TrustManager pkix) {
        this.pkix = requireNonNull(pkix, "pkix");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
        String expected = engine == null ? null : engine.getPeerHost();
        if (expected != null && isHostName(expected) && !matches(chain[0], expected)) {
            throw new CertificateException("the server's certificate does not match '" + expected + "'");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        pkix.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a connection to a server has no client to trust");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    /** A DNS name (letters, digits, dashes, dots), not an IP literal nor a socket path. */
    static boolean isHostName(String name) {
        boolean letter = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_') {
                letter = true;
            } else if (!(c >= '0' && c <= '9' || c == '.')) {
                return false;
            }
        }
        return letter && !name.isEmpty();
    }

    /** HAProxy's order: the DNS subject alternative names; only without any, the common names. */
    static boolean matches(X509Certificate certificate, String expected) throws CertificateParsingException {
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            for (List<?> entry : certificate.getSubjectAlternativeNames()) {
                if (entry.size() >= 2 && Integer.valueOf(2).equals(entry.get(0)) && entry.get(1) instanceof String) {
                    names.add((String) entry.get(1));
                }
            }
        }
        if (names.isEmpty()) {
            try {
                for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                    if (rdn.getType().equalsIgnoreCase("CN")) {
                        names.add(rdn.getValue().toString());
                    }
                }
            } catch (InvalidNameException e) {
                return false;
            }
        }
        for (String name : names) {
            if (hostMatches(name, expected)) {
                return true;
            }
        }
        return false;
    }

    /** HAProxy's {@code ssl_sock_srv_hostcheck()}: exact, or {@code *.rest} for one first label. */
    static boolean hostMatches(String pattern, String host) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String h = host.toLowerCase(Locale.ROOT);
        if (p.equals(h)) {
            return true;
        }
        if (!p.startsWith("*.")) {
            return false;
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot).equals(p.substring(1));
    }
}
