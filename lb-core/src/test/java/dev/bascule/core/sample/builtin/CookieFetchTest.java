package dev.bascule.core.sample.builtin;

import static dev.bascule.core.sample.builtin.Samples.all;
import static dev.bascule.core.sample.builtin.Samples.fetch;
import static dev.bascule.core.sample.builtin.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Cookie fetches as HAProxy 2.6's http_extract_cookie_value() reads Cookie lines. */
final class CookieFetchTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.request("GET", "/")
            .header("Cookie", "cook1=0; cook2=123; cook3=22")
            .header("cookie", " $Version=1 ;  cook2 = \"a;b\" ; flag; cook4=")
            .header("Host", "h");

    @Test
    void countsAndValuesAsCookVtc() throws Exception {
        // cook.vtc (haproxy 2.6.12): three cookies, cook_val() is the first one's, cook_val(cook2) 123
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("cookie", "cook1=0; cook2=123; cook3=22");
        assertThat(single(fetch("req.cook_cnt"), traffic)).isEqualTo("3");
        assertThat(single(fetch("req.cook_val"), traffic)).isEqualTo("0");
        assertThat(single(fetch("req.cook_val", "cook2"), traffic)).isEqualTo("123");
    }

    @Test
    void lastValueOutsideAclsEveryValueInThem() throws Exception {
        assertThat(single(fetch("req.cook", "cook2"), TRAFFIC)).isEqualTo("\"a;b\"");
        assertThat(all(fetch("cook", "cook2"), TRAFFIC)).containsExactly("123", "\"a;b\"");
        // '$' attributes and names without '=' do not count; an empty value does
        assertThat(single(fetch("cook_cnt"), TRAFFIC)).isEqualTo("5");
        assertThat(single(fetch("cook_cnt", "cook2"), TRAFFIC)).isEqualTo("2");
        assertThat(single(fetch("req.cook", "cook4"), TRAFFIC)).isEqualTo("");
        assertThat(single(fetch("req.cook", "none"), TRAFFIC)).isNull();
        assertThat(single(fetch("req.cook"), TRAFFIC)).isEqualTo("0");
    }

    @Test
    void constants() throws Exception {
        assertThat(single(fetch("str", "abc"), TRAFFIC)).isEqualTo("abc");
        assertThat(single(fetch("int", "-7"), TRAFFIC)).isEqualTo("-7");
        assertThat(single(fetch("bool", "1"), TRAFFIC)).isEqualTo("true");
        assertThat(single(fetch("uuid"), TRAFFIC)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
