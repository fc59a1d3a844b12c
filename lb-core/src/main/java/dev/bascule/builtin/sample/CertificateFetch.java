package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.BuiltinFetchFactory.SESSION;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.noArgument;

import dev.bascule.api.Nullable;
import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import javax.naming.InvalidNameException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * The certificate fetches of {@code src/ssl_sample.c}: {@code ssl_c_*} (the client's certificate)
 * and {@code ssl_f_*} (the frontend's), formatted as HAProxy formats them: a DN as
 * {@code /C=FR/O=Example/CN=www}, one entry's value with {@code (field[,occurrence])}, the serial,
 * SHA-1 and DER as binary, the dates as ASN.1 time ({@code YYMMDDhhmmssZ}). Computed when a rule
 * asks; nothing is kept per connection.
 */
final class CertificateFetch {
    /** OpenSSL's short names of the attributes Java prints as OIDs. */
    private static final Map<String, String> OID_NAMES = Map.of(
            "1.2.840.113549.1.9.1", "emailAddress", "2.5.4.5", "serialNumber", "2.5.4.4", "SN",
            "2.5.4.42", "GN", "2.5.4.12", "title", "2.5.4.43", "initials", "2.5.4.46", "dnQualifier",
            "2.5.4.65", "pseudonym", "2.5.4.44", "generationQualifier");
    /** Java's keywords for them, so that their values come as text, not {@code #hex}. */
    private static final Map<String, String> KEYWORDS;

    static {
        java.util.HashMap<String, String> keywords = new java.util.HashMap<>();
        OID_NAMES.forEach((oid, name) -> keywords.put(oid, name));
        KEYWORDS = Map.copyOf(keywords);
    }

    private CertificateFetch() {
    }

    static void register(List<SampleFetchFactory> fetches) {
        for (String side : new String[] {"c", "f", "s"}) {
            Function<TrafficView, X509Certificate> certificate = switch (side) {
                case "c" -> TrafficView::tlsClientCertificate;
                case "f" -> TrafficView::tlsFrontendCertificate;
                default -> traffic -> {
                    List<X509Certificate> chain = traffic.tlsServerChain();
                    return chain.isEmpty() ? null : chain.get(0);
                };
            };
            String prefix = "ssl_" + side + "_";
            fetches.add(noArgument(prefix + "sig_alg", SampleType.STRING, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                return cert != null && text(OpenSslNames.signatureAlgorithm(cert), out);
            }));
            fetches.add(noArgument(prefix + "key_alg", SampleType.STRING, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                return cert != null && text(OpenSslNames.keyAlgorithm(cert), out);
            }));
            if (!side.equals("f")) {
                Function<TrafficView, List<X509Certificate>> chain = side.equals("c") ? TrafficView::tlsClientChain
                        : TrafficView::tlsServerChain;
                // SSL_get_peer_cert_chain(): on the server's side of a connection (ssl_c_) without
                // the peer's own certificate, on the client's side (ssl_s_) with it
                int skipped = side.equals("c") ? 1 : 0;
                fetches.add(noArgument(prefix + "chain_der", SampleType.BINARY, SESSION, (traffic, out) -> {
                    List<X509Certificate> presented = chain.apply(traffic);
                    if (presented.isEmpty()) {
                        return false;
                    }
                    List<X509Certificate> certificates = presented.subList(skipped, presented.size());
                    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
                    for (X509Certificate each : certificates) {
                        byte[] der = der(each);
                        if (der == null) {
                            return false;
                        }
                        all.writeBytes(der);
                    }
                    return binary(all.toByteArray(), out);
                }));
            }
            fetches.add(new BuiltinFetchFactory(prefix + "s_dn", SampleType.STRING, SESSION,
                    (keyword, arguments) -> dn(keyword, arguments, certificate, true)));
            fetches.add(new BuiltinFetchFactory(prefix + "i_dn", SampleType.STRING, SESSION,
                    (keyword, arguments) -> dn(keyword, arguments, certificate, false)));
            fetches.add(noArgument(prefix + "serial", SampleType.BINARY, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                return cert != null && binary(magnitude(cert.getSerialNumber()), out);
            }));
            fetches.add(noArgument(prefix + "notbefore", SampleType.STRING, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                String time = cert == null ? null : validity(cert, 0);
                return time != null && text(time, out);
            }));
            fetches.add(noArgument(prefix + "notafter", SampleType.STRING, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                String time = cert == null ? null : validity(cert, 1);
                return time != null && text(time, out);
            }));
            fetches.add(noArgument(prefix + "sha1", SampleType.BINARY, SESSION, (traffic, out) -> {
                byte[] der = der(certificate.apply(traffic));
                return der != null && binary(sha1(der), out);
            }));
            fetches.add(noArgument(prefix + "der", SampleType.BINARY, SESSION, (traffic, out) -> {
                byte[] der = der(certificate.apply(traffic));
                return der != null && binary(der, out);
            }));
            fetches.add(noArgument(prefix + "version", SampleType.INTEGER, SESSION, (traffic, out) -> {
                X509Certificate cert = certificate.apply(traffic);
                if (cert == null) {
                    return false;
                }
                out.setInteger(cert.getVersion());
                return true;
            }));
        }
        // a certificate is asked for only with verify, and one that fails verification ends the
        // handshake unless crt-ignore-err or ca-ignore-err let its error pass, which is kept
        SampleFetch used = (traffic, out) -> {
            if (!traffic.secure() || traffic.tlsProtocol() == null) {
                return false;
            }
            out.setBoolean(traffic.tlsClientCertificate() != null);
            return true;
        };
        fetches.add(noArgument("ssl_c_used", SampleType.BOOLEAN, SESSION, used));
        fetches.add(noArgument("ssl_fc_has_crt", SampleType.BOOLEAN, SESSION, used));
        for (String name : new String[] {"ssl_c_verify", "ssl_c_err", "ssl_c_ca_err"}) {
            fetches.add(noArgument(name, SampleType.INTEGER, SESSION, (traffic, out) -> {
                if (!traffic.secure() || traffic.tlsProtocol() == null) {
                    return false;
                }
                out.setInteger(traffic.tlsClientVerifyError(name));
                return true;
            }));
        }
    }

    /** {@code ssl_c_s_dn([field[,occurrence]])}; HAProxy's third argument (rfc2253) is not implemented. */
    private static SampleFetch dn(String keyword, List<String> arguments, Function<TrafficView, X509Certificate> source,
                                  boolean subject) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 2);
        String named = FetchArguments.optionalString(arguments, 0);
        String field = named == null ? "" : named;
        long occurrence = FetchArguments.optionalInteger(keyword, arguments, 1, 1);
        return (traffic, out) -> {
            X509Certificate certificate = source.apply(traffic);
            if (certificate == null) {
                return false;
            }
            X500Principal name = subject ? certificate.getSubjectX500Principal() : certificate.getIssuerX500Principal();
            List<String[]> entries = entries(name);
            if (field.isEmpty()) {
                StringBuilder oneLine = out.scratch();
                for (String[] entry : entries) {
                    oneLine.append('/').append(entry[0]).append('=').append(entry[1]);
                }
                out.setString(oneLine);
                return true;
            }
            // ssl_sock_get_dn_entry(): a positive occurrence counts from the first entry, a negative from the last
            int count = 0;
            for (int index = 0; index < entries.size(); index++) {
                String[] entry = entries.get(occurrence >= 0 ? index : entries.size() - 1 - index);
                if (entry[0].equals(field) && ++count == Math.abs(occurrence)) {
                    out.setString(entry[1]);
                    return true;
                }
            }
            return false;
        };
    }

    /** The entries of a name in DER order (OpenSSL's), each {short name, value}. */
    static List<String[]> entries(X500Principal name) {
        List<String[]> entries = new ArrayList<>();
        try {
            List<Rdn> rdns = new LdapName(name.getName(X500Principal.RFC2253, KEYWORDS)).getRdns();
            for (Rdn rdn : rdns) {
                NamingEnumeration<? extends Attribute> attributes = rdn.toAttributes().getAll();
                while (attributes.hasMore()) {
                    Attribute attribute = attributes.next();
                    String type = attribute.getID();
                    Object value = attribute.get();
                    entries.add(new String[] {OID_NAMES.getOrDefault(type, type),
                            value instanceof byte[] ? new String((byte[]) value, java.nio.charset.StandardCharsets.ISO_8859_1)
                                    : String.valueOf(value)});
                }
            }
        } catch (InvalidNameException e) {
            return entries;
        } catch (NamingException e) {
            return entries;
        }
        return entries;
    }

    /** An ASN.1 INTEGER's content without the sign byte Java adds, as OpenSSL keeps it. */
    private static byte[] magnitude(BigInteger serial) {
        byte[] bytes = serial.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            return java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return bytes;
    }

    /** {@code ASN1_TIME} as X.509 writes it: UTCTime before 2050, GeneralizedTime after. */
    /**
     * {@code notBefore} (0) or {@code notAfter} (1) as HAProxy's {@code ssl_sock_get_time()}
     * prints the certificate's encoding: a UTCTime as it is (none before 2000), a GeneralizedTime
     * of the 2000s without its century ({@code 500421185942Z} for 2050), none otherwise. Falls back
     * to {@link #asn1Time} on a certificate whose DER cannot be walked.
     */
    static @Nullable String validity(X509Certificate certificate, int which) {
        try {
            byte[] tbs = certificate.getTBSCertificate();
            int[] at = {0};
            int end = enter(tbs, at, 0x30);
            if (at[0] < end && (tbs[at[0]] & 0xff) == 0xA0) {
                skip(tbs, at); // [0] version
            }
            skip(tbs, at); // serialNumber
            skip(tbs, at); // signature
            skip(tbs, at); // issuer
            enter(tbs, at, 0x30); // validity
            if (which == 1) {
                skip(tbs, at);
            }
            int tag = tbs[at[0]] & 0xff;
            int contentEnd = enter(tbs, at, tag);
            String text = new String(tbs, at[0], contentEnd - at[0], java.nio.charset.StandardCharsets.US_ASCII);
            if (tag == 0x17) {
                return text.length() < 10 || text.charAt(0) >= '5' ? null : text;
            }
            if (tag == 0x18) {
                return text.length() < 12 || !text.startsWith("20") ? null : text.substring(2);
            }
        } catch (CertificateEncodingException | RuntimeException e) {
            // below
        }
        return asn1Time(which == 0 ? certificate.getNotBefore() : certificate.getNotAfter());
    }

    /** Reads the tag and length at {@code at}, leaves {@code at} on the content, returns its end. */
    private static int enter(byte[] der, int[] at, int expectedTag) {
        int tag = der[at[0]++] & 0xff;
        if (tag != expectedTag) {
            throw new IllegalArgumentException("DER tag " + tag + ", expected " + expectedTag);
        }
        int length = der[at[0]++] & 0xff;
        if (length >= 0x80) {
            int bytes = length & 0x7f;
            length = 0;
            for (int i = 0; i < bytes; i++) {
                length = (length << 8) | (der[at[0]++] & 0xff);
            }
        }
        return at[0] + length;
    }

    private static void skip(byte[] der, int[] at) {
        at[0] = enter(der, at, der[at[0]] & 0xff);
    }

    /** A date as {@link #validity} prints it: {@code yyMMddHHmmssZ} in the 2000s, none otherwise. */
    static @Nullable String asn1Time(Date date) {
        ZonedDateTime time = date.toInstant().atZone(ZoneOffset.UTC);
        if (time.getYear() < 2000 || time.getYear() > 2099) {
            return null;
        }
        return java.time.format.DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'").format(time);
    }

    private static byte @Nullable [] der(@Nullable X509Certificate certificate) {
        if (certificate == null) {
            return null;
        }
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    private static byte[] sha1(byte[] der) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(der);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean text(String value, Sample out) {
        out.setString(value);
        return true;
    }

    private static boolean binary(byte[] bytes, Sample out) {
        StringBuilder raw = out.scratch();
        for (byte b : bytes) {
            raw.append((char) (b & 0xff));
        }
        out.setString(raw);
        out.castTo(SampleType.BINARY);
        return true;
    }
}
