package dev.bascule.benchmarks.stick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.sample.StickCounter;

import org.junit.jupiter.api.Test;

/** The benchmark's setup and answers, so that it stays right under mvn test. */
final class StickTableBenchmarkTest {
    @Test
    void eachRequestIsTrackedCountedAndReleased() throws Exception {
        StickTableBenchmark benchmark = new StickTableBenchmark();
        benchmark.clients = 1;
        benchmark.setUp();
        assertThat(benchmark.request()).isZero();
        // after setup's request and this one, nothing tracked, the client's entry counted twice
        assertThat(benchmark.tracker().tracked(0)).isNull();
        var entry = benchmark.tracker().table("fe").lookup(java.net.InetAddress.getByName("10.0.0.0"), false);
        assertThat(entry.read(StickCounter.CONN_CNT)).isEqualTo(2);
        assertThat(entry.read(StickCounter.CONN_CUR)).isZero();
        assertThat(entry.read(StickCounter.HTTP_REQ_RATE)).isEqualTo(2);
    }
}
