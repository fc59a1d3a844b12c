package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.transport.netty.dns.TestDnsServer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A {@code resolvers} section at run time, against a real DNS server (a UDP one on 127.0.0.1
 * whose answers the test changes): the same configuration run by HAProxy 2.6 and by Bascule, the
 * same answers given in the same order; at each step both must reach the same server states
 * ({@code show servers state}: address, operational and administrative state), send requests to
 * the same origins (on 127.0.0.2 and 127.0.0.3, the addresses the answers give), and report the
 * same messages ({@code changed its IP}, {@code going DOWN for maintenance (DNS NX status)},
 * {@code resolves again}...).
 */
@Timeout(180)
final class DnsResolutionDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final String NAME = "app.test";

    /** One run's observations. */
    private record Observed(List<String> steps, List<String> messages) {
    }

    /** What a step expects of the servers' state and where its requests go. */
    private record Step(String name, Runnable answer, String state, int requests) {
    }

    /** A scenario: its resolvers and backend lines, and its steps on the DNS servers (the second one silent). */
    private record Scenario(String name, String resolvers, String backend, Consumer<TestDnsServer> initial,
                            java.util.function.Function<TestDnsServer, List<Step>> steps) {
    }

    /**
     * A server resolved by libc at start whose name the DNS does not know: it keeps libc's address
     * until {@code hold nx} has passed since the start (HAProxy counts from there when no answer
     * was valid yet), then goes into maintenance.
     */
    private static final Scenario NEVER_VALID = new Scenario("NX from the start", """
            resolvers r
                nameserver ns1 127.0.0.1:%d
                hold nx 2s
                timeout resolve 200ms
                timeout retry 200ms
            """, """
                server s1 localhost:%d resolvers r init-addr libc resolve-prefer ipv4
            """, dns -> dns.nx("localhost"), dns -> List.of(
                    new Step("NX", () -> { }, "s1 - 0 32", 1),
                    new Step("answered", () -> dns.answer("localhost", "127.0.0.2"), "s1 127.0.0.2 2 0", 1)));

    private static String config(Scenario scenario, int dnsPort, int silentPort, int frontPort, int originPort,
                                 Path socket) {
        return """
                global
                    stats socket %s level admin
                """.formatted(socket) + scenario.resolvers().formatted(dnsPort, silentPort) + """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend f
                    bind 127.0.0.1:%d
                    stats enable
                    stats uri /stats
                    default_backend b
                backend b
                """.formatted(frontPort) + scenario.backend().formatted(originPort, originPort);
    }

    private static final String RESOLVERS = """
            resolvers r
                nameserver ns1 127.0.0.1:%d
                resolve_retries 2
                hold valid 1s
                hold nx 1s
                hold obsolete 0s
                timeout resolve 200ms
                timeout retry 200ms
            """;

    private static final Scenario TEMPLATE = new Scenario("server and server-template", RESOLVERS, """
                server s1 app.test:%d resolvers r init-addr none resolve-prefer ipv4
                server-template web 1-2 app.test:%d resolvers r init-addr none resolve-prefer ipv4
            """, dns -> { }, DnsResolutionDifferentialIT::steps);

    /** A silent nameserver first, a server resolved by libc at start and checked, errors other than NX. */
    private static final Scenario ERRORS = new Scenario("refused, timeouts, two nameservers", """
            resolvers r
                nameserver ns1 127.0.0.1:%d
                nameserver ns0 127.0.0.1:%d
                resolve_retries 2
                hold refused 1s
                hold timeout 1s
                timeout resolve 200ms
                timeout retry 200ms
            """, """
                server s1 localhost:%d check inter 300 resolvers r init-addr libc resolve-prefer ipv4
            """, dns -> dns.answer("localhost", "127.0.0.1"), dns -> List.of(
                    new Step("libc's address", () -> dns.answer("localhost", "127.0.0.1"), "s1 127.0.0.1 2 0", 1),
                    new Step("another address", () -> dns.answer("localhost", "127.0.0.3"), "s1 127.0.0.3 2 0", 1),
                    new Step("refused", () -> dns.refuse("localhost"), "s1 - 0 32", 1),
                    new Step("answered again", () -> dns.answer("localhost", "127.0.0.2"), "s1 127.0.0.2 2 0", 1),
                    new Step("no answer", () -> dns.silence("localhost"), "s1 - 0 32", 1),
                    new Step("back", () -> dns.answer("localhost", "127.0.0.3"), "s1 127.0.0.3 2 0", 1)));

    /** resolve-prefer's default, ipv6: AAAA asked first, A when no AAAA record. */
    private static final Scenario FAMILIES = new Scenario("the default family", RESOLVERS, """
                server s1 app.test:%d resolvers r init-addr none
            """, dns -> { }, dns -> List.of(
                    new Step("IPv4 only", () -> dns.answer(NAME, "127.0.0.2"), "s1 127.0.0.2 2 0", 1),
                    new Step("IPv6 too", () -> dns.answer(NAME, "127.0.0.2", "::1"), "s1 ::1 2 0", 1),
                    new Step("IPv4 again", () -> dns.answer(NAME, "127.0.0.3"), "s1 127.0.0.3 2 0", 1)));

    private static List<Step> steps(TestDnsServer dns) {
        List<Step> steps = new ArrayList<>();
        steps.add(new Step("one address", () -> dns.answer(NAME, "127.0.0.2"),
                "s1 127.0.0.2 2 0|web1 - 0 32|web2 - 0 32", 1));
        steps.add(new Step("the address changes", () -> dns.answer(NAME, "127.0.0.3"),
                "s1 127.0.0.3 2 0|web1 - 0 32|web2 - 0 32", 1));
        steps.add(new Step("a second address", () -> dns.answer(NAME, "127.0.0.3", "127.0.0.2"),
                "s1 127.0.0.3 2 0|web1 127.0.0.2 2 0|web2 - 0 32", 2));
        steps.add(new Step("the name is gone", () -> dns.nx(NAME),
                "s1 - 0 32|web1 - 0 32|web2 - 0 32", 1));
        steps.add(new Step("the name is back", () -> dns.answer(NAME, "127.0.0.2"),
                "s1 127.0.0.2 2 0|web1 - 0 32|web2 - 0 32", 1));
        return steps;
    }

    @Test
    void serversFollowTheAnswersAsInHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin two = new TestOrigin("o2", "127.0.0.2", 0)) {
            int port = two.port();
            try (TestOrigin three = new TestOrigin("o3", "127.0.0.3", port)) {
                Observed haproxy = runHaproxy(TEMPLATE, temp, port);
                Observed bascule = runBascule(TEMPLATE, temp, port);
                List<String> expected = List.of(
                        "one address: s1 127.0.0.2 2 0|web1 - 0 32|web2 - 0 32 -> [o2]",
                        "the address changes: s1 127.0.0.3 2 0|web1 - 0 32|web2 - 0 32 -> [o3]",
                        "a second address: s1 127.0.0.3 2 0|web1 127.0.0.2 2 0|web2 - 0 32 -> [o2, o3]",
                        "the name is gone: s1 - 0 32|web1 - 0 32|web2 - 0 32 -> [503]",
                        "the name is back: s1 127.0.0.2 2 0|web1 - 0 32|web2 - 0 32 -> [o2]");
                assertThat(withoutPage(haproxy.steps())).isEqualTo(expected);
                assertThat(haproxy.steps().get(3)).endsWith("[s1=MAINT (resolution) , web1=MAINT (resolution) ,"
                        + " web2=MAINT (resolution) ]");
                assertThat(bascule.steps()).isEqualTo(haproxy.steps());
                assertThat(bascule.messages()).isEqualTo(haproxy.messages());
                assertThat(haproxy.messages()).contains(
                        "[WARNING] b/s1 changed its IP from (none) to 127.0.0.2 by r/ns1.",
                        "[WARNING] b/s1 changed its IP from 127.0.0.2 to 127.0.0.3 by r/ns1.",
                        "[WARNING] b/web1 changed its IP from (none) to 127.0.0.2 by DNS cache.");
            }
        }
    }

    @Test
    void refusedAndUnansweredQueriesAsInHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin one = new TestOrigin("o1", "127.0.0.1", 0)) {
            int port = one.port();
            try (TestOrigin two = new TestOrigin("o2", "127.0.0.2", port);
                 TestOrigin three = new TestOrigin("o3", "127.0.0.3", port)) {
                Observed haproxy = runHaproxy(ERRORS, temp, port);
                Observed bascule = runBascule(ERRORS, temp, port);
                assertThat(withoutPage(haproxy.steps())).isEqualTo(List.of(
                        "libc's address: s1 127.0.0.1 2 0 -> [o1]",
                        "another address: s1 127.0.0.3 2 0 -> [o3]",
                        "refused: s1 - 0 32 -> [503]",
                        "answered again: s1 127.0.0.2 2 0 -> [o2]",
                        "no answer: s1 - 0 32 -> [503]",
                        "back: s1 127.0.0.3 2 0 -> [o3]"));
                assertThat(bascule.steps()).isEqualTo(haproxy.steps());
                assertThat(bascule.messages()).isEqualTo(haproxy.messages());
                assertThat(haproxy.messages()).contains(
                        "[WARNING] b/s1 changed its IP from 127.0.0.1 to 127.0.0.3 by r/ns1.",
                        "[WARNING] Server b/s1 is going DOWN for maintenance (DNS refused status). 0 active and 0"
                                + " backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                        "[WARNING] Server b/s1 is going DOWN for maintenance (DNS timeout status). 0 active and 0"
                                + " backup servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                        "[WARNING] Server b/s1 ('localhost') is UP/READY (resolves again).",
                        "[ALERT] backend 'b' has no server available!");
            }
        }
    }

    @Test
    void aNameUnknownFromTheStartAsInHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin one = new TestOrigin("o1", "127.0.0.1", 0);
             TestOrigin two = new TestOrigin("o2", "127.0.0.2", one.port())) {
            Observed haproxy = runHaproxy(NEVER_VALID, temp, one.port());
            Observed bascule = runBascule(NEVER_VALID, temp, one.port());
            assertThat(withoutPage(haproxy.steps())).isEqualTo(List.of("NX: s1 - 0 32 -> [503]",
                    "answered: s1 127.0.0.2 2 0 -> [o2]"));
            assertThat(bascule.steps()).isEqualTo(haproxy.steps());
            assertThat(bascule.messages()).isEqualTo(haproxy.messages());
        }
    }

    @Test
    void ipv6PreferredAsInHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        try (TestOrigin two = new TestOrigin("o2", "127.0.0.2", 0);
             TestOrigin three = new TestOrigin("o3", "127.0.0.3", two.port());
             TestOrigin six = new TestOrigin("o6", "::1", two.port())) {
            Observed haproxy = runHaproxy(FAMILIES, temp, two.port());
            Observed bascule = runBascule(FAMILIES, temp, two.port());
            assertThat(withoutPage(haproxy.steps())).isEqualTo(List.of("IPv4 only: s1 127.0.0.2 2 0 -> [o2]",
                    "IPv6 too: s1 ::1 2 0 -> [o6]", "IPv4 again: s1 127.0.0.3 2 0 -> [o3]"));
            assertThat(bascule.steps()).isEqualTo(haproxy.steps());
            assertThat(bascule.messages()).isEqualTo(haproxy.messages());
            assertThat(haproxy.messages()).contains("[WARNING] b/s1 changed its IP from 127.0.0.2 to ::1 by r/ns1.");
        }
    }

    private Observed runHaproxy(Scenario scenario, Path temp, int originPort) throws Exception {
        Path socket = temp.resolve("haproxy.sock");
        Path log = temp.resolve("haproxy.log");
        try (TestDnsServer dns = new TestDnsServer(); TestDnsServer silent = silent()) {
            scenario.initial().accept(dns);
            int front = Embedded.freePort();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, config(scenario, dns.port(), silent.port(), front, originPort, socket));
            Process process = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            try {
                CommandLineIT.awaitListening(front);
                List<String> steps = run(scenario.steps().apply(dns), front, socket);
                return new Observed(steps, haproxyMessages(Files.readAllLines(log)));
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private Observed runBascule(Scenario scenario, Path temp, int originPort) throws Exception {
        Path socket = temp.resolve("bascule.sock");
        try (TestDnsServer dns = new TestDnsServer(); TestDnsServer silent = silent()) {
            scenario.initial().accept(dns);
            int front = Embedded.freePort();
            try (Embedded bascule = Embedded.start(config(scenario, dns.port(), silent.port(), front, originPort,
                    socket))) {
                List<String> steps = run(scenario.steps().apply(dns), front, socket);
                return new Observed(steps, bascule.events().stream().filter(DnsResolutionDifferentialIT::about)
                        .toList());
            }
        }
    }

    /** The steps without their statistics page part. */
    private static List<String> withoutPage(List<String> steps) {
        return steps.stream().map(step -> step.substring(0, step.lastIndexOf(" ["))).toList();
    }

    /** A nameserver that never answers. */
    private static TestDnsServer silent() throws InterruptedException {
        TestDnsServer silent = new TestDnsServer();
        silent.silence("localhost");
        silent.silence(NAME);
        return silent;
    }

    /** HAProxy's stderr lines about the backend, as {@code [WARNING] message} without the pid. */
    private static List<String> haproxyMessages(List<String> lines) {
        List<String> messages = new ArrayList<>();
        for (String line : lines) {
            int colon = line.indexOf(") : ");
            if ((line.startsWith("[WARNING]") || line.startsWith("[ALERT]")) && colon > 0) {
                String message = line.substring(0, line.indexOf(']') + 1) + " " + line.substring(colon + 4);
                if (about(message)) {
                    messages.add(message);
                }
            }
        }
        return messages;
    }

    private static boolean about(String message) {
        return message.contains(" b/") || message.contains("backend 'b'");
    }

    /** The steps: for each, the state reached and the origins that served its requests. */
    private static List<String> run(List<Step> steps, int front, Path socket) throws Exception {
        List<String> observed = new ArrayList<>();
        for (Step step : steps) {
            step.answer().run();
            String state = await(() -> state(socket), step.state());
            String page = statsPage(front);
            TreeSet<String> origins = new TreeSet<>();
            for (int i = 0; i < step.requests(); i++) {
                origins.add(origin(front));
            }
            observed.add(step.name() + ": " + state + " -> " + origins + " " + page);
        }
        return observed;
    }

    /** Polls until {@code expected} (bounded): the state reached, expected or not. */
    private static String await(Supplier<String> current, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        String seen = current.get();
        while (!seen.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            seen = current.get();
        }
        return seen;
    }

    /** {@code name addr op_state admin_state} of each server of b, {@code |}-separated. */
    private static String state(Path socket) {
        try {
            String answer = ask(socket, "show servers state b\n");
            List<String> servers = new ArrayList<>();
            for (String line : answer.split("\n")) {
                String[] fields = line.split(" ");
                if (fields.length > 7 && fields[1].equals("b")) {
                    servers.add(fields[3] + " " + fields[4] + " " + fields[5] + " " + fields[6]);
                }
            }
            return String.join("|", servers);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** {@code svname=status addr} of b's servers on the statistics page's CSV ({@code MAINT (resolution)}). */
    private static String statsPage(int front) throws IOException {
        String body = StatsPageIT.split(StatsPageIT.exchange(front,
                "GET /stats;csv HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))[1];
        String[] lines = body.split("\n");
        List<String> header = List.of(lines[0].substring(2).split(",", -1));
        int status = header.indexOf("status");
        int addr = header.indexOf("addr");
        List<String> servers = new ArrayList<>();
        for (String line : lines) {
            String[] fields = line.split(",", -1);
            if (fields.length > Math.max(status, addr) && fields[0].equals("b") && !fields[1].equals("BACKEND")) {
                // a check's progress (UP 1/3) depends on when the checks ran: left out
                servers.add(fields[1] + "=" + fields[status].replaceAll(" [0-9]+/[0-9]+$", "") + " " + fields[addr]);
            }
        }
        return servers.toString();
    }

    /** The origin that answered a request on a new connection, or the status when not 200. */
    private static String origin(int front) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), front)) {
            socket.setSoTimeout(10_000);
            HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            String response = HttpProxyIT.readResponse(socket.getInputStream());
            String status = response.substring(9, 12);
            if (!status.equals("200")) {
                return status;
            }
            for (String line : response.split("\r\n")) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-origin:")) {
                    return line.substring(9).trim();
                }
            }
            return "200 without x-origin";
        }
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
