package dev.bascule.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.testing.TestingPickContext;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

final class RoundRobinTest {
    private static final PickContext FIRST_ATTEMPT = TestingPickContext.FIRST_ATTEMPT;

    @Test
    void equalWeightsFollowConfigurationOrder() throws InvalidArgumentException {
        ServerPicker picker = new RoundRobinFactory().create(List.of())
                .newPicker(snapshot(server("s1", 1), server("s2", 1), server("s3", 1), server("s4", 1)), null);
        assertThat(names(picker, 9)).containsExactly("s1", "s2", "s3", "s4", "s1", "s2", "s3", "s4", "s1");
    }

    @Test
    void weightsFollowHaproxysFastWeightedRoundRobin() {
        // the order HAProxy 2.6 gives for weights 1, 2, 5 (checked against it by DifferentialIT)
        ServerPicker picker = RoundRobin.INSTANCE.newPicker(snapshot(server("s1", 1), server("s2", 2), server("s3", 5)), null);
        assertThat(names(picker, 16)).containsExactly("s3", "s3", "s2", "s3", "s3", "s1", "s3", "s2",
                "s3", "s3", "s2", "s3", "s3", "s1", "s3", "s2");
        Map<String, Integer> counts = new HashMap<>();
        for (String name : names(picker, 8 * 100)) {
            counts.merge(name, 1, Integer::sum);
        }
        assertThat(counts).containsEntry("s1", 100).containsEntry("s2", 200).containsEntry("s3", 500);
    }

    @Test
    void noServerGivesNull() {
        assertThat(RoundRobin.INSTANCE.newPicker(new ServerSnapshot(List.of(), 1), null).pick(FIRST_ATTEMPT)).isNull();
    }

    @Test
    void aCorruptedPositionFallsBackIntoTheCycle() {
        List<Server> servers = List.of(server("s1", 1), server("s2", 1), server("s3", 1));
        FwrrSchedule schedule = FwrrSchedule.of(servers);
        RoundRobin.Picker picker = new RoundRobin.Picker(servers, new int[] {1, 1, 1}, schedule.prefix, schedule.cycle,
                new AtomicLong(Long.MIN_VALUE));
        List<String> names = names(picker, 6);
        assertThat(names).hasSize(6).doesNotContainNull();
        for (int i = 1; i < names.size(); i++) {
            assertThat(names.get(i)).isNotEqualTo(names.get(i - 1));
        }
    }

    @Test
    void rebuildKeepsThePosition() {
        Server s1 = server("s1", 1);
        Server s2 = server("s2", 1);
        Server s3 = server("s3", 1);
        ServerPicker first = RoundRobin.INSTANCE.newPicker(snapshot(s1, s2, s3), null);
        assertThat(names(first, 2)).containsExactly("s1", "s2");
        ServerPicker second = RoundRobin.INSTANCE.newPicker(snapshot(s1, s2, s3), first);
        assertThat(names(second, 2)).containsExactly("s3", "s1");
        // a different farm starts HAProxy's order afresh
        ServerPicker third = RoundRobin.INSTANCE.newPicker(snapshot(s1, s3), second);
        assertThat(names(third, 2)).containsExactly("s1", "s3");
    }

    @Test
    void argumentsAreRefused() {
        assertThatThrownBy(() -> new RoundRobinFactory().create(List.of("foo")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("'balance roundrobin' takes no argument, got 'foo'");
    }

    @Test
    void concurrentPicksSpreadEvenly() throws InterruptedException {
        ServerPicker picker = RoundRobin.INSTANCE.newPicker(snapshot(server("s1", 1), server("s2", 1)), null);
        Map<String, AtomicLong> counts = Map.of("s1", new AtomicLong(), "s2", new AtomicLong());
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    counts.get(picker.pick(FIRST_ATTEMPT).name()).incrementAndGet();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(counts.get("s1").get()).isEqualTo(20_000);
        assertThat(counts.get("s2").get()).isEqualTo(20_000);
    }

    private static List<String> names(ServerPicker picker, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(picker.pick(FIRST_ATTEMPT).name());
        }
        return names;
    }

    private static ServerSnapshot snapshot(Server... servers) {
        return new ServerSnapshot(List.of(servers), 1);
    }

    static Server server(String name, int weight) {
        return new Server() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public int weight() {
                return weight;
            }

            @Override
            public ServerLoad load() {
                return () -> 0;
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
