package dev.bascule.benchmarks.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.Server;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

/** The picker benchmark's setups, run once each, so that they stay right under mvn test. */
final class PickerBenchmarkTest {
    private static PickerBenchmark benchmark(String algorithm, int servers) throws Exception {
        PickerBenchmark benchmark = new PickerBenchmark();
        benchmark.algorithm = algorithm;
        benchmark.servers = servers;
        benchmark.setUp();
        return benchmark;
    }

    @Test
    void everyAlgorithmPicksAServerOfTheSet() throws Exception {
        for (String algorithm : new String[] {"roundrobin", "leastconn", "source", "uri", "uri-consistent", "url_param", "hdr",
                "static-rr", "random"}) {
            for (int servers : new int[] {2, 50, 500}) {
                Server server = benchmark(algorithm, servers).pick();
                assertThat(server).as("%s over %d", algorithm, servers).isNotNull();
                assertThat(Integer.parseInt(server.name().substring(1))).isBetween(0, servers - 1);
                assertThat(benchmark(algorithm, servers).pickContended()).isNotNull();
            }
        }
    }

    @Test
    void roundrobinPicksEveryServerOncePerCycleWithEqualWeights() throws Exception {
        // weights are 1 + i % 16: over 2 servers s0 (1) and s1 (2) alternate as s1 s0 s1 in a cycle
        PickerBenchmark benchmark = benchmark("roundrobin", 2);
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            chosen.add(benchmark.pick().name());
        }
        assertThat(chosen).containsExactlyInAnyOrder("s0", "s1");
    }

    @Test
    void sourceSpreadsItsClientsAndLeastconnPrefersTheIdle() throws Exception {
        PickerBenchmark source = benchmark("source", 50);
        Set<String> chosen = new HashSet<>();
        for (int i = 0; i < 256; i++) {
            chosen.add(source.pick().name());
        }
        assertThat(chosen).hasSizeGreaterThan(10);
        // leastconn: the lowest (in flight + 1) / weight is s14's (weight 15, none in flight)
        assertThat(benchmark("leastconn", 50).pick().name()).isEqualTo("s14");
    }
}
