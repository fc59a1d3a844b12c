package dev.bascule.algorithms;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Servers with {@code maxconn}: roundrobin, static-rr, first and leastconn pass a full server
 * over, and pick nothing when all are full (the stream waits in the backend queue); random
 * picks nothing when its draw is full; hashes keep their server (it queues the stream).
 */
final class FullServersTest {
    /** A server whose fullness the test sets. */
    private static final class Limited implements Server, ServerLoad {
        private final String name;
        private final boolean limited;
        boolean full;

        Limited(String name, boolean limited) {
            this.name = name;
            this.limited = limited;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int weight() {
            return 1;
        }

        @Override
        public ServerLoad load() {
            return this;
        }

        @Override
        public int inflight() {
            return 0;
        }

        @Override
        public boolean limited() {
            return limited;
        }

        @Override
        public boolean full() {
            return full;
        }
    }

    private record First(@Nullable Server previous) implements PickContext {
        @Override
        public int attempt() {
            return previous == null ? 0 : 1;
        }

        @Override
        public @Nullable CharSequence uri() {
            return "/same";
        }
    }

    private static List<Limited> servers(int count) {
        List<Limited> servers = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            servers.add(new Limited("s" + i, true));
        }
        return servers;
    }

    private static ServerPicker picker(BalancingAlgorithmFactory factory, List<Limited> servers) throws Exception {
        return factory.create(List.of()).newPicker(new ServerSnapshot(new ArrayList<>(servers), 1), null);
    }

    private static Set<String> picks(ServerPicker picker, int count) {
        Set<String> names = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Server server = picker.pick(new First(null));
            names.add(server == null ? "none" : server.name());
        }
        return names;
    }

    @Test
    void roundRobinStaticRrFirstAndLeastconnPassFullServersOver() throws Exception {
        for (BalancingAlgorithmFactory factory : List.of(new RoundRobinFactory(), new StaticRrFactory(),
                new FirstFactory(), new LeastConnFactory())) {
            List<Limited> servers = servers(3);
            ServerPicker picker = picker(factory, servers);
            servers.get(0).full = true;
            servers.get(2).full = true;
            assertThat(picks(picker, 12)).as(factory.name()).containsExactly("s2");
            servers.get(1).full = true;
            assertThat(picks(picker, 12)).as(factory.name() + ", all full").containsExactly("none");
            servers.forEach(server -> server.full = false);
            assertThat(picks(picker, 12)).as(factory.name() + ", room again").doesNotContain("none");
        }
    }

    @Test
    void randomPicksNothingWhenItsDrawIsFull() throws Exception {
        List<Limited> servers = servers(2);
        ServerPicker picker = picker(new RandomFactory(), servers);
        servers.get(0).full = true;
        assertThat(picks(picker, 200)).containsExactlyInAnyOrder("s2", "none");
        servers.get(1).full = true;
        assertThat(picks(picker, 50)).containsExactly("none");
    }

    @Test
    void aHashKeepsItsServerWhenFull() throws Exception {
        List<Limited> servers = servers(3);
        ServerPicker picker = picker(new UriFactory(), servers);
        Server chosen = picker.pick(new First(null));
        ((Limited) chosen).full = true;
        assertThat(picker.pick(new First(null))).isSameAs(chosen);
    }

    @Test
    void withoutLimitsFullnessIsNeverAsked() throws Exception {
        List<Limited> servers = List.of(new Limited("s1", false), new Limited("s2", false));
        ServerPicker picker = picker(new RoundRobinFactory(), servers);
        servers.forEach(server -> server.full = true);
        // full() says true but no server has a limit: the picker does not look
        assertThat(picks(picker, 4)).containsExactlyInAnyOrder("s1", "s2");
    }
}
