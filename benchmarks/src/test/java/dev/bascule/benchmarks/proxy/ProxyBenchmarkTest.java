package dev.bascule.benchmarks.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The whole-request benchmark, run a few times: the origin's answer comes back through the proxy. */
final class ProxyBenchmarkTest {
    @Test
    void requestsGoThroughTheProxyAndBack() throws Exception {
        ProxyBenchmark benchmark = new ProxyBenchmark();
        benchmark.setUp();
        try {
            for (int i = 0; i < 20; i++) {
                assertThat(benchmark.request()).isEqualTo(200);
            }
        } finally {
            benchmark.tearDown();
        }
    }
}
