package dev.bascule.benchmarks.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.Server;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

/** Runs the benchmark's setup and a few invocations, so the benchmark compiles and stays right under mvn test. */
final class RoundRobinBenchmarkTest {
    @Test
    void everyServerIsPickedOncePerCycleWithEqualWeights() throws Exception {
        RoundRobinBenchmark benchmark = new RoundRobinBenchmark();
        benchmark.servers = 50;
        benchmark.weights = "equal";
        benchmark.setUp();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Server server = benchmark.pick();
            assertThat(seen.add(server.name())).isTrue();
        }
        assertThat(seen).hasSize(50);
    }

    @Test
    void mixedWeightsSetUp() throws Exception {
        RoundRobinBenchmark benchmark = new RoundRobinBenchmark();
        benchmark.servers = 2;
        benchmark.weights = "mixed";
        benchmark.setUp();
        assertThat(benchmark.pickContended()).isNotNull();
    }
}
