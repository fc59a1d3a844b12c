package dev.bascule.benchmarks.algorithms;

import dev.bascule.algorithms.RoundRobinFactory;
import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.benchmarks.AbstractLbBenchmark;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.ArrayList;
import java.util.List;

/** {@code balance roundrobin}: one pick, the hot-path call made for every request. Expected: 0 B/op. */
@State(Scope.Benchmark)
public class RoundRobinBenchmark extends AbstractLbBenchmark {
    @Param({"2", "50", "500"})
    public int servers;

    /** {@code equal}: all weight 1; {@code mixed}: weights 1..16. */
    @Param({"equal", "mixed"})
    public String weights;

    private ServerPicker picker;
    private final PickContext context = new FirstAttempt();

    @Setup
    public void setUp() throws InvalidArgumentException {
        List<Server> list = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            list.add(new FixedServer("s" + i, weights.equals("equal") ? 1 : 1 + i % 16));
        }
        picker = new RoundRobinFactory().create(List.of()).newPicker(new ServerSnapshot(list, 1), null);
    }

    @Benchmark
    public Server pick() {
        return picker.pick(context);
    }

    @Benchmark
    @Threads(2)
    public Server pickContended() {
        return picker.pick(context);
    }

    static final class FirstAttempt implements PickContext {
        @Override
        public int attempt() {
            return 0;
        }

        @Override
        public Server previous() {
            return null;
        }
    }

    record FixedServer(String name, int weight) implements Server, ServerLoad {
        @Override
        public ServerLoad load() {
            return this;
        }

        @Override
        public int inflight() {
            return 0;
        }
    }
}
