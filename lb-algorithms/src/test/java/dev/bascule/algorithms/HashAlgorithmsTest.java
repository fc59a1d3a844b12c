package dev.bascule.algorithms;

import static dev.bascule.algorithms.RoundRobinTest.server;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;
import dev.bascule.api.sample.HashFunction;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hash-based algorithms against choices recorded from haproxy 2.6.12: each {@link Case} ran
 * as a {@code listen} with servers s1..sN of the given weights, one request per entry sent in
 * order on its own connection, and the server that answered noted (the expected lists below
 * come from haproxy 2.6.12, not from Bascule).
 */
final class HashAlgorithmsTest {
    /**
     * Request targets, sent with a matching Host header. HAProxy received "http://h:80/p/q": its
     * H1 parser drops a scheme's default port ({@code http_scheme_based_normalize()}) before the
     * backend sees it, so the target balanced is "http://h/p/q".
     */
    private static final List<String> URIS = List.of("/", "/a", "/a/b/c", "/a/b/c?x=1", "/a/b/d?x=2", "/index.html", "/img/logo.png", "/api/v1/users/42?full=1", "http://example.com/a/b/c?x=1", "http://h/p/q", "http://example.com", "*", "/x?y", "/x?z", "/deep/er/path/to/file");
    private static final List<String> PARAMS = List.of("/?user=alice", "/p?a=1&user=bob", "/p?a=1&user=bob&user=carol", "/p?userx=1&user=dave", "/p?a=1", "/p", "/p?user=", "/p?x=1&user=alice&y=2", "/?user", "/p?user=erin", "/p?a=1");
    /** Values of an {@code X-User} header on {@code GET /}; the empty one means no header. */
    private static final List<String> HEADERS = List.of("www.example.com", "example.com", "localhost", "a.b.c.d.example.org", "www.example.com:8080", "example.", "", "alice", "bob, carol", " dave ", "EXAMPLE.com");

    private record Case(String balance, @Nullable String hashType, int[] weights, List<String> inputs,
                        List<String> expected) {
    }

