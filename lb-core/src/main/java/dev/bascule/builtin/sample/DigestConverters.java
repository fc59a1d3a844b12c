package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.Variables;

import java.security.DigestException;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HAProxy's message digest converters ({@code sample.c}, {@code ssl_sample.c}): {@code sha1},
 * {@code sha2([bits])} and {@code digest(name)}, through the JDK's {@link MessageDigest}. Each
 * event-loop thread keeps its own digest and buffers, so a call allocates nothing and shares no
 * mutable state with another thread.
 */
final class DigestConverters {
    /** OpenSSL's digest names (as {@code EVP_get_digestbyname()} reads them, any case) the JDK serves. */
    private static final Map<String, String> JDK_NAMES = Map.ofEntries(
            Map.entry("md5", "MD5"), Map.entry("ssl3-md5", "MD5"), Map.entry("rsa-md5", "MD5"),
            Map.entry("sha1", "SHA-1"), Map.entry("sha-1", "SHA-1"), Map.entry("ssl3-sha1", "SHA-1"),
            Map.entry("rsa-sha1", "SHA-1"),
            Map.entry("sha224", "SHA-224"), Map.entry("sha-224", "SHA-224"), Map.entry("sha2-224", "SHA-224"),
            Map.entry("rsa-sha224", "SHA-224"),
            Map.entry("sha256", "SHA-256"), Map.entry("sha-256", "SHA-256"), Map.entry("sha2-256", "SHA-256"),
            Map.entry("rsa-sha256", "SHA-256"),
            Map.entry("sha384", "SHA-384"), Map.entry("sha-384", "SHA-384"), Map.entry("sha2-384", "SHA-384"),
            Map.entry("rsa-sha384", "SHA-384"),
            Map.entry("sha512", "SHA-512"), Map.entry("sha-512", "SHA-512"), Map.entry("sha2-512", "SHA-512"),
            Map.entry("rsa-sha512", "SHA-512"),
            Map.entry("sha512-224", "SHA-512/224"), Map.entry("sha-512/224", "SHA-512/224"),
            Map.entry("sha2-512/224", "SHA-512/224"),
            Map.entry("sha512-256", "SHA-512/256"), Map.entry("sha-512/256", "SHA-512/256"),
            Map.entry("sha2-512/256", "SHA-512/256"),
            Map.entry("sha3-224", "SHA3-224"), Map.entry("sha3-256", "SHA3-256"), Map.entry("sha3-384", "SHA3-384"),
            Map.entry("sha3-512", "SHA3-512"));

    /** Digests OpenSSL 3 knows by name and the JDK does not provide. */
    private static final Set<String> OPENSSL_ONLY = Set.of("md4", "rsa-md4", "md5-sha1", "ripemd160", "ripemd",
            "rmd160", "ripemd-160", "sm3", "blake2b512", "blake2s256", "shake128", "shake256", "whirlpool", "mdc2",
            "md2", "keccak-kmac-128", "keccak-kmac-256");

    private DigestConverters() {
    }

    /** One thread's digest and buffers. */
    private static final class Digester {
        private final MessageDigest digest;
        private final byte[] input = new byte[512];
        private final byte[] output = new byte[64];

        Digester(String algorithm) {
            try {
                digest = MessageDigest.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(algorithm, e);
            }
        }
    }

    /** A converter hashing the binary input with {@code algorithm} into a binary result. */
    static SampleConverter converter(String algorithm) throws InvalidArgumentException {
        try {
            MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidArgumentException("digest algorithm '" + algorithm + "' is not implemented by Bascule"
                    + " (this Java runtime lacks it)");
        }
        ThreadLocal<Digester> digesters = ThreadLocal.withInitial(() -> new Digester(algorithm));
        return (traffic, sample) -> {
            Digester digester = digesters.get();
            MessageDigest digest = digester.digest;
            byte[] input = digester.input;
            CharSequence text = sample.text();
            int end = sample.end();
            for (int i = sample.start(); i < end; ) {
                int n = Math.min(input.length, end - i);
                for (int k = 0; k < n; k++) {
                    input[k] = (byte) text.charAt(i + k);
                }
                digest.update(input, 0, n);
                i += n;
            }
            int length;
            try {
                length = digest.digest(digester.output, 0, digester.output.length);
            } catch (DigestException e) {
                digest.reset();
                return false;
            }
            StringBuilder out = sample.scratch();
            for (int i = 0; i < length; i++) {
                out.append((char) (digester.output[i] & 0xff));
            }
            sample.setString(out);
            sample.castTo(SampleType.BINARY);
            return true;
        };
    }

