package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.all;
import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
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
    void commasSplitCookieLines() throws Exception {
        // haproxy 2.6.12, "Cookie: a=q1, a=9": cook(a)=9, cook_cnt()=2, cook()=q1, cook_val(a)=9, cook_val()=0;
        // both "cook(a) -m str 9" and "-m str q1" match
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("Cookie", "a=q1, a=9");
        assertThat(single(fetch("cook", "a"), traffic)).isEqualTo("9");
        assertThat(single(fetch("cook_cnt"), traffic)).isEqualTo("2");
        assertThat(single(fetch("cook"), traffic)).isEqualTo("q1");
        assertThat(single(fetch("cook_val", "a"), traffic)).isEqualTo("9");
        assertThat(single(fetch("cook_val"), traffic)).isEqualTo("0");
        assertThat(all(fetch("cook", "a"), traffic)).containsExactly("q1", "9");
        // a comma inside quotes does not split: haproxy 2.6.12 gives cook()="x,y", cook(a)=-3x, cook_cnt()=3
        TestingTraffic quoted = TestingTraffic.request("GET", "/").header("Cookie", "a=\"x,y\", a=+12; a=-3x");
        assertThat(single(fetch("cook"), quoted)).isEqualTo("\"x,y\"");
        assertThat(single(fetch("cook", "a"), quoted)).isEqualTo("-3x");
        assertThat(single(fetch("cook_cnt"), quoted)).isEqualTo("3");
        assertThat(single(fetch("cook_val", "a"), quoted)).isEqualTo("-3");
    }

    @Test
    void nameNotFoundWhenTooLittleIsLeft() throws Exception {
        // haproxy 2.6.12, "Cookie: x=1;a=": no a (cook_cnt(a)=0) though cook_cnt()=2; "x=1; a=" finds a empty
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("Cookie", "x=1;a=");
        assertThat(single(fetch("cook", "a"), traffic)).isNull();
        assertThat(single(fetch("cook_cnt", "a"), traffic)).isEqualTo("0");
        assertThat(single(fetch("cook_cnt"), traffic)).isEqualTo("2");
        assertThat(single(fetch("cook"), traffic)).isEqualTo("1");
        TestingTraffic spaced = TestingTraffic.request("GET", "/").header("Cookie", "x=1; a=");
        assertThat(single(fetch("cook", "a"), spaced)).isEqualTo("");
        assertThat(single(fetch("cook_val", "a"), spaced)).isEqualTo("0");
        // every value across lines in ACLs: "x=1;a=" then "a=2" gives 2 (cook_cnt()=3, cook_cnt(a)=1)
        TestingTraffic lines = TestingTraffic.request("GET", "/").header("Cookie", "x=1;a=").header("Cookie", "a=2");
        assertThat(all(fetch("cook", "a"), lines)).containsExactly("2");
        assertThat(single(fetch("cook_cnt"), lines)).isEqualTo("3");
    }

    @Test
    void integersReadAsStrl2ic() throws Exception {
        // haproxy 2.6.12: cook_val(a) of a=+12 is -488, of a=1.5 is 85, of cook2="a;b" is -14
        assertThat(single(fetch("cook_val", "a"), TestingTraffic.request("GET", "/").header("Cookie", "a=+12")))
                .isEqualTo("-488");
        assertThat(single(fetch("cook_val", "a"), TestingTraffic.request("GET", "/").header("Cookie", "a=1.5")))
                .isEqualTo("85");
        assertThat(single(fetch("cook_val", "cook2"), TRAFFIC)).isEqualTo("-14");
    }

    @Test
    void responseCookies() throws Exception {
        // haproxy 2.6.12, Set-Cookie lines "a=1; Path=/; Expires=Wed, 09 Jun 2021 10:18:14 GMT", "b=2",
        // "a=3, c=4; x=5": res.cook(a)=3, res.cook()=1, res.cook_cnt=7, res.cook_cnt(a)=2,
        // res.cook_cnt(Path)=0, res.cook_val(a)=3, scook(c)=4, res.cook(x) absent; "res.cook(a) -m str 3" matches
        TestingTraffic response = TestingTraffic.connection()
                .header("Set-Cookie", "a=1; Path=/; Expires=Wed, 09 Jun 2021 10:18:14 GMT")
                .header("Set-Cookie", "b=2")
                .header("set-cookie", "a=3, c=4; x=5");
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("Cookie", "a=9").response(response);
        assertThat(single(fetch("res.cook", "a"), traffic)).isEqualTo("3");
        assertThat(single(fetch("res.cook"), traffic)).isEqualTo("1");
        assertThat(single(fetch("res.cook_cnt"), traffic)).isEqualTo("7");
        assertThat(single(fetch("scook_cnt", "a"), traffic)).isEqualTo("2");
        assertThat(single(fetch("res.cook_cnt", "Path"), traffic)).isEqualTo("0");
        assertThat(single(fetch("scook_val", "a"), traffic)).isEqualTo("3");
        assertThat(single(fetch("scook", "c"), traffic)).isEqualTo("4");
        assertThat(single(fetch("res.cook", "x"), traffic)).isNull();
        assertThat(all(fetch("scook", "a"), traffic)).containsExactly("1", "3");
        // before the response: nothing
        assertThat(single(fetch("res.cook", "a"), TestingTraffic.request("GET", "/"))).isNull();
    }

    @Test
    void constants() throws Exception {
        assertThat(single(fetch("str", "abc"), TRAFFIC)).isEqualTo("abc");
        assertThat(single(fetch("int", "-7"), TRAFFIC)).isEqualTo("-7");
        assertThat(single(fetch("bool", "1"), TRAFFIC)).isEqualTo("true");
        assertThat(single(fetch("uuid"), TRAFFIC)).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
}
