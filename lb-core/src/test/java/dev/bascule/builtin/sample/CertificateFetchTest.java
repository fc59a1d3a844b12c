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
    void datesAreUtcTimeBefore2050AndGeneralizedTimeFrom2050() {
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2026-12-07T15:24:24Z")))).isEqualTo("261207152424Z");
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2049-12-31T23:59:59Z")))).isEqualTo("491231235959Z");
        assertThat(CertificateFetch.asn1Time(Date.from(Instant.parse("2050-01-01T00:00:00Z"))))
                .isEqualTo("20500101000000Z");
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