    /** {@code sha1}: the 20-byte SHA-1 of the input. */
    static SampleConverter sha1(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.none(keyword, arguments);
        return converter("SHA-1");
    }

    /** {@code sha2([bits])}: SHA-224, -256 (the default), -384 or -512, with HAProxy's messages. */
    static SampleConverter sha2(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 1);
        long bits = SampleArguments.optionalInteger(arguments, 0, 256);
        if (bits != 224 && bits != 256 && bits != 384 && bits != 512) {
            throw new InvalidArgumentException("Unsupported number of bits: '" + bits + "'");
        }
        return converter("SHA-" + bits);
    }

    /** {@code digest(name)}: the digest OpenSSL calls {@code name}, when the JDK has it. */
    static SampleConverter digest(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 1);
        String name = arguments.isEmpty() ? "" : arguments.get(0);
        String lower = name.toLowerCase(Locale.ROOT);
        String algorithm = JDK_NAMES.get(lower);
        if (algorithm == null) {
            if (OPENSSL_ONLY.contains(lower)) {
                throw new InvalidArgumentException("digest algorithm '" + name + "' is not implemented by Bascule");
            }
            throw new InvalidArgumentException("algorithm must be a valid OpenSSL message digest name.");
        }
        return converter(algorithm);
    }

    /**
     * {@code hmac(alg,key)}: the HMAC of the binary input with the digest OpenSSL calls
     * {@code alg}, keyed with the base64 {@code key}, or the base64 in the variable {@code key}
     * names (HAProxy's {@code sample_conv_hmac()}); no sample when the key does not decode.
     */
    static SampleConverter hmac(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 2) {
            throw new InvalidArgumentException("expects 2 arguments");
        }
        String lower = arguments.get(0).toLowerCase(Locale.ROOT);
        String algorithm = JDK_NAMES.get(lower);
        if (algorithm == null) {
            if (OPENSSL_ONLY.contains(lower)) {
                throw new InvalidArgumentException("hmac algorithm '" + arguments.get(0) + "' is not implemented by"
                        + " Bascule");
            }
            throw new InvalidArgumentException("failed to parse 'hmac' algorithm '" + arguments.get(0) + "'");
        }
        String mac = "Hmac" + algorithm.replace("-", "").replace("/", "");
        try {
            Mac.getInstance(mac);
        } catch (NoSuchAlgorithmException e) {
            throw new InvalidArgumentException("hmac algorithm '" + arguments.get(0) + "' is not implemented by Bascule"
                    + " (this Java runtime lacks it)");
        }
        String key = arguments.get(1);
        boolean variable = Variables.validName(key);
        ThreadLocal<Mac> macs = ThreadLocal.withInitial(() -> {
            try {
                return Mac.getInstance(mac);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(mac, e);
            }
        });
        ThreadLocal<Sample> holders = VariableConverters.holders();
        return (traffic, sample) -> {
            CharSequence encoded = VariableConverters.literalOrVariable(traffic, key, variable, holders);
            if (encoded == null) {
                return false;
            }
            byte[] secret;
            try {
                secret = Base64.getDecoder().decode(encoded.toString());
            } catch (IllegalArgumentException e) {
                return false;
            }
            Mac engine = macs.get();
            try {
                // the JDK's key spec refuses an empty key: one zero byte pads to the same HMAC key
                engine.init(new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, mac));
            } catch (InvalidKeyException e) {
                return false;
            }
            CharSequence text = sample.text();
            for (int i = sample.start(); i < sample.end(); i++) {
                engine.update((byte) text.charAt(i));
            }
            byte[] result = engine.doFinal();
            StringBuilder out = sample.scratch();
            for (byte b : result) {
                out.append((char) (b & 0xff));
            }
            sample.setString(out);
            sample.castTo(SampleType.BINARY);
            return true;
        };
    }
}
