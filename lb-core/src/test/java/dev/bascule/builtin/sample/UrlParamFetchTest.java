package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.all;
import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** url_param, urlp_val and req.body_param; expected values from haproxy 2.6.12 (lf-string returns). */
final class UrlParamFetchTest {
    @Test
    void delimiterIsWhereTheListStarts() throws Exception {
        // haproxy 2.6.12, /p?x=a:x=b: urlp(x)=a:x=b, urlp(x,:)=b, urlp()=a:x=b, urlp_val(x)=0
        TestingTraffic traffic = TestingTraffic.request("GET", "/p?x=a:x=b");
        assertThat(single(fetch("urlp", "x"), traffic)).isEqualTo("a:x=b");
        assertThat(single(fetch("url_param", "x", ":"), traffic)).isEqualTo("b");
        assertThat(single(fetch("urlp"), traffic)).isEqualTo("a:x=b");
        assertThat(single(fetch("urlp_val", "x"), traffic)).isEqualTo("0");
        assertThat(single(fetch("url_param", "x", "#"), traffic)).isNull();
    }

    @Test
    void withoutNameTheValueAfterTheFirstEqualSign() throws Exception {
        // haproxy 2.6.12, /p?y&x&z=3: urlp(x) absent, urlp()=3, urlp_val()=3
        TestingTraffic traffic = TestingTraffic.request("GET", "/p?y&x&z=3");
        assertThat(single(fetch("urlp", "x"), traffic)).isNull();
        assertThat(single(fetch("urlp"), traffic)).isEqualTo("3");
        assertThat(single(fetch("urlp_val"), traffic)).isEqualTo("3");
        assertThat(single(fetch("urlp_val", "x"), traffic)).isNull();
    }

    @Test
    void firstValueOutsideAclsEveryValueInThem() throws Exception {
        // haproxy 2.6.12, /p?x=a&x=b: urlp(x)=a; both "urlp(x) -m str a" and "-m str b" match
        TestingTraffic traffic = TestingTraffic.request("GET", "/p?x=a&x=b;x=;y=1");
        assertThat(single(fetch("urlp", "x"), traffic)).isEqualTo("a");
        assertThat(all(fetch("urlp", "x"), traffic)).containsExactly("a", "b", "");
        assertThat(all(fetch("urlp"), traffic)).containsExactly("a", "b", "", "1");
    }

    @Test
    void integersReadAsStrl2ic() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/?a=+12&b=1.5&c=-3x&d=");
        assertThat(single(fetch("urlp_val", "a"), traffic)).isEqualTo("-488");
        assertThat(single(fetch("urlp_val", "b"), traffic)).isEqualTo("85");
        assertThat(single(fetch("urlp_val", "c"), traffic)).isEqualTo("-3");
        assertThat(single(fetch("urlp_val", "d"), traffic)).isEqualTo("0");
    }

    @Test
    void bodyParameters() throws Exception {
        // haproxy 2.6.12 with option http-buffer-request, body "y&x=1&x=2": body_param(x)=1, body_param=1;
        // chunked body "a=b": body_param(x) absent, body_param=b
        TestingTraffic traffic = TestingTraffic.request("POST", "/?x=q").body("y&x=1&x=2", 9);
        assertThat(single(fetch("req.body_param", "x"), traffic)).isEqualTo("1");
        assertThat(single(fetch("req.body_param"), traffic)).isEqualTo("1");
        assertThat(all(fetch("req.body_param", "x"), traffic)).containsExactly("1", "2");
        TestingTraffic chunked = TestingTraffic.request("POST", "/").body("a=b", 3);
        assertThat(single(fetch("req.body_param", "x"), chunked)).isNull();
        assertThat(single(fetch("req.body_param"), chunked)).isEqualTo("b");
        // not waited for: no body
        assertThat(single(fetch("req.body_param"), TestingTraffic.request("POST", "/"))).isNull();
    }
}
