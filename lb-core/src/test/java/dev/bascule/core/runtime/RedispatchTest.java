package dev.bascule.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.SourceLocation;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** {@code option redispatch}: which retry goes to another server, as {@code stream_choose_redispatch()} decides. */
final class RedispatchTest {
    private static final BalancingAlgorithm FIRST = (snapshot, previous) -> {
        ServerPicker picker = context -> snapshot.servers().get(0);
        return picker;
    };

    private static BackendRuntime backend(int servers, OptionalInt redispatch, String algorithm) {
        List<ServerRuntime> list = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8000 + i);
            list.add(new ServerRuntime("s" + i, "b", address, 1, new SourceLocation("t.cfg", 1), ServerCheck.disabled(),
                    address, false));
        }
        return new BackendRuntime("b", ProxyMode.HTTP, list, FIRST, null, 0, 0, 3,
                dev.bascule.core.rules.HttpRules.NONE, null, "backend", null, 0, redispatch,
                algorithm, dev.bascule.api.config.HttpReuse.SAFE);
    }

    @Test
    void withoutTheOptionEveryRetryStaysOnTheServer() {
        BackendRuntime backend = backend(3, OptionalInt.empty(), "roundrobin");
        assertThat(backend.redispatchOn(1, backend.servers().get(0))).isFalse();
        assertThat(backend.redispatchOn(3, backend.servers().get(0))).isFalse();
    }

    @Test
    void byDefaultOnlyTheLastRetryMovesWhenAHashPicksTheServer() {
        BackendRuntime backend = backend(3, OptionalInt.of(-1), "source");
        ServerRuntime server = backend.servers().get(0);
        assertThat(List.of(backend.redispatchOn(1, server), backend.redispatchOn(2, server),
                backend.redispatchOn(3, server))).containsExactly(false, false, true);
    }

    @Test
    void anIntervalMovesEveryNthRetry() {
        BackendRuntime backend = backend(1, OptionalInt.of(2), "roundrobin");
        ServerRuntime server = backend.servers().get(0);
        assertThat(List.of(backend.redispatchOn(1, server), backend.redispatchOn(2, server),
                backend.redispatchOn(3, server))).containsExactly(false, true, false);
    }

    @Test
    void aNonHashAlgorithmWithAnotherActiveServerMovesAtOnceAndSoDoesADownServer() {
        BackendRuntime roundRobin = backend(2, OptionalInt.of(-1), "roundrobin");
        assertThat(roundRobin.redispatchOn(1, roundRobin.servers().get(0))).isTrue();
        BackendRuntime hashed = backend(2, OptionalInt.of(0), "source");
        ServerRuntime down = hashed.servers().get(1);
        assertThat(hashed.redispatchOn(1, down)).isFalse();
        down.setUp(false);
        assertThat(hashed.redispatchOn(1, down)).isTrue();
    }
}
