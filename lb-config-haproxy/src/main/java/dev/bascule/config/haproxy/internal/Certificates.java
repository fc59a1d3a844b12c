package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsCertificate;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Loads a {@code crt} argument the way HAProxy 2.6 does ({@code ssl_sock_load_cert()}): a file
 * holds a PEM certificate, its chain and its private key (or the key sits beside it in
 * {@code <file>.key}); a directory contributes each of its regular files in byte order, skipping
 * dot files and {@code .key}, {@code .ocsp}, {@code .issuer} and {@code .sctl} files. Problems
 * are reported with HAProxy's words. Only JDK APIs are used: this runs in the loader plugin.
 */
final class Certificates {
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"};

    /** The certificates loaded from one {@code crt} argument, or HAProxy's message on failure. */
    record Loaded(List<TlsCertificate> certificates, Optional<String> error) {
    }

    private Certificates() {
    }

    static Loaded load(String path) {
        Path file = Path.of(path);
        if (!Files.exists(file)) {
            return failed("unable to stat SSL certificate from file '" + path + "' : " + statError(file) + ".");
        }
        if (!Files.isDirectory(file)) {
            List<TlsCertificate> one = new ArrayList<>(1);
            Optional<String> error = loadFile(path, one);
            return new Loaded(one, error);
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(file)) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (IOException e) {
            return failed("unable to scan directory '" + path + "' : " + strerror(e) + ".");
        }
        // scandir(..., alphasort) in the C locale: byte order
        names.sort((left, right) -> compareBytes(left, right));
        List<TlsCertificate> loaded = new ArrayList<>();
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            if (dot >= 0 && (name.startsWith(".") || name.endsWith(".issuer") || name.endsWith(".ocsp")
                    || name.endsWith(".sctl") || name.endsWith(".key"))) {
                continue;
            }
            String entry = path + "/" + name;
            if (!Files.isRegularFile(Path.of(entry))) {
                continue;
            }
            Optional<String> error = loadFile(entry, loaded);
            if (error.isPresent()) {
                return new Loaded(loaded, error);
            }
        }
        return new Loaded(loaded, Optional.empty());
    }

    /**
     * The certificates ({@code ca-file}) or revocation lists ({@code crl-file}) of a PEM file, as
     * {@code ssl_store_load_locations_file()} loads them; empty when the file cannot be read or
     * holds none.
     */
    static <T> Optional<List<T>> pemObjects(String path, Class<T> type) {
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            return Optional.empty();
        }
        String label = type == java.security.cert.X509CRL.class ? "X509 CRL" : "CERTIFICATE";
        List<T> objects = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (PemBlock block : PemBlock.parse(new String(content, StandardCharsets.ISO_8859_1))) {
                if (!block.label.equals(label)) {
                    continue;
                }
                Object object = label.equals("CERTIFICATE")
                        ? factory.generateCertificate(new ByteArrayInputStream(block.der))
                        : factory.generateCRL(new ByteArrayInputStream(block.der));
                objects.add(type.cast(object));
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
        return objects.isEmpty() ? Optional.empty() : Optional.of(objects);
    }

    /** Why a file cannot be opened, as {@code strerror()} says it. */
    static Optional<String> openError(String path) {
        Path file = Path.of(path);
        if (Files.isReadable(file)) {
            return Optional.empty();
        }
        return Optional.of(Files.exists(file) ? "Permission denied" : "No such file or directory");
    }

    private static Loaded failed(String message) {
        return new Loaded(List.of(), Optional.of(message));
    }

    private static int compareBytes(String left, String right) {
        byte[] a = left.getBytes(StandardCharsets.UTF_8);
        byte[] b = right.getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(a, b);
    }

    /** HAProxy's {@code ssl_sock_load_files_into_ckch()} for one file; adds to {@code into} on success. */
    private static Optional<String> loadFile(String path, List<TlsCertificate> into) {
        byte[] content;
        try {
            content = Files.readAllBytes(Path.of(path));
        } catch (IOException e) {
            return Optional.of("cannot open the file '" + path + "'.");
        }
        List<PemBlock> blocks = PemBlock.parse(new String(content, StandardCharsets.ISO_8859_1));
        PrivateKey key = firstKey(blocks);
        List<X509Certificate> chain = new ArrayList<>();
        boolean first = true;
        for (PemBlock block : blocks) {
            if (!block.label.equals("CERTIFICATE")) {
                continue;
            }
            Optional<X509Certificate> certificate = certificate(block);
            if (certificate.isEmpty()) {
                return Optional.of(first ? "unable to load certificate from file '" + path + "'."
                        : "unable to load certificate chain from file '" + path + "'.");
            }
            chain.add(certificate.get());
            first = false;
        }
        if (chain.isEmpty()) {
            return Optional.of("unable to load certificate from file '" + path + "'.");
        }
        if (key == null) {
            // ssl-load-extra-files defaults to "all": the key may sit beside the certificate
            String keyPath = path + ".key";
            Path keyFile = Path.of(keyPath);
            if (Files.exists(keyFile)) {
                try {
                    key = firstKey(PemBlock.parse(new String(Files.readAllBytes(keyFile),
                            StandardCharsets.ISO_8859_1)));
                } catch (IOException e) {
                    key = null;
                }
                if (key == null) {
                    return Optional.of("unable to load private key from file '" + keyPath + "'.\n '" + keyPath
                            + "' is present but cannot be read or parsed'.");
                }
            } else {
                return Optional.of("No Private Key found in '" + keyPath + "'.");
            }
        }
        if (!matches(chain.get(0).getPublicKey(), key)) {
            return Optional.of("inconsistencies between private key and certificate loaded '" + path + "'.");
        }
        into.add(new TlsCertificate(path, chain, key, names(chain.get(0))));
        return Optional.empty();
    }

    private static Optional<X509Certificate> certificate(PemBlock block) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(block.der)));
        } catch (CertificateException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The first private key block that parses, as {@code PEM_read_bio_PrivateKey()} finds it; null if none. */
    private static PrivateKey firstKey(List<PemBlock> blocks) {
        for (PemBlock block : blocks) {
            byte[] pkcs8;
            switch (block.label) {
                case "PRIVATE KEY" -> pkcs8 = block.der;
                case "RSA PRIVATE KEY" -> pkcs8 = Der.rsaToPkcs8(block.der);
                case "EC PRIVATE KEY" -> pkcs8 = Der.ecToPkcs8(block.der);
                default -> {
                    continue;
                }
            }
            if (block.encrypted || pkcs8 == null) {
                return null;
            }
            for (String algorithm : KEY_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
                } catch (GeneralSecurityException | RuntimeException e) {
                    // try the next algorithm
                }
            }
            return null;
        }
        return null;
    }

    /** OpenSSL's {@code X509_check_private_key()}: the key is the certificate's. */
    static boolean matches(PublicKey publicKey, PrivateKey key) {
        if (publicKey instanceof RSAKey && key instanceof RSAKey) {
            boolean sameModulus = ((RSAKey) publicKey).getModulus().equals(((RSAKey) key).getModulus());
            if (sameModulus && publicKey instanceof RSAPublicKey && key instanceof RSAPrivateCrtKey) {
                return ((RSAPublicKey) publicKey).getPublicExponent()
                        .equals(((RSAPrivateCrtKey) key).getPublicExponent());
            }
            return sameModulus;
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            case "Ed25519", "Ed448", "EdDSA" -> key.getAlgorithm();
            default -> null;
        };
        if (algorithm == null || !sameFamily(publicKey.getAlgorithm(), key.getAlgorithm())) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static boolean sameFamily(String publicAlgorithm, String privateAlgorithm) {
        boolean edwards = privateAlgorithm.startsWith("Ed");
        return edwards ? publicAlgorithm.startsWith("Ed") : publicAlgorithm.equals(privateAlgorithm);
    }

    /**
     * The names SNI selects the certificate by, as HAProxy's {@code ckch_inst_new_load_store()}
     * inserts them: the DNS subject alternative names, then every common name, lower case.
     */
    static List<String> names(X509Certificate certificate) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> alternative : alternatives) {
                    if (alternative.size() >= 2 && Integer.valueOf(2).equals(alternative.get(0))
                            && alternative.get(1) instanceof String) {
                        addName(names, (String) alternative.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // no usable alternative names: the common names still count
        }
        try {
            LdapName subject = new LdapName(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253));
            for (Rdn rdn : subject.getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN") && rdn.getValue() instanceof String) {
                    addName(names, (String) rdn.getValue());
                }
            }
        } catch (InvalidNameException e) {
            // no common name
        }
        return names;
    }

    private static void addName(List<String> names, String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (!lower.isEmpty() && !names.contains(lower)) {
            names.add(lower);
        }
    }

    private static String statError(Path file) {
        try {
            Files.readAttributes(file, BasicFileAttributes.class);
            return "No such file or directory";
        } catch (IOException e) {
            return strerror(e);
        }
    }

    private static String strerror(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "No such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied";
        }
        if (e instanceof NotDirectoryException) {
            return "Not a directory";
        }
        String reason = e.getMessage();
        return reason == null ? e.getClass().getSimpleName() : reason;
    }

    /** One {@code -----BEGIN X-----} ... {@code -----END X-----} block. */
    private static final class PemBlock {
        final String label;
        final byte[] der;
        final boolean encrypted;

        private PemBlock(String label, byte[] der, boolean encrypted) {
            this.label = label;
            this.der = der;
            this.encrypted = encrypted;
        }

        static List<PemBlock> parse(String text) {
            List<PemBlock> blocks = new ArrayList<>();
            int position = 0;
            while (true) {
                int begin = text.indexOf("-----BEGIN ", position);
                if (begin < 0) {
                    return blocks;
                }
                int labelEnd = text.indexOf("-----", begin + 11);
                if (labelEnd < 0) {
                    return blocks;
                }
                String label = text.substring(begin + 11, labelEnd);
                String end = "-----END " + label + "-----";
                int bodyStart = labelEnd + 5;
                int endAt = text.indexOf(end, bodyStart);
                if (endAt < 0) {
                    return blocks;
                }
                String body = text.substring(bodyStart, endAt);
                boolean encrypted = body.contains("Proc-Type:") && body.contains("ENCRYPTED");
                StringBuilder base64 = new StringBuilder(body.length());
                for (String line : body.split("\n")) {
                    if (line.indexOf(':') < 0) {
                        base64.append(line.strip());
                    }
                }
                byte[] der;
                try {
                    der = Base64.getDecoder().decode(base64.toString());
                } catch (IllegalArgumentException e) {
                    der = new byte[0];
                }
                blocks.add(new PemBlock(label, der, encrypted));
                position = endAt + end.length();
            }
        }
    }

    /** Just enough DER to wrap PKCS#1 and SEC1 keys into PKCS#8 for {@link KeyFactory}. */
    static final class Der {
        private static final byte[] RSA_ALGORITHM = {
            0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00,
        };
        private static final byte[] EC_PUBLIC_KEY_OID = {
            0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01,
        };

        private Der() {
        }

        static byte[] rsaToPkcs8(byte[] pkcs1) {
            return pkcs8(RSA_ALGORITHM, pkcs1);
        }

        /** SEC1 {@code ECPrivateKey}: the curve comes from its {@code [0] parameters}; null if absent. */
        static byte[] ecToPkcs8(byte[] sec1) {
            try {
                int[] outer = header(sec1, 0);
                int position = outer[0];
                int end = position + outer[1];
                while (position < end) {
                    int tag = sec1[position] & 0xff;
                    int[] element = header(sec1, position);
                    if (tag == 0xa0) {
                        byte[] curve = Arrays.copyOfRange(sec1, element[0], element[0] + element[1]);
                        ByteArrayOutputStream algorithm = new ByteArrayOutputStream();
                        algorithm.writeBytes(EC_PUBLIC_KEY_OID);
                        algorithm.writeBytes(curve);
                        return pkcs8(tlv(0x30, algorithm.toByteArray()), sec1);
                    }
                    position = element[0] + element[1];
                }
                return null;
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static byte[] pkcs8(byte[] algorithm, byte[] key) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(new byte[] {0x02, 0x01, 0x00});
            body.writeBytes(algorithm);
            body.writeBytes(tlv(0x04, key));
            return tlv(0x30, body.toByteArray());
        }

        /** {content offset, content length} of the element whose tag is at {@code tagAt}. */
        private static int[] header(byte[] der, int tagAt) {
            int at = tagAt + 1;
            int first = der[at] & 0xff;
            if (first < 0x80) {
                return new int[] {at + 1, first};
            }
            int count = first & 0x7f;
            if (count > 4) {
                throw new IllegalArgumentException("length too long");
            }
            int length = 0;
            for (int index = 1; index <= count; index++) {
                length = (length << 8) | (der[at + index] & 0xff);
            }
            return new int[] {at + 1 + count, length};
        }

        private static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int length = content.length;
            if (length < 0x80) {
                out.write(length);
            } else if (length < 0x100) {
                out.write(0x81);
                out.write(length);
            } else if (length < 0x10000) {
                out.write(0x82);
                out.write(length >> 8);
                out.write(length);
            } else {
                out.write(0x83);
                out.write(length >> 16);
                out.write(length >> 8);
                out.write(length);
            }
            out.writeBytes(content);
            return out.toByteArray();
        }
    }
}
