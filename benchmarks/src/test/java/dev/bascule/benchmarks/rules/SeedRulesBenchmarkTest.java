package dev.bascule.benchmarks.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's setup and answers, so that it stays right under mvn test. */
final class SeedRulesBenchmarkTest {
    private static int run(String host, boolean secure) throws Exception {
        SeedRulesBenchmark benchmark = new SeedRulesBenchmark();
        benchmark.host = host;
        benchmark.secure = secure;
        benchmark.setUp();
        return benchmark.evaluate();
    }

    @Test
    void theSeedRulesDecideAsHaproxyDoes() throws Exception {
        // http-request deny (the second http-request rule) for backend1's domain, TLS or not
        assertThat(run("www.backend1.co.kr", true)).isEqualTo(2);
        assertThat(run("WWW.BACKEND1.CO.KR", false)).isEqualTo(2);
        // plain HTTP otherwise: the redirect to https
        assertThat(run("www.backend2.co.kr", false)).isEqualTo(100);
        // over TLS: use_backend back2 for its domain, default_backend back2 for the rest
        assertThat(run("www.backend2.co.kr", true)).isEqualTo(200 + "back2".length());
        assertThat(run("other.example", true)).isEqualTo(200 + "back2".length());
    }
}
