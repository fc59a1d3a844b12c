package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.all;
import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.UserlistConfig;
import dev.bascule.core.auth.CryptUserlist;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The Authorization fetches as HAProxy 2.6's get_http_auth() reads the header. Every expected
 * value is what haproxy 2.6.12 answered for the same header (an lf-string return of each fetch;
 * it writes booleans as 1 and 0).
 */
final class AuthFetchTest {
    private static final SourceLocation AT = new SourceLocation("auth.cfg", 1);
    private static final CryptUserlist L1 = CryptUserlist.of(new UserlistConfig("L1", List.of(
            new UserlistConfig.User("scott", "elgato", true, List.of("G1", "G3"), AT),
            new UserlistConfig.User("tiger", "$1$abc$iCQ2D3nhptRYi27fDYv2s1", false, List.of("G2", "G1"), AT)),
            List.of("G1", "G2", "G3"), AT));

    private static TestingTraffic authorization(String value) {
        return TestingTraffic.request("GET", "/").header("Host", "h").header("Authorization", value).userlist(L1);
    }

    private static String basic(String credentials) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(
                credentials.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    @Test
    void basicCredentials() throws Exception {
        TestingTraffic traffic = authorization(basic("scott:elgato"));
        assertThat(single(fetch("http_auth_type"), traffic)).isEqualTo("Basic");
        assertThat(single(fetch("http_auth_user"), traffic)).isEqualTo("scott");
        assertThat(single(fetch("http_auth_pass"), traffic)).isEqualTo("elgato");
        assertThat(single(fetch("http_auth", "L1"), traffic)).isEqualTo("true");
        assertThat(single(fetch("http_auth_group", "L1"), traffic)).isEqualTo("scott");
        assertThat(single(fetch("http_auth_bearer"), traffic)).isNull();
        // a password with ':' keeps it; the user ends at the first one
        assertThat(single(fetch("http_auth_pass"), authorization(basic("a:b:c")))).isEqualTo("b:c");
        assertThat(single(fetch("http_auth_user"), authorization(basic(":abc")))).isEqualTo("");
    }

    @Test
    void wrongPasswordsAndUnknownUsers() throws Exception {
        TestingTraffic wrong = authorization(basic("tiger:bad"));
        assertThat(single(fetch("http_auth", "L1"), wrong)).isEqualTo("false");
        assertThat(single(fetch("http_auth_group", "L1"), wrong)).isNull();
        assertThat(single(fetch("http_auth", "L1"), authorization(basic("tiger:secret")))).isEqualTo("true");
        assertThat(single(fetch("http_auth", "L1"), authorization(basic("nobody:x")))).isEqualTo("false");
        // no userlist of that name at run time: no sample (the loader refuses such a name)
        assertThat(single(fetch("http_auth", "L9"), wrong)).isNull();
    }

    @Test
    void aclsSeeTheGroupsOfAGoodUser() throws Exception {
        assertThat(all(fetch("http_auth_group", "L1"), authorization(basic("tiger:secret"))))
                .containsExactly("G2", "G1");
        assertThat(all(fetch("http_auth_group", "L1"), authorization(basic("scott:elgato"))))
                .containsExactly("G1", "G3");
        assertThat(all(fetch("http_auth_group", "L1"), authorization(basic("tiger:bad")))).isEmpty();
    }

    @Test
    void schemesAreMatchedOverTheirOwnLength() throws Exception {
        // "B" and "basic" are Basic (strncasecmp over the scheme's length); several spaces may follow it
        assertThat(single(fetch("http_auth_user"), authorization("B c2NvdHQ6ZWxnYXRv"))).isEqualTo("scott");
        assertThat(single(fetch("http_auth_type"), authorization("basic  c2NvdHQ6ZWxnYXRv"))).isEqualTo("Basic");
        assertThat(single(fetch("http_auth_type"), authorization("Bearer tok123"))).isEqualTo("Bearer");
        assertThat(single(fetch("http_auth_bearer"), authorization("Bearer tok123"))).isEqualTo("tok123");
        assertThat(single(fetch("http_auth_user"), authorization("Bearer tok123"))).isNull();
        assertThat(single(fetch("http_auth_type"), authorization("Negotiate abc"))).isNull();
        // only the first comma-separated value counts
        assertThat(single(fetch("http_auth_pass"), authorization("basic  c2NvdHQ6ZWxnYXRv,x"))).isEqualTo("elgato");
    }

    @Test
    void malformedBasicCredentialsGiveNothingNotEvenAType() throws Exception {
        for (String value : List.of("Basic", "Basic c2NvdHQ6ZWxnYXRv=", "Basic c2NvdHQ=", " Basic c2NvdHQ6ZWxnYXRv")) {
            assertThat(single(fetch("http_auth_type"), authorization(value))).as(value).isNull();
            assertThat(single(fetch("http_auth_user"), authorization(value))).as(value).isNull();
        }
        assertThat(single(fetch("http_auth_user"), TestingTraffic.request("GET", "/").header("Host", "h"))).isNull();
    }

    @Test
    void bearerFromANamedHeader() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("X-Tok", "Bearer  zz");
        assertThat(single(fetch("http_auth_bearer", "x-tok"), traffic)).isEqualTo("zz");
        // not a bearer token, or no such header: an empty string
        assertThat(single(fetch("http_auth_bearer", "x-tok"),
                TestingTraffic.request("GET", "/").header("X-Tok", "bearerzz"))).isEqualTo("");
        assertThat(single(fetch("http_auth_bearer", "x-other"), traffic)).isEqualTo("");
    }

    @Test
    void argumentsAreCountedAsHaproxyCountsThem() {
        // haproxy 2.6.12: "fetch method 'http_auth' : expected ')' before ',x)'"
        assertThatThrownBy(() -> fetch("http_auth", "L1", "x")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("fetch method 'http_auth' : expected ')' before ',x'");
        assertThatThrownBy(() -> fetch("http_auth_user", "x")).isInstanceOf(InvalidArgumentException.class)
                .hasMessage("fetch method 'http_auth_user' : expected ')' before 'x'");
    }
}
