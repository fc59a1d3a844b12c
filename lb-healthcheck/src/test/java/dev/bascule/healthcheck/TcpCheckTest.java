package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeContext;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** The tcp-check rules against a real Redis-like line server on loopback; messages as haproxy 2.6.12's. */
final class TcpCheckTest {
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** Answers PING, INFO REPLICATION and QUIT (then closes) like Redis; HANG gets no answer. */
    private int redis(String role) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        open.add(server);
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    open.add(socket);
                    Thread serving = new Thread(() -> serve(socket, role));
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        return server.getLocalPort();
    }

    private static void serve(Socket socket, String role) {
        try (socket) {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1));
            OutputStream out = socket.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                switch (line.trim().toLowerCase()) {
                    case "ping" -> out.write("+PONG\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    case "info replication" -> out.write(("$20\r\n# Replication\r\nrole:" + role + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    case "quit" -> {
                        out.write("+OK\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        return;
                    }
                    case "close" -> {
                        return;
                    }
                    case "hang" -> {
                    }
                    default -> out.write("-ERR\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
            }
        } catch (IOException e) {
            // the probe went away
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            return server.getLocalPort();
        }
    }

    private static HealthCheck check(String... arguments) throws Exception {
        return new TcpCheckFactory().create(List.of(arguments));
    }

    private static CheckResult run(HealthCheck check, int port) throws Exception {
        return run(check, port, new BlockingProbeContext());
    }

    private static CheckResult run(HealthCheck check, int port, BlockingProbeContext context) throws Exception {
        return check.check(new CheckTarget("s1", new InetSocketAddress(InetAddress.getLoopbackAddress(), port)),
                context).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static final String[] REDIS_MASTER = {
        "connect", "0",
        "send", "1", "data", "PING\r\n",
        "expect", "2", "match", "string", "pattern", "+PONG",
        "send", "1", "data", "info replication\r\n",
        "expect", "2", "match", "string", "pattern", "role:master",
        "send", "1", "data", "QUIT\r\n",
        "expect", "2", "match", "string", "pattern", "+OK",
    };

    @Test
    void aMasterPassesAtLayer7WithHaproxysInfoAndCode() throws Exception {
        assertThat(run(check(REDIS_MASTER), redis("master")))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "(tcp-check)", 0));
    }

    @Test
    void aBareOptionIsAConnect() throws Exception {
        assertThat(run(check(), redis("master"))).isEqualTo(new CheckResult(CheckStatus.L4OK, ""));
        assertThat(run(check(), closedPort())).isEqualTo(new CheckResult(CheckStatus.L4CON,
                "Connection refused at initial connection step of tcp-check"));
    }

    @Test
    void refusedConnectsNameTheirStep() throws Exception {
        assertThat(run(check(REDIS_MASTER), closedPort())).isEqualTo(new CheckResult(CheckStatus.L4CON,
                "Connection refused at step 1 of tcp-check (connect)"));
        int closed = closedPort();
        assertThat(run(check("connect", "1", "port", Integer.toString(closed)), redis("master")))
                .isEqualTo(new CheckResult(CheckStatus.L4CON, "Connection refused at step 1 of tcp-check (connect port "
                        + closed + ")"));
    }

    @Test
    void aClosedConnectionWithoutTheContentDidNotMatch() throws Exception {
        assertThat(run(check("send", "1", "data", "QUIT\r\n", "expect", "2", "match", "string", "pattern", "XYZ"),
                redis("master"))).isEqualTo(new CheckResult(CheckStatus.L7RSP,
                "TCPCHK did not match content 'XYZ' at step 2"));
        assertThat(run(check("send", "1", "data", "CLOSE\r\n", "expect", "2", "match", "string", "pattern", "XYZ"),
                redis("master"))).isEqualTo(new CheckResult(CheckStatus.L7RSP,
                "TCPCHK got an empty response at step 2"));
    }

    @Test
    void aNegatedExpectFailsOnItsContentWithItsComment() throws Exception {
        assertThat(run(check("send", "1", "data", "PING\r\n",
                "expect", "4", "match", "string", "pattern", "+PONG", "comment", "nope", "inverse", "true"),
                redis("master"))).isEqualTo(new CheckResult(CheckStatus.L7RSP,
                "TCPCHK matched unwanted content '+PONG' at step 2 comment: nope"));
    }

    @Test
    void binaryAndRegexMatchesAndStatusesOfTheRule() throws Exception {
        int port = redis("master");
        // rbinary runs on the upper-case hexadecimal dump, as HAProxy's
        assertThat(run(check("send", "1", "hex", "50494e470d0a", "expect", "2", "match", "rbinary", "pattern",
                "^2B504F", "send", "1", "data", "QUIT\r\n", "expect", "2", "match", "binary", "pattern", "2b4f4b"),
                port)).isEqualTo(new CheckResult(CheckStatus.L7OK, "(tcp-check)", 0));
        assertThat(run(check("send", "1", "data", "PING\r\n", "expect", "4", "match", "rstring", "pattern", "^\\+PO",
                "ok-status", "L7OKC", "on-success", "all good"), port))
                .isEqualTo(new CheckResult(CheckStatus.L7OKC, "all good", 0));
        assertThat(run(check("send", "1", "data", "QUIT\r\n", "expect", "6", "match", "string", "pattern", "nope",
                "min-recv", "3", "error-status", "L7STS", "on-error", "bad", "comment", "c"), port))
                .isEqualTo(new CheckResult(CheckStatus.L7STS, "bad comment: c", 0));
    }

    @Test
    void aCommentAppliesToTheRulesAfterItAndCountsAsAStep() throws Exception {
        assertThat(run(check("comment", "1", "comment", "hello", "send", "1", "data", "QUIT\r\n",
                "expect", "2", "match", "string", "pattern", "XYZ"), redis("master")))
                .isEqualTo(new CheckResult(CheckStatus.L7RSP, "TCPCHK did not match content 'XYZ' at step 3"));
        assertThat(run(check("connect", "0", "comment", "1", "comment", "hello", "send", "1", "data", "QUIT\r\n",
                "send", "1", "data", "x", "expect", "2", "match", "string", "pattern", "XYZ"), redis("master")).detail())
                .isEqualTo("TCPCHK did not match content 'XYZ' at step 5");
    }

    @Test
    void aSecondConnectClosesTheFirstAndStartsAfresh() throws Exception {
        int slave = redis("slave");
        assertThat(run(check("connect", "0", "send", "1", "data", "QUIT\r\n",
                "expect", "2", "match", "string", "pattern", "+OK",
                "connect", "1", "port", Integer.toString(slave), "send", "1", "data", "info replication\r\n",
                "expect", "2", "match", "string", "pattern", "role:slave"), redis("master")))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "(tcp-check)", 0));
    }

    /** While an expect waits, the core is told what a timeout would be: HAProxy's step and pattern. */
    @Test
    void aWaitingExpectTellsTheCoreItsTimeoutMessage() throws Exception {
        List<CheckResult> timeouts = new CopyOnWriteArrayList<>();
        BlockingProbeContext blocking = new BlockingProbeContext();
        ProbeContext context = new ProbeContext() {
            @Override
            public ProbeClient client() {
                return blocking;
            }

            @Override
            public Duration timeout() {
                return blocking.timeout();
            }

            @Override
            public void timeoutResult(CheckResult result) {
                timeouts.add(result);
            }
        };
        int port = redis("slave");
        CompletableFuture<CheckResult> probe = check(REDIS_MASTER).check(new CheckTarget("s1",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port)), context).toCompletableFuture();
        CheckResult waiting = new CheckResult(CheckStatus.L7TOUT,
                " at step 5 of tcp-check (expect string 'role:master')");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!timeouts.contains(waiting) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(timeouts).startsWith(new CheckResult(CheckStatus.L4TOUT, " at step 1 of tcp-check (connect)"),
                new CheckResult(CheckStatus.L7TOUT, " at step 2 of tcp-check (send)"),
                new CheckResult(CheckStatus.L7TOUT, " at step 3 of tcp-check (expect string '+PONG')"));
        assertThat(timeouts).contains(waiting);
        assertThat(probe).isNotDone();
        closeAll();
        open.clear();
    }
}
