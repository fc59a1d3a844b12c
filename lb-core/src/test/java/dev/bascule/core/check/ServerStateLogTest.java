package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.HERE;
import static dev.bascule.core.check.Fixtures.NO_CLIENT;
import static dev.bascule.core.check.Fixtures.runtime;
import static dev.bascule.core.check.Fixtures.server;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.BackendLogConfig;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.core.runtime.ProxyRuntime;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A backend's own log targets: server state messages, a backend left without servers and
 * {@code option log-health-checks}, with HAProxy 2.6.12's words and levels (recorded from haproxy
 * with a UDP listener), and the runtime API's {@code disable|enable server} and
 * {@code show servers state}.
 */
final class ServerStateLogTest {
    private static final ServerCheck QUICK = new ServerCheck(true, Duration.ofMillis(200), Optional.empty(),
            Optional.of(Duration.ofSeconds(100)), 1, 1, OptionalInt.empty(), Optional.empty());
    /** {@code daemon} (3): the header's priority is facility x 8 + level. */
    private static final int DAEMON = 3;

    private DatagramSocket syslog;

    @BeforeEach
    void listen() throws IOException {
        syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        syslog.setSoTimeout(2000);
    }

    @AfterEach
    void close() {
        syslog.close();
    }

    private BackendLogConfig log(boolean healthChecks) {
        return new BackendLogConfig(List.of(new LogTarget(LogTarget.Destination.UDP, "127.0.0.1", syslog.getLocalPort(),
                LogTarget.DEFAULT_MAX_LENGTH, LogTarget.Format.RFC3164, DAEMON, 7, 0, HERE)), healthChecks);
    }

    /** The next datagrams, each as priority and message, the header's date, tag and pid checked. */
    private List<String> receive(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        String pid = "[" + ProcessHandle.current().pid() + "]: ";
        for (int i = 0; i < count; i++) {
            byte[] buffer = new byte[2048];
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            syslog.receive(packet);
            String line = new String(buffer, 0, packet.getLength(), StandardCharsets.US_ASCII);
            assertThat(line).matches("<\\d+>[A-Z][a-z]{2} [ \\d]\\d \\d\\d:\\d\\d:\\d\\d haproxy\\[\\d+\\]: .*\n");
            assertThat(line).contains(pid);
            lines.add(line.substring(0, line.indexOf('>') + 1) + line.substring(line.indexOf(pid) + pid.length(),
                    line.length() - 1));
        }
        return lines;
    }

    private void assertNothingMore() throws IOException {
        syslog.setSoTimeout(100);
        try {
            syslog.receive(new DatagramPacket(new byte[2048], 2048));
            throw new AssertionError("an unexpected datagram");
        } catch (SocketTimeoutException expected) {
            // nothing more
        }
    }

