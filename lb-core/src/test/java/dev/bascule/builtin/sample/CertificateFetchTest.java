package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Date;
import java.util.stream.Collectors;

import javax.security.auth.x500.X500Principal;

import org.junit.jupiter.api.Test;

/** The formats of the certificate fetches, as OpenSSL writes them (the IT compares them with HAProxy's). */
final class CertificateFetchTest {
    @Test
    void datesHaveTwoYearDigitsInTheTwoThousandsAndNoneOtherwise() {
        // ssl_sock_get_time(): a GeneralizedTime of 20xx loses its century, others give no sample
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2026-12-07T15:24:24Z")))).isEqualTo("261207152424Z");
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2049-12-31T23:59:59Z")))).isEqualTo("491231235959Z");
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2050-01-01T00:00:00Z")))).isEqualTo("500101000000Z");
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("1999-01-01T00:00:00Z")))).isNull();
    }

    @Test
    void validityIsReadFromTheCertificatesOwnEncoding(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        // 9500 days from now ends past 2049: openssl writes that notAfter as a GeneralizedTime
        java.nio.file.Path pem = dir.resolve("long.crt");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "9500", "-subj", "/CN=long",
                "-keyout", dir.resolve("long.key").toString(), "-out", pem.toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        org.junit.jupiter.api.Assumptions.assumeTrue(openssl.waitFor() == 0, "openssl is not installed");
        java.security.cert.X509Certificate certificate;
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(pem)) {
            certificate = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                    .getInstance("X.509").generateCertificate(in);
        }
        assertThat(CertificateFetch.validity(certificate, 0)).isEqualTo(CertificateFetch.asn1Time(certificate.getNotBefore()));
        assertThat(CertificateFetch.validity(certificate, 1)).isEqualTo(CertificateFetch.asn1Time(certificate.getNotAfter()))
                .hasSize(13);
    }

    @Test
    void namesListTheirEntriesInDerOrderWithOpensslsShortNames() {
        X500Principal name = new X500Principal(
                "EMAILADDRESS=one@example.com, CN=client one, OU=Web, OU=Ops, O=\"Example, Inc\", C=FR");
        assertThat(CertificateFetch.entries(name).stream().map(entry -> entry[0] + "=" + entry[1])
                .collect(Collectors.joining("/", "/", ""))).isEqualTo(
                "/C=FR/O=Example, Inc/OU=Ops/OU=Web/CN=client one/emailAddress=one@example.com");
    }
}
