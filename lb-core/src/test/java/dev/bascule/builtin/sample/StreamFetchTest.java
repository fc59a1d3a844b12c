package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;

/**
 * Header lists, captures, body, connection and proxy fetches, clock and process fetches. Expected
 * values from haproxy 2.6.12 (lf-string returns, curl).
 */
final class StreamFetchTest {
    @Test
    void headerLinesAndNames() throws Exception {
        // haproxy 2.6.12: req.hdrs is "host: ...\r\n...\r\n\r\n", names lower case, hdr_names(ab) joins with 'a'
        TestingTraffic traffic = TestingTraffic.request("GET", "/x").header("Host", "127.0.0.1:23002")
                .header("X-A", "1, 2").header("cookie", "a=1");
        assertThat(single(fetch("req.hdrs"), traffic))
                .isEqualTo("host: 127.0.0.1:23002\r\nx-a: 1, 2\r\ncookie: a=1\r\n\r\n");
        assertThat(single(fetch("req.hdr_names"), traffic)).isEqualTo("host,x-a,cookie");
        assertThat(single(fetch("req.hdr_names", "ab"), traffic)).isEqualTo("hostax-aacookie");
        assertThat(single(fetch("req.hdrs"), TestingTraffic.request("GET", "/"))).isEqualTo("\r\n");
        assertThat(single(fetch("req.hdr_names"), TestingTraffic.request("GET", "/"))).isEqualTo("");
        // haproxy 2.6.12: res.hdr_names=set-cookie,set-cookie,set-cookie,content-length,content-type; res.ver 1.1
        TestingTraffic response = TestingTraffic.request(null, null, "HTTP/1.1").header("Set-Cookie", "a=1")
                .header("Content-Length", "2");
        TestingTraffic answered = TestingTraffic.request("GET", "/").response(response);
        assertThat(single(fetch("res.hdr_names", ";"), answered)).isEqualTo("set-cookie;content-length");
        assertThat(single(fetch("res.ver"), answered)).isEqualTo("1.1");
        assertThat(single(fetch("resp_ver"), answered)).isEqualTo("1.1");
        assertThat(single(fetch("res.ver"), traffic)).isNull();
    }

    @Test
    void captures() throws Exception {
        // haproxy 2.6.12, "capture request header host len 5" and "x-a len 20", X-A sent twice (1 then 2):
        // capture.req.hdr(0)=local, (1)=2, (2) absent; method GET, uri /a?b, ver HTTP/1.1;
        // through a proxy, "GET http://ex.com/p?q HTTP/1.0": uri /p?q, ver HTTP/1.0
        TestingTraffic traffic = TestingTraffic.request("GET", "/a?b").captures("GET /a?b HTTP/1.1", "local", "2");
        assertThat(single(fetch("capture.req.hdr", "0"), traffic)).isEqualTo("local");
        assertThat(single(fetch("capture.req.hdr", "1"), traffic)).isEqualTo("2");
        assertThat(single(fetch("capture.req.hdr", "2"), traffic)).isNull();
        assertThat(single(fetch("capture.req.hdr", "-1"), traffic)).isNull();
        assertThat(single(fetch("capture.req.method"), traffic)).isEqualTo("GET");
        assertThat(single(fetch("capture.req.uri"), traffic)).isEqualTo("/a?b");
        assertThat(single(fetch("capture.req.ver"), traffic)).isEqualTo("HTTP/1.1");
        TestingTraffic proxied = TestingTraffic.request("GET", "http://ex.com/p?q", "HTTP/1.0")
                .captures("GET http://ex.com/p?q HTTP/1.0");
        assertThat(single(fetch("capture.req.uri"), proxied)).isEqualTo("/p?q");
        assertThat(single(fetch("capture.req.ver"), proxied)).isEqualTo("HTTP/1.0");
        TestingTraffic answered = TestingTraffic.request("GET", "/")
                .response(TestingTraffic.request(null, null, "HTTP/1.1")).responseCaptures("text/plain");
        assertThat(single(fetch("capture.res.hdr", "0"), answered)).isEqualTo("text/plain");
        assertThat(single(fetch("capture.res.ver"), answered)).isEqualTo("HTTP/1.1");
        assertThat(single(fetch("capture.res.ver"), traffic)).isNull();
        assertThatThrownBy(() -> fetch("capture.req.hdr", "x"))
                .hasMessage("fetch method 'capture.req.hdr' : failed to parse 'x' as type 'integer' at position 1");
        assertThatThrownBy(() -> fetch("capture.req.hdr"))
                .hasMessage("fetch method 'capture.req.hdr' : expected type 'integer' at position 1, but got nothing");
    }

