package dev.bascule.transport.netty.tls;

import static java.util.Objects.requireNonNull;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * One certificate, its chain as the file has it, and its key, handed to the TLS library as they
 * are. Netty's {@code keyManager(key, chain)} goes through a Java key store, which refuses a chain
 * whose certificates do not each issue the previous one; OpenSSL (hence HAProxy) sends such a
 * chain as written, and so does this.
 */
final class ChainKeyManager extends X509ExtendedKeyManager {
    private static final String ALIAS = "crt";

    private final X509Certificate[] chain;
    private final PrivateKey key;

    ChainKeyManager(List<X509Certificate> chain, PrivateKey key) {
        this.chain = chain.toArray(new X509Certificate[0]);
        this.key = requireNonNull(key, "key");
    }

    /** Whether the key suits what the library asks for ({@code RSA}, {@code EC}, {@code EC_EC}...). */
    private boolean suits(String keyType) {
        String algorithm = key.getAlgorithm();
        return keyType.equals(algorithm) || keyType.startsWith("EC") && algorithm.equals("EC")
                || keyType.equals("RSASSA-PSS") && algorithm.equals("RSA");
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return suits(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        for (String keyType : keyTypes) {
            if (suits(keyType)) {
                return ALIAS;
            }
        }
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return suits(keyType) ? ALIAS : null;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
