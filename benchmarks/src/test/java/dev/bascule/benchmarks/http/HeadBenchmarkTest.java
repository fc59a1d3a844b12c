package dev.bascule.benchmarks.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's setup and answer, so that it stays right under mvn test. */
final class HeadBenchmarkTest {
    @Test
    void theServerGetsTheRewrittenHead() throws Exception {
        HeadBenchmark benchmark = new HeadBenchmark();
        benchmark.setUp();
        try {
            String head = benchmark.encodedOnce();
            assertThat(head).startsWith("GET /catalog/item.html?id=1234&ref=home HTTP/1.1\r\nhost: www.backend2.co.kr\r\n")
                    .contains("\r\nx-forwarded-proto: https\r\n", "\r\nx-proxy: bascule\r\n",
                            "\r\nx-forwarded-for: 127.0.0.1\r\n", "\r\ncookie: session=0123456789abcdef; theme=dark\r\n")
                    .doesNotContain("x-debug", "connection")
                    .endsWith("\r\n\r\n");
            int size = benchmark.parseRewriteEncode();
            assertThat(size).isEqualTo(head.length());
        } finally {
            benchmark.tearDown();
        }
    }
}