    @Test
    void body() throws Exception {
        // haproxy 2.6.12 with option http-buffer-request: body "y&x=1&x=2" gives req.body itself,
        // req.body_len 9, req.body_size 9; a request without body gives "" and 0, 0
        TestingTraffic traffic = TestingTraffic.request("POST", "/").body("y&x=1&x=2", 9);
        Sample sample = new Sample().reset(false);
        assertThat(fetch("req.body").fetch(traffic, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.BINARY);
        assertThat(sample.toString()).isEqualTo("y&x=1&x=2");
        assertThat(single(fetch("req.body_len"), traffic)).isEqualTo("9");
        assertThat(single(fetch("req.body_size"), traffic)).isEqualTo("9");
        TestingTraffic partial = TestingTraffic.request("POST", "/").body("abc", 10);
        assertThat(single(fetch("req.body_len"), partial)).isEqualTo("3");
        assertThat(single(fetch("req.body_size"), partial)).isEqualTo("10");
        TestingTraffic empty = TestingTraffic.request("GET", "/").body("", 0);
        assertThat(single(fetch("req.body"), empty)).isEqualTo("");
        assertThat(single(fetch("req.body_len"), empty)).isEqualTo("0");
        // not waited for: absent (HAProxy would see what had arrived)
        assertThat(single(fetch("req.body"), TestingTraffic.request("POST", "/"))).isNull();
        assertThat(single(fetch("req.body_len"), TestingTraffic.request("POST", "/"))).isNull();
    }

    @Test
    void connectionAddressesIgnoreSetSrc() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/").source("10.0.0.1", 1234)
                .connectionSource("127.0.0.1", 40634).destination("127.0.0.1", 23002);
        assertThat(single(fetch("src"), traffic)).isEqualTo("10.0.0.1");
        assertThat(single(fetch("fc_src"), traffic)).isEqualTo("127.0.0.1");
        assertThat(single(fetch("fc_src_port"), traffic)).isEqualTo("40634");
        assertThat(single(fetch("fc_dst"), traffic)).isEqualTo("127.0.0.1");
        assertThat(single(fetch("fc_dst_port"), traffic)).isEqualTo("23002");
    }

    @Test
    void proxyIdsAndFirstRequest() throws Exception {
        TrafficView traffic = new TrafficView() {
            @Override
            public InetSocketAddress source() {
                return new InetSocketAddress("127.0.0.1", 1);
            }

            @Override
            public InetSocketAddress destination() {
                return new InetSocketAddress("127.0.0.1", 2);
            }

            @Override
            public CharSequence method() {
                return "GET";
            }

            @Override
            public int frontendId() {
                return 2;
            }

            @Override
            public int backendId() {
                return 3;
            }

            @Override
            public boolean firstRequest() {
                return true;
            }

            @Override
            public int usableServers(CharSequence backend) {
                if (backend == null) {
                    return 2;
                }
                return backend.toString().equals("bk") ? 1 : -1;
            }
        };
        // haproxy 2.6.12: two usable active servers (a third with weight 0) give 2; only backups give 1
        assertThat(single(fetch("nbsrv"), traffic)).isEqualTo("2");
        assertThat(single(fetch("nbsrv", "bk"), traffic)).isEqualTo("1");
        assertThat(single(fetch("nbsrv", "nosuch"), traffic)).isNull();
        assertThat(single(fetch("nbsrv"), TestingTraffic.connection())).isNull();
        // haproxy 2.6.12: frontend f1 declared second, its backend b2 third: fe_id=2 be_id=3
        assertThat(single(fetch("fe_id"), traffic)).isEqualTo("2");
        assertThat(single(fetch("be_id"), traffic)).isEqualTo("3");
        assertThat(single(fetch("http_first_req"), traffic)).isEqualTo("true");
        assertThat(single(fetch("fe_id"), TestingTraffic.connection())).isNull();
        assertThat(single(fetch("http_first_req"), TestingTraffic.connection())).isNull();
        assertThat(single(fetch("http_first_req"), TestingTraffic.request("GET", "/"))).isEqualTo("false");
    }

    @Test
    void clockAndProcess() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/");
        long before = System.currentTimeMillis();
        long seconds = Long.parseLong(single(fetch("date"), traffic));
        long millis = Long.parseLong(single(fetch("date", "0", "ms"), traffic));
        long micros = Long.parseLong(single(fetch("date", "-5", "us"), traffic));
        long after = System.currentTimeMillis();
        assertThat(seconds).isBetween(before / 1000, after / 1000);
        assertThat(millis).isBetween(before, after);
        assertThat(micros + 5).isBetween(before * 1000, after * 1000 + 999);
        assertThat(Long.parseLong(single(fetch("date", "3600"), traffic))).isBetween(before / 1000 + 3600, after / 1000 + 3600);
        assertThat(Long.parseLong(single(fetch("date_us"), traffic))).isBetween(0L, 999_999L);
        assertThatThrownBy(() -> fetch("date", "1", "xx"))
                .hasMessage("invalid args in fetch method 'date' : expects 's', 'ms' or 'us', got 'xx'");
        assertThatThrownBy(() -> fetch("date", "x"))
                .hasMessage("fetch method 'date' : failed to parse 'x' as type 'integer' at position 1");
        // haproxy 2.6.12: rand(0)=0, rand(1)=0, rand(-1)=4294967295 (the range read as unsigned)
        for (int i = 0; i < 50; i++) {
            assertThat(single(fetch("rand", "0"), traffic)).isEqualTo("0");
            assertThat(single(fetch("rand", "1"), traffic)).isEqualTo("0");
            assertThat(Long.parseLong(single(fetch("rand", "6"), traffic))).isBetween(0L, 5L);
            assertThat(Long.parseLong(single(fetch("rand"), traffic))).isBetween(0L, 0xffff_ffffL);
            // 0 only when the draw is 0 itself
            assertThat(single(fetch("rand", "-1"), traffic)).isIn("4294967295", "0");
        }
        assertThat(single(fetch("hostname"), traffic)).isNotEmpty();
        assertThatThrownBy(() -> fetch("hostname", "1")).hasMessage("fetch method 'hostname' : expected ')' before '1'");
    }
}
