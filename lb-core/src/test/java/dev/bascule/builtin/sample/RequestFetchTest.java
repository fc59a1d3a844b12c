package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import org.junit.jupiter.api.Test;

import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class RequestFetchTest {
    private static String path(String uri) throws InvalidArgumentException {
        return single(fetch("path"), TestingTraffic.request("GET", uri));
    }

    @Test
    void pathOfAnOriginFormTargetStopsAtTheQuery() throws InvalidArgumentException {
        assertThat(path("/a/b?x=1")).isEqualTo("/a/b");
        assertThat(path("/a/b")).isEqualTo("/a/b");
        assertThat(path("/?x")).isEqualTo("/");
    }

    @Test
    void pathOfAnAbsoluteFormTargetSkipsSchemeAndAuthority() throws InvalidArgumentException {
        assertThat(path("http://example.com/a?b")).isEqualTo("/a");
        assertThat(path("https://user@example.com:8443/x/y")).isEqualTo("/x/y");
        assertThat(path("svn+ssh://host/repo")).isEqualTo("/repo");
    }

    @Test
    void targetsWithoutAPathHaveNone() throws InvalidArgumentException {
        assertThat(path("http://example.com")).isNull();
        assertThat(path("http://example.com?x")).isNull();
        assertThat(path("example.com:443")).isNull();
        assertThat(path("*")).isNull();
        assertThat(path("")).isNull();
        assertThat(single(fetch("path"), TestingTraffic.connection())).isNull();
    }

    @Test
    void pathIsARangeOfTheTarget() throws InvalidArgumentException {
        TestingTraffic traffic = TestingTraffic.request("GET", "http://h/p?q");
        Sample sample = new Sample().reset(false);
        assertThat(fetch("path").fetch(traffic, sample)).isTrue();
        assertThat(sample.text()).isSameAs(traffic.uri());
        assertThat(sample.start()).isEqualTo(8);
        assertThat(sample.end()).isEqualTo(10);
    }

    @Test
    void urlIsTheWholeTarget() throws InvalidArgumentException {
        assertThat(single(fetch("url"), TestingTraffic.request("GET", "http://h/p?q"))).isEqualTo("http://h/p?q");
        assertThat(single(fetch("url"), TestingTraffic.request("OPTIONS", "*"))).isEqualTo("*");
    }

    @Test
    void queryFollowsTheFirstQuestionMark() throws InvalidArgumentException {
        assertThat(single(fetch("query"), TestingTraffic.request("GET", "/a?x=1&y=?"))).isEqualTo("x=1&y=?");
        assertThat(single(fetch("query"), TestingTraffic.request("GET", "/a?"))).isEqualTo("");
        assertThat(single(fetch("query"), TestingTraffic.request("GET", "/a"))).isNull();
    }

    @Test
    void methodIsAMethodSample() throws InvalidArgumentException {
        Sample sample = new Sample().reset(false);
        assertThat(fetch("method").fetch(TestingTraffic.request("PURGE", "/"), sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.METHOD);
        assertThat(sample.toString()).isEqualTo("PURGE");
        assertThat(fetchFactoryType("method")).isEqualTo(SampleType.METHOD);
    }

    @Test
    void versionIsWhatFollowsTheSlash() throws InvalidArgumentException {
        assertThat(single(fetch("req.ver"), TestingTraffic.request("GET", "/"))).isEqualTo("1.1");
        assertThat(single(fetch("req_ver"), TestingTraffic.request("GET", "/", "HTTP/2.0"))).isEqualTo("2.0");
        assertThat(single(fetch("req.ver"), TestingTraffic.request("GET", "/", "HTTP/"))).isNull();
        assertThat(single(fetch("req.ver"), TestingTraffic.request("GET", "/", "HTTP"))).isNull();
    }

    @Test
    void requestLineFetchesTakeNoArgument() {
        assertThatThrownBy(() -> fetch("path", "x"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("fetch method 'path' : expected ')' before 'x'");
    }

    private static SampleType fetchFactoryType(String keyword) {
        return Samples.fetchFactory(keyword).outputType();
    }
}