    // recorded from haproxy 2.6.12
    private static final List<Case> CASES = List.of(
            new Case("uri", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s2", "s3", "s3", "s2", "s2", "s1", "s2", "s4", "s3", "s2", "s2", "s1")),
            new Case("uri", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s2", "s2", "s3", "s4", "s2", "s3", "s3", "s1", "s3", "s1", "s3", "s3", "s3")),
            new Case("uri whole", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s3", "s1", "s3", "s2", "s2", "s2", "s2", "s4", "s3", "s4", "s1", "s1")),
            new Case("uri whole", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s2", "s1", "s3", "s4", "s2", "s2", "s2", "s1", "s3", "s1", "s3", "s4", "s3")),
            new Case("uri len 4", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s2", "s2", "s1", "s1", "s4", "s1", "s1", "s1", "s3", "s2", "s2", "s2")),
            new Case("uri len 4", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s4", "s4", "s4", "s2", "s3", "s2", "s3", "s3", "s3", "s1", "s3", "s3", "s3")),
            new Case("uri depth 2", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s2", "s2", "s3", "s2", "s4", "s4", "s3", "s4", "s3", "s2", "s2", "s2")),
            new Case("uri depth 2", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s4", "s4", "s4", "s4", "s2", "s3", "s3", "s3", "s3", "s1", "s3", "s3", "s2")),
            new Case("uri path-only", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s2", "s3", "s3", "s2", "s2", "s2", "s4", "s1", "s1", "s2", "s2", "s1")),
            new Case("uri path-only", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s2", "s2", "s3", "s4", "s2", "s3", "s2", "s1", "s1", "s1", "s3", "s3", "s3")),
            new Case("uri path-only whole depth 1", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s3", "s3", "s3", "s3", "s1", "s4", "s3", "s2", "s1", "s1", "s4", "s1", "s4")),
            new Case("uri path-only whole depth 1", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s3", "s3", "s3", "s4", "s3", "s2", "s3", "s2", "s1", "s1", "s3", "s4", "s4")),
            new Case("uri whole len 6", null, new int[] {1, 1, 1, 1}, URIS, List.of("s4", "s3", "s2", "s2", "s3", "s4", "s2", "s3", "s2", "s2", "s2", "s3", "s4", "s1", "s1")),
            new Case("uri whole len 6", null, new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s2", "s2", "s3", "s1", "s2", "s1", "s1", "s1", "s1", "s1", "s3", "s4", "s3")),
            new Case("uri whole", "map-based djb2", new int[] {1, 2, 3, 1}, URIS, List.of("s3", "s3", "s1", "s3", "s1", "s2", "s1", "s2", "s3", "s2", "s3", "s3", "s1", "s2", "s3")),
            new Case("uri whole", "map-based wt6", new int[] {1, 2, 3, 1}, URIS, List.of("s2", "s1", "s3", "s4", "s1", "s3", "s1", "s3", "s1", "s1", "s3", "s3", "s3", "s2", "s4")),
            new Case("uri whole", "map-based crc32", new int[] {1, 2, 3, 1}, URIS, List.of("s4", "s2", "s2", "s3", "s3", "s2", "s1", "s4", "s3", "s3", "s2", "s4", "s2", "s3", "s3")),
            new Case("uri whole", "map-based sdbm avalanche", new int[] {1, 2, 3, 1}, URIS, List.of("s4", "s4", "s2", "s3", "s2", "s2", "s3", "s2", "s1", "s3", "s1", "s4", "s3", "s2", "s4")),
            new Case("uri whole", "map-based djb2 avalanche", new int[] {1, 2, 3, 1}, URIS, List.of("s2", "s1", "s3", "s2", "s2", "s2", "s2", "s3", "s2", "s2", "s3", "s4", "s3", "s3", "s2")),
            new Case("uri whole", "map-based wt6 avalanche", new int[] {1, 2, 3, 1}, URIS, List.of("s2", "s1", "s2", "s2", "s1", "s2", "s3", "s3", "s2", "s1", "s2", "s3", "s3", "s3", "s3")),
            new Case("uri whole", "map-based crc32 avalanche", new int[] {1, 2, 3, 1}, URIS, List.of("s4", "s2", "s3", "s1", "s4", "s3", "s3", "s3", "s4", "s2", "s1", "s3", "s2", "s1", "s4")),
            new Case("url_param user", null, new int[] {1, 1, 1, 1}, PARAMS, List.of("s1", "s2", "s2", "s1", "s1", "s2", "s1", "s1", "s3", "s3", "s4")),
            new Case("url_param user", null, new int[] {1, 2, 3, 1}, PARAMS, List.of("s3", "s3", "s3", "s4", "s1", "s2", "s1", "s3", "s3", "s2", "s2")),
            new Case("hdr(x-user)", null, new int[] {1, 1, 1, 1}, HEADERS, List.of("s3", "s2", "s4", "s3", "s1", "s1", "s1", "s1", "s2", "s1", "s2")),
            new Case("hdr(x-user)", null, new int[] {1, 2, 3, 1}, HEADERS, List.of("s3", "s4", "s3", "s4", "s1", "s4", "s1", "s3", "s3", "s4", "s3")),
            new Case("hdr(x-user) use_domain_only", null, new int[] {1, 1, 1, 1}, HEADERS, List.of("s3", "s3", "s4", "s3", "s3", "s3", "s1", "s1", "s2", "s1", "s3")),
            new Case("hdr(x-user) use_domain_only", null, new int[] {1, 2, 3, 1}, HEADERS, List.of("s1", "s1", "s3", "s1", "s1", "s1", "s1", "s3", "s3", "s4", "s2")));

    @Test
    void choicesAreHaproxys() throws Exception {
        for (Case c : CASES) {
            ServerPicker picker = picker(c.balance(), c.hashType(), c.weights());
            List<String> actual = new ArrayList<>();
            for (String input : c.inputs()) {
                actual.add(picker.pick(c.inputs() == HEADERS ? Request.header("x-user", input)
                        : Request.of(input)).name());
            }
            assertThat(actual).as("balance %s, hash-type %s, weights %s", c.balance(), c.hashType(),
                    Arrays.toString(c.weights())).isEqualTo(c.expected());
        }
    }

    /** Sent in order to one backend: the targets without the parameter walk the ring in turn. */
    private static final List<String> CONSISTENT_PARAMS = List.of("/?user=alice", "/p?a=1&user=bob", "/p?a=1", "/p",
            "/p?user=", "/p?x=1&user=alice&y=2", "/?user", "/p?user=erin", "/p?a=1", "/q", "/q", "/q");

    // hash-type consistent, recorded from haproxy 2.6.12 (servers s1..sN have ids 1..N)
    private static final List<Case> CONSISTENT = List.of(
            new Case("uri", "consistent", new int[] {1, 1, 1, 1}, URIS,
                    List.of("s2", "s4", "s1", "s1", "s2", "s4", "s2", "s1", "s4", "s1", "s2", "s3", "s4", "s4", "s2")),
            new Case("uri", "consistent", new int[] {1, 2, 3, 1}, URIS,
                    List.of("s2", "s4", "s1", "s1", "s2", "s4", "s2", "s2", "s3", "s1", "s2", "s3", "s3", "s3", "s2")),
            new Case("uri", "consistent djb2", new int[] {1, 1, 1, 1}, URIS,
                    List.of("s4", "s4", "s2", "s2", "s2", "s1", "s1", "s4", "s1", "s3", "s1", "s4", "s4", "s4", "s4")),
            new Case("uri", "consistent djb2", new int[] {1, 2, 3, 1}, URIS,
                    List.of("s3", "s3", "s3", "s3", "s3", "s3", "s3", "s4", "s3", "s3", "s1", "s3", "s3", "s3", "s4")),
            new Case("uri", "consistent sdbm avalanche", new int[] {1, 1, 1, 1}, URIS,
                    List.of("s2", "s4", "s1", "s1", "s2", "s4", "s2", "s1", "s4", "s1", "s2", "s3", "s4", "s4", "s2")),
            new Case("uri", "consistent sdbm avalanche", new int[] {1, 2, 3, 1}, URIS,
                    List.of("s2", "s4", "s1", "s1", "s2", "s4", "s2", "s2", "s3", "s1", "s2", "s3", "s3", "s3", "s2")),
            new Case("uri", "consistent crc32 avalanche", new int[] {1, 1, 1, 1}, URIS,
                    List.of("s1", "s2", "s3", "s3", "s3", "s3", "s2", "s3", "s1", "s4", "s1", "s1", "s1", "s1", "s3")),
            new Case("uri", "consistent crc32 avalanche", new int[] {1, 2, 3, 1}, URIS,
                    List.of("s3", "s2", "s3", "s3", "s3", "s3", "s2", "s3", "s1", "s3", "s1", "s1", "s1", "s1", "s3")),
            new Case("url_param user", "consistent", new int[] {1, 1, 1, 1}, CONSISTENT_PARAMS,
                    List.of("s4", "s1", "s3", "s4", "s3", "s4", "s4", "s4", "s3", "s4", "s2", "s4")),
            new Case("url_param user", "consistent", new int[] {1, 2, 3, 1}, CONSISTENT_PARAMS,
                    List.of("s4", "s1", "s3", "s3", "s3", "s4", "s3", "s4", "s3", "s3", "s4", "s3")),
            new Case("url_param user", "consistent", new int[] {5, 1}, CONSISTENT_PARAMS,
                    List.of("s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1", "s1", "s2")));

    @Test
    void consistentChoicesAreHaproxys() throws Exception {
        for (Case c : CONSISTENT) {
            ServerPicker picker = picker(c.balance(), c.hashType(), c.weights());
            List<String> actual = new ArrayList<>();
            for (String input : c.inputs()) {
                actual.add(picker.pick(Request.of(input)).name());
            }
            assertThat(actual).as("balance %s, hash-type %s, weights %s", c.balance(), c.hashType(),
                    Arrays.toString(c.weights())).isEqualTo(c.expected());
        }
    }

    @Test
    void consistentRetryMovesPastTheFailedServer() throws Exception {
        ServerPicker picker = picker("uri", "consistent", new int[] {1, 1, 1, 1});
        Server first = picker.pick(Request.of("/a"));
        Server retry = picker.pick(new Request("/a", null, null, first));
        assertThat(retry).isNotSameAs(first);
        // the same key keeps its server while the farm does not change
        assertThat(picker.pick(Request.of("/a"))).isSameAs(first);
    }

    @Test
    void staticRrWalksTheMapAsHaproxy() throws Exception {
        ServerPicker picker = picker("static-rr", null, new int[] {1, 2, 3, 1});
        List<String> actual = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            actual.add(picker.pick(Request.of("/")).name());
        }
        // recorded from haproxy 2.6.12
        assertThat(actual).isEqualTo(List.of("s1", "s2", "s3", "s2", "s3", "s3", "s4", "s1", "s2", "s3", "s2", "s3", "s3", "s4"));
    }

    @Test
    void outsideHttpTheMapIsWalkedInTurnAndARetryAvoidsTheFailedServer() throws Exception {
        ServerPicker picker = picker("uri", null, new int[] {1, 1, 1});
        assertThat(picker.pick(Request.of(null)).name()).isEqualTo("s1");
        assertThat(picker.pick(Request.of(null)).name()).isEqualTo("s2");
        Server s3 = picker.pick(Request.of(null));
        assertThat(s3.name()).isEqualTo("s3");
        // the walk goes on past the server the previous attempt failed on
        Request retry = new Request(null, null, null, s3);
        assertThat(picker.pick(new Request(null, null, null, picker.pick(Request.of(null)))).name()).isEqualTo("s2");
        assertThat(picker.pick(retry).name()).isEqualTo("s1");
    }

    @Test
    void firstTakesTheFirstServerAndARetryTheNext() throws Exception {
        ServerPicker picker = new FirstFactory().create(List.of()).newPicker(new ServerSnapshot(
                List.of(new Numbered("s1", 1, 1), new Numbered("s2", 9, 2)), 1), null);
        Server s1 = picker.pick(Request.of("/"));
        assertThat(s1.name()).isEqualTo("s1");
        assertThat(picker.pick(Request.of("/x")).name()).isEqualTo("s1");
        assertThat(picker.pick(new Request("/", null, null, s1)).name()).isEqualTo("s2");
    }

    @Test
    void oneServerIsAlwaysChosen() throws Exception {
        ServerPicker picker = picker("url_param user", null, new int[] {5});
        assertThat(picker.pick(Request.of("/?user=a")).name()).isEqualTo("s1");
        assertThat(picker.pick(Request.of("/")).name()).isEqualTo("s1");
    }

    @Test
    void hashFunctionsMatchKnownValues() {
        // sdbm, djb2 and crc32 of "hello" as HAProxy's hash.c computes them
        assertThat(Integer.toUnsignedLong(HashFunction.SDBM.hash("hello", 0, 5))).isEqualTo(0x28d19932L);
        assertThat(Integer.toUnsignedLong(HashFunction.DJB2.hash("hello", 0, 5))).isEqualTo(0x0f923099L);
        assertThat(Integer.toUnsignedLong(HashFunction.CRC32.hash("hello", 0, 5))).isEqualTo(0x3610a686L);
        assertThat(HashFunction.SDBM.hash("xhellox", 1, 6)).isEqualTo(HashFunction.SDBM.hash("hello", 0, 5));
    }

    @Test
    void argumentsAreCheckedWithHaproxysMessages() {
        assertThatThrownBy(() -> new UriFactory().create(List.of("len", "x")))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("uri : 'len' expects a positive integer (got 'x').");
        assertThatThrownBy(() -> new UriFactory().create(List.of("depth")))
                .hasMessage("uri : 'depth' expects a positive integer (got '').");
        assertThatThrownBy(() -> new UriFactory().create(List.of("foo")))
                .hasMessage("uri only accepts parameters 'len', 'depth', 'path-only', and 'whole' (got 'foo').");
        assertThatThrownBy(() -> new UrlParamFactory().create(List.of()))
                .hasMessage("url_param requires an URL parameter name.");
        assertThatThrownBy(() -> new UrlParamFactory().create(List.of("a", "b")))
                .hasMessage("url_param only accepts 'check_post' modifier (got 'b').");
        assertThatThrownBy(() -> new UrlParamFactory().create(List.of("a", "check_post")))
                .hasMessage("url_param : 'check_post' is not implemented yet.");
        assertThatThrownBy(() -> new HdrFactory().create(List.of("")))
                .hasMessage("hdr requires an http header field name.");
        assertThatThrownBy(() -> new HdrFactory().create(List.of("host", "x")))
                .hasMessage("hdr(host) only accepts 'use_domain_only' modifier (got 'x').");
        assertThatThrownBy(() -> new RandomFactory().create(List.of("0")))
                .hasMessage("random : number of draws must be at least 1.");
        assertThatThrownBy(() -> new RandomFactory().create(List.of("2x")))
                .hasMessage("random : unexpected character 'x' after argument.");
    }

    @Test
    void randomSpreadsByWeight() throws Exception {
        ServerPicker picker = new RandomFactory().create(List.of("1"))
                .newPicker(new ServerSnapshot(List.of(server("a", 1), server("b", 3)), 1), null);
        int b = 0;
        for (int i = 0; i < 4000; i++) {
            if (picker.pick(Request.of("/")).name().equals("b")) {
                b++;
            }
        }
        assertThat(b).isBetween(2700, 3300);
    }

    private static ServerPicker picker(String balance, @Nullable String hashType, int[] weights) throws Exception {
        List<String> words = new ArrayList<>(Arrays.asList(balance.split(" ")));
        String name = words.remove(0);
        BalancingAlgorithmFactory factory;
        if (name.startsWith("hdr(")) {
            words.add(0, name.substring(4, name.length() - 1));
            name = "hdr";
        }
        factory = switch (name) {
            case "uri" -> new UriFactory();
            case "url_param" -> new UrlParamFactory();
            case "hdr" -> new HdrFactory();
            case "static-rr" -> new StaticRrFactory();
            default -> throw new IllegalArgumentException(name);
        };
        HashType type = HashType.DEFAULT;
        if (hashType != null) {
            // as the loader reads it: consistent alone is sdbm with avalanche
            String[] parts = hashType.split(" ");
            boolean consistent = parts[0].equals("consistent");
            type = parts.length == 1 ? new HashType(consistent, "sdbm", consistent)
                    : new HashType(consistent, parts[1], parts.length > 2);
        }
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            servers.add(new Numbered("s" + (i + 1), weights[i], i + 1));
        }
        return factory.create(words, type).newPicker(new ServerSnapshot(servers, 1), null);
    }

    /** A server with HAProxy's id, idle. */
    private record Numbered(String name, int weight, int id) implements Server, ServerLoad {
        @Override
        public ServerLoad load() {
            return this;
        }

        @Override
        public int inflight() {
            return 0;
        }
    }

    /** An HTTP request as a picker sees it. */
    private record Request(@Nullable String uri, @Nullable String headerName, @Nullable String headerValue,
                           @Nullable Server previous) implements PickContext {
        static Request of(@Nullable String uri) {
            return new Request(uri, null, null, null);
        }

        static Request header(String name, String value) {
            return new Request("/", value.isEmpty() ? null : name, value, null);
        }

        @Override
        public int attempt() {
            return previous == null ? 0 : 1;
        }

        @Override
        public CharSequence requestHeader(CharSequence name) {
            return headerName != null && headerName.equalsIgnoreCase(name.toString()) ? headerValue : null;
        }
    }
}
