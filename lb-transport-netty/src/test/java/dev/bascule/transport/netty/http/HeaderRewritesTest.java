package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import org.junit.jupiter.api.Test;

/** The Connection field as HAProxy 2.6.12 forwards it (each value seen at a server behind haproxy). */
final class HeaderRewritesTest {
    private static String clean(String value) {
        return HeaderRewrites.cleanConnectionValue(value).toString();
    }

    private static CharSequence same(String value) {
        return HeaderRewrites.cleanConnectionValue(value);
    }

    @Test
    void closeAndKeepAliveTokensLeaveTheValueOthersStay() {
        assertThat(clean("x-foo, keep-alive, te")).isEqualTo("x-foo,te");
        assertThat(clean("close, x-foo")).isEqualTo("x-foo");
        assertThat(clean("keep-alive, x-d")).isEqualTo("x-d");
        assertThat(clean("te, close")).isEqualTo("te");
        assertThat(clean("Keep-Alive")).isEmpty();
        assertThat(clean("CLOSE")).isEmpty();
    }

    @Test
    void aValueWithoutThoseTokensIsTheSameInstanceAsWritten() {
        String value = "x-a , x-b";
        assertThat(same(value)).isSameAs(value);
        String upgrade = "Upgrade";
        assertThat(same(upgrade)).isSameAs(upgrade);
        // a token that only starts like one of them stays
        assertThat(clean("closed, keep-alive-x")).isEqualTo("closed, keep-alive-x");
        // a comma inside a quoted string does not end a token
        assertThat(clean("\"a,close\", close")).isEqualTo("\"a,close\"");
    }

    @Test
    void linesLeftEmptyGoTheOthersKeepTheirPlace() {
        HttpHeaders headers = new DefaultHttpHeaders();
        headers.add("host", "x");
        headers.add("connection", "x-a");
        headers.add("connection", "close");
        headers.add("te", "trailers");
        headers.add("connection", "te, keep-alive");
        headers.add("keep-alive", "timeout=5");
        HeaderRewrites.cleanConnection(headers);
        HttpHeaders single = new DefaultHttpHeaders();
        single.add("connection", "Keep-Alive");
        single.add("host", "x");
        HeaderRewrites.cleanConnection(single);
        assertThat(single.names()).containsExactly("host");
        assertThat(headers.entries()).extracting(e -> e.getKey() + ": " + e.getValue())
                .containsExactly("host: x", "connection: x-a", "te: trailers", "connection: te", "keep-alive: timeout=5");
    }

    private static String closing(HttpVersion version, boolean pretend, String... connection) {
        HttpRequest request = new DefaultHttpRequest(version, HttpMethod.GET, "/");
        request.headers().add("host", "h");
        for (String value : connection) {
            request.headers().add("connection", value);
        }
        HeaderRewrites.prepareClosingForServer(request, pretend);
        StringBuilder lines = new StringBuilder();
        request.headers().forEach(e -> lines.append(e.getKey()).append(": ").append(e.getValue()).append('|'));
        return lines.toString();
    }

    @Test
    void aClosingRequestSaysSoToTheServerUnlessItPretendsKeepAlive() {
        // each as haproxy 2.6.12 sent it with option http-server-close (and http-pretend-keepalive)
        assertThat(closing(HttpVersion.HTTP_1_1, false)).isEqualTo("host: h|connection: close|");
        assertThat(closing(HttpVersion.HTTP_1_1, false, "keep-alive")).isEqualTo("host: h|connection: close|");
        assertThat(closing(HttpVersion.HTTP_1_0, false, "keep-alive")).isEqualTo("host: h|");
        assertThat(closing(HttpVersion.HTTP_1_1, true, "close")).isEqualTo("host: h|");
        assertThat(closing(HttpVersion.HTTP_1_0, true)).isEqualTo("host: h|connection: keep-alive|");
        assertThat(closing(HttpVersion.HTTP_1_1, false, "x-a, close")).isEqualTo("host: h|connection: x-a|connection: close|");
    }

    @Test
    void anUpgradeIsLeftAsItIs() {
        assertThat(closing(HttpVersion.HTTP_1_1, false, "Upgrade")).isEqualTo("host: h|connection: Upgrade|");
        assertThat(closing(HttpVersion.HTTP_1_0, true, "keep-alive, upgrade")).isEqualTo("host: h|connection: upgrade|");
        HttpHeaders headers = new DefaultHttpHeaders();
        assertThat(HeaderRewrites.hasUpgradeToken(headers)).isFalse();
        headers.add("connection", "x-upgrade, \"upgrade\"");
        assertThat(HeaderRewrites.hasUpgradeToken(headers)).isFalse();
        headers.add("connection", "te,UPGRADE ");
        assertThat(HeaderRewrites.hasUpgradeToken(headers)).isTrue();
    }
}
