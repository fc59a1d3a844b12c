package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;

import org.junit.jupiter.api.Test;

/** The Connection field as HAProxy 2.6.12 forwards it (each value seen at a server behind haproxy). */
final class HeaderRewritesTest {
    @Test
    void closeAndKeepAliveTokensLeaveTheValueOthersStay() {
        assertThat(HeaderRewrites.cleanConnectionValue("x-foo, keep-alive, te")).isEqualTo("x-foo,te");
        assertThat(HeaderRewrites.cleanConnectionValue("close, x-foo")).isEqualTo("x-foo");
        assertThat(HeaderRewrites.cleanConnectionValue("keep-alive, x-d")).isEqualTo("x-d");
        assertThat(HeaderRewrites.cleanConnectionValue("te, close")).isEqualTo("te");
        assertThat(HeaderRewrites.cleanConnectionValue("Keep-Alive")).isEmpty();
        assertThat(HeaderRewrites.cleanConnectionValue("CLOSE")).isEmpty();
    }

    @Test
    void aValueWithoutThoseTokensIsTheSameInstanceAsWritten() {
        String value = "x-a , x-b";
        assertThat(HeaderRewrites.cleanConnectionValue(value)).isSameAs(value);
        String upgrade = "Upgrade";
        assertThat(HeaderRewrites.cleanConnectionValue(upgrade)).isSameAs(upgrade);
        // a token that only starts like one of them stays
        assertThat(HeaderRewrites.cleanConnectionValue("closed, keep-alive-x")).isEqualTo("closed, keep-alive-x");
        // a comma inside a quoted string does not end a token
        assertThat(HeaderRewrites.cleanConnectionValue("\"a,close\", close")).isEqualTo("\"a,close\"");
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
        assertThat(headers.entries()).extracting(e -> e.getKey() + ": " + e.getValue())
                .containsExactly("host: x", "connection: x-a", "te: trailers", "connection: te", "keep-alive: timeout=5");
    }
}