    @Test
    void logHealthChecksLogsEachNewResultAndTheTransitionsWithoutTheCheckStatus() throws IOException {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, QUICK, false)), log(true));
        Fixtures.RecordingLog stderr = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, stderr, timer).start();

        timer.advanceTo(0);
        timer.advanceTo(200); // the same status, the counter already at its top: nothing
        assertThat(receive(1)).containsExactly("<29>Health check for server b/s1 succeeded, reason: Layer4 check"
                + " passed, check duration: 0ms, status: 1/1 UP.");
        check.set("s1", CheckStatus.L4CON);
        timer.advanceTo(400);
        assertThat(receive(3)).containsExactly(
                "<29>Health check for server b/s1 failed, reason: Layer4 connection problem, info: \"Connection"
                        + " refused\", check duration: 0ms, status: 0/1 DOWN.",
                "<25>Server b/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued,"
                        + " 0 remaining in queue.",
                "<24>backend b has no server available!");
        assertThat(stderr.events).containsExactly(
                "[WARNING] Health check for server b/s1 succeeded, reason: Layer4 check passed, check duration: 0ms,"
                        + " status: 1/1 UP.",
                "[WARNING] Health check for server b/s1 failed, reason: Layer4 connection problem, info: \"Connection"
                        + " refused\", check duration: 0ms, status: 0/1 DOWN.",
                "[WARNING] Server b/s1 is DOWN. 0 active and 0 backup servers left. 0 sessions active, 0 requeued,"
                        + " 0 remaining in queue.",
                "[ALERT] backend 'b' has no server available!");
        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(100_400);
        assertThat(receive(2)).containsExactly("<29>Health check for server b/s1 succeeded, reason: Layer4 check"
                + " passed, check duration: 0ms, status: 1/1 UP.", "<29>Server b/s1 is UP. 1 active and 0 backup"
                + " servers online. 0 sessions requeued, 0 total in queue.");
        assertNothingMore();
    }

    @Test
    void withoutLogHealthChecksOnlyTheTransitionsAreLoggedWithTheirStatus() throws IOException {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        check.set("s1", CheckStatus.L4CON);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, QUICK, false)), log(false));
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        assertThat(receive(2)).containsExactly("<25>Server b/s1 is DOWN, reason: Layer4 connection problem, info:"
                + " \"Connection refused\", check duration: 0ms. 0 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.", "<24>backend b has no server available!");
        assertNothingMore();
    }

    @Test
    void disableAndEnableServerGoThroughTheSchedulerAndShowInTheServersState() throws IOException {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, QUICK, false)), log(true));
        Fixtures.RecordingLog stderr = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, NO_CLIENT, stderr, timer).start();
        timer.advanceTo(0);
        receive(1);
        ServerCommands commands = new ServerCommands(runtime);
        StringBuilder out = new StringBuilder();

        assertThat(commands.execute(List.of("disable", "server", "b/s1"), "operator", out)).isTrue();
        assertThat(out).hasToString("Permission denied\n");
        out.setLength(0);
        commands.execute(List.of("disable", "server", "b/s1"), "admin", out);
        assertThat(out).isEmpty();
        timer.advanceTo(0);
        assertThat(receive(2)).containsExactly("<25>Server b/s1 is going DOWN for maintenance. 0 active and 0 backup"
                + " servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                "<24>backend b has no server available!");
        commands.execute(List.of("disable", "server", "b/s1"), "admin", out);
        timer.advanceTo(1000); // in maintenance: no probe, no message
        assertThat(check.probes).containsExactly("0 s1");
        dev.bascule.core.stats.StatsReport report = new dev.bascule.core.stats.StatsReport(List.of(
                new dev.bascule.core.stats.StatsReport.Proxy("b", 2, null, runtime.backends().get(0))),
                java.util.OptionalInt.empty());
        String csv = report.csv(CheckStatsTest.PAGE, "b", dev.bascule.core.stats.StatsReport.Options.parse(
                "/stats;csv", 6), System.currentTimeMillis());
        assertThat(csv.lines().filter(line -> line.startsWith("b,s1,")).findFirst().orElseThrow())
                .as("HAProxy's status of a server in forced maintenance").contains(",MAINT,");
        commands.execute(List.of("show", "servers", "state"), "user", out);
        assertThat(out.toString()).startsWith("1\n# be_id be_name srv_id srv_name srv_addr srv_op_state")
                .endsWith("\n1 b 1 s1 127.0.0.1 0 1 1 1 0 6 3 0 14 0 0 0 - 1 - 0 0 - - 0\n");

        out.setLength(0);
        commands.execute(List.of("enable", "server", "b/s1"), "admin", out);
        timer.advanceTo(1000);
        assertThat(receive(1)).containsExactly("<29>Server b/s1 is UP/READY (leaving forced maintenance).");
        commands.execute(List.of("show", "servers", "state", "b"), "user", out);
        assertThat(out.toString()).endsWith("\n1 b 1 s1 127.0.0.1 2 0 1 1 0 6 3 1 6 0 0 0 - 1 - 0 0 - - 0\n");
        assertThat(stderr.events).contains("[WARNING] Server b/s1 is going DOWN for maintenance. 0 active and 0 backup"
                + " servers left. 0 sessions active, 0 requeued, 0 remaining in queue.",
                "[ALERT] backend 'b' has no server available!",
                "[WARNING] Server b/s1 is UP/READY (leaving forced maintenance).");
    }

    @Test
    void theServerCommandsAnswerAsHaproxyToBadArguments() {
        ProxyRuntime runtime = runtime(new Fixtures.ScriptedCheck(new FakeTimer()),
                List.of(server("s1", 1, QUICK, false)));
        ServerCommands commands = new ServerCommands(runtime);
        StringBuilder out = new StringBuilder();
        commands.execute(List.of("disable", "server", "b"), "admin", out);
        commands.execute(List.of("disable", "server", "x/s1"), "admin", out);
        commands.execute(List.of("enable", "server", "b/x"), "admin", out);
        commands.execute(List.of("show", "servers", "state", "x"), "admin", out);
        assertThat(out).hasToString("Require 'backend/server'.\nNo such backend.\nNo such server.\n"
                + "Can't find backend.\n");
        assertThat(commands.execute(List.of("show", "servers", "conn"), "admin", out)).isFalse();
    }

    @Test
    void aDownServerEntersMaintenanceQuietlyAndIsCheckedAgainWhenItsProbeWasDue() throws IOException {
        FakeTimer timer = new FakeTimer();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        check.set("s2", CheckStatus.L4CON);
        ProxyRuntime runtime = runtime(check, List.of(server("s1", 1, QUICK, false), server("s2", 2, QUICK, false)),
                log(false));
        new HealthCheckScheduler(runtime, NO_CLIENT, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(100);
        assertThat(receive(1)).singleElement().asString().startsWith("<25>Server b/s2 is DOWN, reason:");
        ServerCommands commands = new ServerCommands(runtime);
        StringBuilder out = new StringBuilder();
        commands.execute(List.of("disable", "server", "b/s2"), "admin", out);
        timer.advanceTo(150);
        assertThat(receive(1)).containsExactly("<29>Server b/s2 was DOWN and now enters maintenance.");
        commands.execute(List.of("enable", "server", "b/s2"), "admin", out);
        timer.advanceTo(160);
        assertThat(receive(1)).containsExactly("<29>Server b/s2 is UP/READY (leaving forced maintenance).");
        timer.advanceTo(100_000); // as HAProxy, the probe due after downinter stays where it was
        assertNothingMore();
        timer.advanceTo(100_100);
        assertThat(receive(1)).singleElement().asString().startsWith("<25>Server b/s2 is DOWN, reason:");
        assertThat(out).isEmpty();
    }
}
