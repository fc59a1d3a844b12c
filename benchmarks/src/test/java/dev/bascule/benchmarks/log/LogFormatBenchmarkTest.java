package dev.bascule.benchmarks.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark's setup and lines, so that it stays right under mvn test. */
final class LogFormatBenchmarkTest {
    @Test
    void linesAreHaproxys() throws Exception {
        LogFormatBenchmark benchmark = new LogFormatBenchmark();
        benchmark.setUp();
        String httplog = "127.0.0.1:40000 [22/Nov/2026:08:39:28.276] httplog be/s1 0/0/1/3/5 200 1234 - - ---- 0/0/1/1/0"
                + " 0/0 {www.example.com} \"GET /index.html?x=1 HTTP/1.1\"";
        assertThat(benchmark.httplog()).isEqualTo(httplog.length());
        assertThat(benchmark.line()).isEqualTo(httplog);
        benchmark.logFormat();
        assertThat(benchmark.line()).matches("127\\.0\\.0\\.1:40000 \\[22/Nov/2026:08:39:28\\.276\\] custom be/s1"
                + " 0/0/1/3/5 200 1234 ---- \"www\\.example\\.com\" \"mozilla/5\\.0 \\\\\"bench\\\\\"\" 127\\.0\\.0\\.1 200"
                + " 6B02AA40 \\d+ \"GET /index\\.html\\?x=1 HTTP/1\\.1\"");
        assertThat(benchmark.uniqueId()).isEqualTo("7F000001:9C40_7F000001:1F91_6B02AA40_0007:"
                + String.format("%04X", ProcessHandle.current().pid()) + "_www.example.com");
    }
}
