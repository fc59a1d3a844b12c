package dev.bascule.benchmarks.algorithms;

import dev.bascule.algorithms.HdrFactory;
import dev.bascule.algorithms.LeastConnFactory;
import dev.bascule.algorithms.RandomFactory;
import dev.bascule.algorithms.RoundRobinFactory;
import dev.bascule.algorithms.SourceFactory;
import dev.bascule.algorithms.StaticRrFactory;
import dev.bascule.algorithms.UriFactory;
import dev.bascule.algorithms.UrlParamFactory;
import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
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

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * One pick of each built-in algorithm, the call made for every request, over 2, 50 or 500
 * servers with mixed weights; {@code source} hashes one of 256 client addresses per pick,
 * {@code uri} (also on a consistent-hash ring), {@code url_param} and {@code hdr} one of 256
 * request targets or header values
 * (a quarter of them without the parameter or header, going round robin), and
 * {@code leastconn} and {@code random} see servers with varied in-flight counts. Expected: 0 B/op.
 */
@State(Scope.Benchmark)
public class PickerBenchmark extends AbstractLbBenchmark {
    @Param({"roundrobin", "leastconn", "source", "uri", "uri-consistent", "url_param", "hdr", "static-rr", "random"})
    public String algorithm;

    @Param({"2", "50", "500"})
    public int servers;

    private ServerPicker picker;
    private final Clients clients = new Clients();

    @Setup
    public void setUp() throws InvalidArgumentException {
        List<Server> list = new ArrayList<>();
        for (int i = 0; i < servers; i++) {
            list.add(new LoadedServer("s" + i, 1 + i % 16, i % 7, i + 1));
        }
        HashType hashType = algorithm.endsWith("-consistent") ? new HashType(true, "sdbm", true) : HashType.DEFAULT;
        picker = factory(algorithm).create(arguments(algorithm), hashType).newPicker(new ServerSnapshot(list, 1), null);
    }

    static BalancingAlgorithmFactory factory(String name) {
        return switch (name) {
            case "roundrobin" -> new RoundRobinFactory();
            case "leastconn" -> new LeastConnFactory();
            case "source" -> new SourceFactory();
            case "uri", "uri-consistent" -> new UriFactory();
            case "url_param" -> new UrlParamFactory();
            case "hdr" -> new HdrFactory();
            case "static-rr" -> new StaticRrFactory();
            case "random" -> new RandomFactory();
            default -> throw new IllegalArgumentException(name);
        };
    }

    static List<String> arguments(String name) {
        return switch (name) {
            case "url_param" -> List.of("session");
            case "hdr" -> List.of("x-user");
            default -> List.of();
        };
    }

    @Benchmark
    public Server pick() {
        clients.next();
        return picker.pick(clients);
    }

    /** Two threads picking from one picker, as two event loops share a backend (lock-free, CAS). */
    @Benchmark
    @Threads(2)
    public Server pickContended() {
        return picker.pick(clients);
    }

    /** First attempts from 256 client addresses, with 256 targets and header values, in turn, created once. */
    static final class Clients implements PickContext {
        private final InetSocketAddress[] addresses = new InetSocketAddress[256];
        private final String[] uris = new String[256];
        private final String[] users = new String[256];
        private int current;

        Clients() {
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = new InetSocketAddress("10.0." + (i / 16) + "." + (i % 16 + 1), 40000 + i);
                uris[i] = i % 4 == 0 ? "/static/img/" + i + ".png"
                        : "/app/v2/items/" + i + "?lang=en&session=" + Integer.toHexString(i * 7919) + "&x=1";
                users[i] = i % 4 == 0 ? null : "user-" + i + "@example.com";
            }
        }

        void next() {
            current = (current + 1) & (addresses.length - 1);
        }

        @Override
        public int attempt() {
            return 0;
        }

        @Override
        public Server previous() {
            return null;
        }

        @Override
        public InetSocketAddress source() {
            return addresses[current];
        }

        @Override
        public CharSequence uri() {
            return uris[current];
        }

        @Override
        public CharSequence requestHeader(CharSequence name) {
            return users[current];
        }
    }

    /** A server with a fixed weight, a fixed number of streams in flight, and HAProxy's id. */
    record LoadedServer(String name, int weight, int inflight, int id) implements Server, ServerLoad {
        @Override
        public ServerLoad load() {
            return this;
        }
    }
}
