package dev.bascule.builtin.sample;

import dev.bascule.api.Nullable;

import java.security.cert.X509Certificate;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;

/**
 * OpenSSL's names of a certificate's algorithms, as HAProxy writes them in samples
 * ({@code ssl_c_sig_alg}, {@code ssl_c_key_alg}) and in PROXY v2 TLVs ({@code cert-sig},
 * {@code cert-key}).
 */
public final class OpenSslNames {
    private OpenSslNames() {
    }

    /** OpenSSL's short name of the signature algorithm ({@code OBJ_nid2sn()}): {@code RSA-SHA256}. */
    public static String signatureAlgorithm(X509Certificate certificate) {
        String name = certificate.getSigAlgName();
        String upper = name.toUpperCase(Locale.ROOT);
        int with = upper.indexOf("WITH");
        if (with > 0) {
            String digest = upper.substring(0, with);
            String key = upper.substring(with + 4);
            if (key.equals("RSA")) {
                return "RSA-" + digest;
            }
            if (key.equals("ECDSA")) {
                return "ecdsa-with-" + digest;
            }
            if (key.equals("DSA")) {
                return "dsa_with_" + digest;
            }
        }
        return switch (upper) {
            case "ED25519" -> "ED25519";
            case "ED448" -> "ED448";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> name;
        };
    }

    /** OpenSSL's name of the public key's algorithm ({@code OBJ_nid2sn()}): {@code rsaEncryption}. */
    public static String keyAlgorithm(X509Certificate certificate) {
        String algorithm = certificate.getPublicKey().getAlgorithm();
        return switch (algorithm) {
            case "RSA" -> "rsaEncryption";
            case "EC" -> "id-ecPublicKey";
            case "DSA" -> "dsaEncryption";
            case "Ed25519", "EdDSA" -> "ED25519";
            case "Ed448" -> "ED448";
            case "RSASSA-PSS" -> "RSASSA-PSS";
            default -> algorithm;
        };
    }

    /**
     * HAProxy's {@code cert_get_pkey_algo()}: {@code RSA2048}, {@code EC256}, {@code DSA1024}; null
     * for another kind of key.
     */
    public static @Nullable String keyAlgorithmBits(X509Certificate certificate) {
        java.security.PublicKey key = certificate.getPublicKey();
        if (key instanceof RSAPublicKey rsa) {
            return "RSA" + rsa.getModulus().bitLength();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC" + ec.getParams().getCurve().getField().getFieldSize();
        }
        if (key instanceof DSAPublicKey dsa) {
            return "DSA" + dsa.getParams().getP().bitLength();
        }
        return null;
    }
}
