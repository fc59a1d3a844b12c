package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The request bytes, each case captured from haproxy 2.6.12 sending the same http-check rule to a test server. */
final class HttpRequestsTest {
    private static String build(String method, String uri, String version, List<String[]> headers, String body) {
        return new String(HttpRequests.build(method, uri, version, headers, null, body), StandardCharsets.ISO_8859_1);
    }

    @Test
    void http10GetsNoConnectionHeaderAndHttp11GetsCloseLast() {
        assertThat(build("OPTIONS", "/", "HTTP/1.0", List.of(), "")).isEqualTo("OPTIONS / HTTP/1.0\r\n\r\n");
        assertThat(build("GET", "/x", "HTTP/1.1", List.of(), "")).isEqualTo(
                "GET /x HTTP/1.1\r\nconnection: close\r\n\r\n");
        assertThat(build("DELETE", "/", "HTTP/1.1", List.of(), "")).isEqualTo(
                "DELETE / HTTP/1.1\r\nconnection: close\r\n\r\n");
    }

    @Test
    void headerNamesAreLowerCasedAndTheLengthFollowsThem() {
        assertThat(build("POST", "/x", "HTTP/1.1", List.of(new String[] {"Host", "foo"}, new String[] {"X-A", "b"}),
                "hello")).isEqualTo(
                "POST /x HTTP/1.1\r\nhost: foo\r\nx-a: b\r\ncontent-length: 5\r\nconnection: close\r\n\r\nhello");
        assertThat(build("POST", "/", "HTTP/1.1", List.of(), "")).isEqualTo(
                "POST / HTTP/1.1\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
        assertThat(build("FOO", "*", "HTTP/1.0", List.of(), "")).isEqualTo(
                "FOO * HTTP/1.0\r\ncontent-length: 0\r\n\r\n");
        assertThat(build("POST", "/", "HTTP/1.0", List.of(), "abc")).isEqualTo(
                "POST / HTTP/1.0\r\ncontent-length: 3\r\n\r\nabc");
    }

    @Test
    void theConnectionHeaderLosesItsCloseAndKeepAliveTokens() {
        assertThat(build("OPTIONS", "/", "HTTP/1.1", List.<String[]>of(new String[] {"connection", "keep-alive"}),
                "")).isEqualTo("OPTIONS / HTTP/1.1\r\n\r\n");
        assertThat(build("OPTIONS", "/", "HTTP/1.0", List.<String[]>of(new String[] {"connection", "keep-alive"}),
                "")).isEqualTo("OPTIONS / HTTP/1.0\r\nconnection: keep-alive\r\n\r\n");
        assertThat(build("OPTIONS", "/", "HTTP/1.1", List.of(new String[] {"connection", "upgrade"},
                new String[] {"upgrade", "raw"}), "")).isEqualTo(
                "OPTIONS / HTTP/1.1\r\nconnection: upgrade\r\nupgrade: raw\r\n\r\n");
        assertThat(build("OPTIONS", "/", "HTTP/1.1", List.<String[]>of(new String[] {"Connection", "Close,Foo"}),
                "x")).isEqualTo(
                "OPTIONS / HTTP/1.1\r\nconnection: Foo\r\ncontent-length: 1\r\nconnection: close\r\n\r\nx");
    }

    @Test
    void versionsFrom11UpAreWrittenHttp11AndAnAbsoluteUriTakesTheHost() {
        assertThat(build("OPTIONS", "/", "HTTP/2.0", List.<String[]>of(new String[] {"a", "b"}), "")).isEqualTo(
                "OPTIONS / HTTP/1.1\r\na: b\r\nconnection: close\r\n\r\n");
        assertThat(build("OPTIONS", "/a", "HTTP/3", List.of(), "")).isEqualTo("OPTIONS /a HTTP/3\r\n\r\n");
        assertThat(build("OPTIONS", "http://h.example:8/p", "HTTP/1.1", List.<String[]>of(new String[] {"host",
                "other"}), "")).isEqualTo("OPTIONS http://other/p HTTP/1.1\r\nhost: other\r\nconnection: close\r\n\r\n");
    }
}
