package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code req.proto_http} on raw request bytes: whole heads, heads still coming, and what is no head. */
final class ProtoHttpFetchTest {
    @Test
    void aWholeRequestHeadIsHttp() {
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(1);
        assertThat(ProtoHttpFetch.head("POST /x?y=1 HTTP/1.0\r\n\r\nbody")).isEqualTo(1);
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\nHost: a\n\n")).isEqualTo(1);
        assertThat(ProtoHttpFetch.head("GET /\r\n\r\n")).isEqualTo(1);
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n")).isEqualTo(1);
    }

    @Test
    void aHeadCutShortMayStillBecomeOne() {
        for (String prefix : new String[] {"", "G", "GET", "GET ", "GET /", "GET / HTTP/1", "GET / HTTP/1.1\r",
                "GET / HTTP/1.1\r\n", "GET / HTTP/1.1\r\nHost", "GET / HTTP/1.1\r\nHost: a\r\n\r"}) {
            assertThat(ProtoHttpFetch.head(prefix)).as(prefix).isZero();
        }
    }

    @Test
    void otherBytesAreNoHead() {
        assertThat(ProtoHttpFetch.head("\u0016\u0003\u0001\u0002\u0000")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("SSH-2.0-OpenSSH_9.2\r\n")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("GET / FTP/1.0\r\n\r\n")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("POST /\r\n\r\n")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\rX")).isEqualTo(-1);
        assertThat(ProtoHttpFetch.head("GET / HTTP/1.1\r\n folded-first\r\n\r\n")).isEqualTo(-1);
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\n");
        for (int i = 0; i < 101; i++) {
            many.append("h").append(i).append(": v\r\n");
        }
        assertThat(ProtoHttpFetch.head(many.append("\r\n"))).isEqualTo(-1);
    }
}
