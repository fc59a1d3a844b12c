package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The same configuration run by the real HAProxy (Debian's package, installed by .ci/run) and by
 * Bascule, the same requests sent to both: the same server must answer each.
 */
@Timeout(60)
final class DifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Pattern ORIGIN = Pattern.compile("(?im)^x-origin: (\\S+)");

    @Test
    void roundrobinWithWeights(@TempDir Path temp) throws Exception {
        compare(temp, "roundrobin", new int[] {1, 1, 1}, clients("127.0.0.1", 9));
        compare(temp, "roundrobin", new int[] {1, 2, 5}, clients("127.0.0.1", 16));
        compare(temp, "roundrobin", new int[] {3, 1, 7, 2}, clients("127.0.0.1", 40));
        compare(temp, "roundrobin", new int[] {10, 0, 1}, clients("127.0.0.1", 25));
    }

    @Test
    void sourceHashesClientAddresses(@TempDir Path temp) throws Exception {
        List<String> clients = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            clients.add("127.0.0." + i);
        }
        compare(temp, "source", new int[] {1, 1, 1}, clients);
        compare(temp, "source", new int[] {1, 2, 5}, clients);
        compare(temp, "source", "hash-type consistent", new int[] {1, 1, 1}, requests(clients));
        compare(temp, "source", "hash-type map-based sdbm avalanche", new int[] {1, 2, 5}, requests(clients));
    }

    @Test
    void leastconnOnSequentialRequests(@TempDir Path temp) throws Exception {
        compare(temp, "leastconn", new int[] {1, 1, 1}, clients("127.0.0.1", 7));
    }

    @Test
    void uriHashesTheRequestTarget(@TempDir Path temp) throws Exception {
        List<Request> requests = targets("/", "/a", "/a/b/c", "/a/b/c?x=1", "/a/b/d?x=2", "/index.html",
                "/img/logo.png", "/api/v1/users/42?full=1", "/x?y", "/x?z", "/deep/er/path/to/file", "*",
                "http://example.com/a/b/c?x=1", "http://example.com",
                // HAProxy drops a default port before balancing: so must Bascule
                "http://h:80/p/q", "HTTP://h:80", "https://h:443/s?t=1");
        compare(temp, "uri", "", new int[] {1, 1, 1, 1}, requests);
        compare(temp, "uri whole", "", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "uri len 4 depth 2", "", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "uri path-only whole", "", new int[] {2, 1, 1}, requests);
        compare(temp, "uri whole", "hash-type map-based wt6 avalanche", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "uri", "hash-type map-based crc32", new int[] {1, 1, 1}, requests);
        compare(temp, "uri", "hash-type consistent", new int[] {1, 1, 1, 1}, requests);
        compare(temp, "uri whole", "hash-type consistent djb2", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "uri", "hash-type consistent crc32 avalanche", new int[] {3, 1, 2}, requests);
    }

    @Test
    void urlParamHashesAParameterOrGoesRoundRobin(@TempDir Path temp) throws Exception {
        List<Request> requests = targets("/?user=alice", "/p?a=1&user=bob", "/p?a=1&user=bob&user=carol",
                "/p?userx=1&user=dave", "/p?a=1", "/p", "/p?user=", "/p?x=1&user=alice&y=2", "/?user",
                "/p?user=erin", "/p?a=1", "/q", "/q");
        compare(temp, "url_param user", "", new int[] {1, 1, 1, 1}, requests);
        compare(temp, "url_param user", "hash-type map-based djb2", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "url_param user", "hash-type consistent", new int[] {1, 2, 3, 1}, requests);
    }

    @Test
    void hdrHashesAHeaderOrGoesRoundRobin(@TempDir Path temp) throws Exception {
        List<Request> requests = new ArrayList<>();
        for (String value : List.of("www.example.com", "example.com", "localhost", "a.b.c.d.example.org",
                "www.example.com:8080", "example.", "", "alice", "bob, carol", " dave ", "EXAMPLE.com", "", "x")) {
            requests.add(new Request("127.0.0.1", "/", value.isEmpty() ? "" : "X-User: " + value + "\r\n"));
        }
        compare(temp, "hdr(x-user)", "", new int[] {1, 1, 1, 1}, requests);
        compare(temp, "hdr(X-User) use_domain_only", "", new int[] {1, 2, 3, 1}, requests);
        compare(temp, "hdr(x-user)", "hash-type consistent wt6", new int[] {2, 1, 1, 1}, requests);
    }

    @Test
    void staticRrWalksTheWeightMap(@TempDir Path temp) throws Exception {
        compare(temp, "static-rr", new int[] {1, 2, 3, 1}, clients("127.0.0.1", 16));
    }

    @Test
    void firstSendsEverythingToTheFirstServer(@TempDir Path temp) throws Exception {
        compare(temp, "first", "", new int[] {1, 5}, targets("/", "/a", "/b"), true);
    }

    /** {@code GET /} from each client address. */
    private static List<Request> requests(List<String> clients) {
        List<Request> requests = new ArrayList<>();
        for (String client : clients) {
            requests.add(new Request(client, "/", ""));
        }
        return requests;
    }

    /** One request per target, from 127.0.0.1, with a Host header matching an absolute target. */
    private static List<Request> targets(String... targets) {
        List<Request> requests = new ArrayList<>();
        for (String target : targets) {
            requests.add(new Request("127.0.0.1", target, ""));
        }
        return requests;
    }

    private static List<String> clients(String address, int count) {
        List<String> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(address);
        }
        return clients;
    }

    /**
     * A request: the client address it comes from, its target, and header lines to add (each
     * ending in CRLF). The Host header is the target's authority when it has one.
     */
    private record Request(String client, String target, String headers) {
        String head() {
            Matcher authority = AUTHORITY.matcher(target);
            String host = authority.find() ? authority.group(1) : "test";
            return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n" + headers + "Connection: close\r\n\r\n";
        }
    }

    private static final Pattern AUTHORITY = Pattern.compile("^[a-zA-Z]+://([^/]*)");

    /** Sends one request per client address (a connection each) to HAProxy, then to Bascule, and compares who answered. */
    private static void compare(Path temp, String algorithm, int[] weights, List<String> clients) throws Exception {
        compare(temp, algorithm, "", weights, requests(clients));
    }

    /** Sends each request (a connection each) to HAProxy, then to Bascule, and compares who answered. */
    private static void compare(Path temp, String algorithm, String extra, int[] weights, List<Request> clients)
            throws Exception {
        compare(temp, algorithm, extra, weights, clients, false);
    }

    /** As above; {@code oneServer}: all the answers may come from one server (balance first). */
    private static void compare(Path temp, String algorithm, String extra, int[] weights, List<Request> clients,
                                boolean oneServer) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<TestOrigin> origins = new ArrayList<>();
        try {
            for (int i = 0; i < weights.length; i++) {
                origins.add(new TestOrigin("s" + (i + 1)));
            }
            int haproxyPort = Embedded.freePort();
            int basculePort = Embedded.freePort();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(algorithm, extra, weights, origins, haproxyPort));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = answers(haproxyPort, clients);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            List<String> actual;
            try (Embedded bascule = Embedded.start(config(algorithm, extra, weights, origins, basculePort))) {
                actual = answers(basculePort, clients);
            }
            // both runs must really have been served, by more than one server
            assertThat(new java.util.HashSet<>(expected)).hasSizeGreaterThan(oneServer ? 0 : 1)
                    .allMatch(name -> name.matches("s\\d+"));
            assertThat(actual).as("balance %s, %s, weights %s, requests %s", algorithm, extra,
                    java.util.Arrays.toString(weights), clients).isEqualTo(expected);
        } finally {
            origins.forEach(TestOrigin::close);
        }
    }

    private static String config(String algorithm, String extra, int[] weights, List<TestOrigin> origins, int port) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "listen px",
                "    bind 127.0.0.1:" + port,
                "    balance " + algorithm,
                "    " + extra,
                ""));
        for (int i = 0; i < weights.length; i++) {
            config.append("    server s").append(i + 1).append(" 127.0.0.1:").append(origins.get(i).port())
                    .append(" weight ").append(weights[i]).append('\n');
        }
        return config.toString();
    }

    private static List<String> answers(int port, List<Request> requests) throws IOException {
        List<String> answers = new ArrayList<>();
        for (Request request : requests) {
            try (Socket socket = new Socket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName(request.client()), 0));
                socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, request.head());
                String response = HttpProxyIT.readResponse(socket.getInputStream());
                Matcher matcher = ORIGIN.matcher(response);
                answers.add(matcher.find() ? matcher.group(1) : response.lines().findFirst().orElse("<nothing>"));
            }
        }
        return answers;
    }
}
