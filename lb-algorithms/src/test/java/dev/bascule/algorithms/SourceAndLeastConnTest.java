package dev.bascule.algorithms;

import static dev.bascule.algorithms.RoundRobinTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.testing.TestingPickContext;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

final class SourceAndLeastConnTest {
    @Test
    void serverMapFollowsHaproxysFill() {
        Server a = server("a", 1);
        Server b = server("b", 2);
        assertThat(ServerMap.build(List.of(a, b))).containsExactly(a, b, b);
        // weights are divided by their greatest common divisor first
        assertThat(ServerMap.build(List.of(server("x", 10), server("y", 20)))).hasSize(3);
        Server s1 = server("s1", 1);
        Server s2 = server("s2", 1);
        assertThat(ServerMap.build(List.of(s1, s2))).containsExactly(s1, s2);
    }

    @Test
    void sourceHashesTheClientAddressLikeHaproxy() throws Exception {
        ServerPicker picker = new SourceFactory().create(List.of())
                .newPicker(new ServerSnapshot(List.of(server("s1", 1), server("s2", 1)), 1), null);
        // 127.0.0.1 = 0x7f000001, odd: the second slot of the map
        assertThat(picker.pick(TestingPickContext.from("127.0.0.1")).name()).isEqualTo("s2");
        assertThat(picker.pick(TestingPickContext.from("127.0.0.2")).name()).isEqualTo("s1");
        assertThat(picker.pick(TestingPickContext.from("127.0.0.1")).name()).isEqualTo("s2");
        // IPv6: the four words XOR-ed; ::1 hashes to 1
        assertThat(picker.pick(TestingPickContext.from("::1")).name()).isEqualTo("s2");
        // high addresses are unsigned: 255.255.255.255 % 2 = 1
        assertThat(picker.pick(TestingPickContext.from("255.255.255.255")).name()).isEqualTo("s2");
        assertThat(picker.pick(TestingPickContext.FIRST_ATTEMPT).name()).isEqualTo("s1");
    }

    @Test
    void sourceWithOneServerAlwaysPicksIt() throws Exception {
        ServerPicker picker = new SourceFactory().create(List.of())
                .newPicker(new ServerSnapshot(List.of(server("only", 3)), 1), null);
        assertThat(picker.pick(TestingPickContext.from("10.1.2.3")).name()).isEqualTo("only");
    }

    @Test
    void leastconnTakesTurnsAmongEqualsAndAvoidsLoadedServers() throws Exception {
        Loaded s1 = new Loaded("s1", 1);
        Loaded s2 = new Loaded("s2", 1);
        Loaded s3 = new Loaded("s3", 2);
        ServerPicker picker = new LeastConnFactory().create(List.of())
                .newPicker(new ServerSnapshot(List.of(s1, s2, s3), 1), null);
        // idle farm: the heavier server has the lowest key first, then equals take turns
        assertThat(names(picker, 1)).containsExactly("s3");
        s3.inflight = 1;
        // s3 (2 conns per 2 weight) now ties with s1 and s2
        assertThat(names(picker, 3)).containsExactly("s1", "s2", "s3");
        s1.inflight = 5;
        s2.inflight = 1;
        assertThat(names(picker, 2)).containsExactly("s3", "s3");
    }

    private static List<String> names(ServerPicker picker, int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(picker.pick(TestingPickContext.FIRST_ATTEMPT).name());
        }
        return names;
    }

    /** A server whose load the test sets. */
    private static final class Loaded implements Server, ServerLoad {
        private final String name;
        private final int weight;
        int inflight;

        Loaded(String name, int weight) {
            this.name = name;
            this.weight = weight;
        }

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
            return this;
        }

        @Override
        public int inflight() {
            return inflight;
        }
    }
}
