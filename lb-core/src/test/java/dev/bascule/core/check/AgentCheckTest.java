package dev.bascule.core.check;

import static dev.bascule.core.check.Fixtures.HERE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.config.BackendLogConfig;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerAgent;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.config.ServerResolution;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The agent check as HAProxy 2.6 carries it out: its words act on the server, its {@code down}
 * takes it DOWN, its {@code up} brings it back only when the health check agrees, and failing to
 * reach the agent changes nothing.
 */
final class AgentCheckTest {
    private static final ServerCheck NO_CHECK = ServerCheck.disabled();
    private static final ServerCheck CHECK = new ServerCheck(true, Duration.ofMillis(1000), Optional.empty(),
            Optional.empty(), 1, 1, OptionalInt.empty(), Optional.empty());
    private static final ServerAgent AGENT = new ServerAgent(true, Optional.of(Duration.ofMillis(500)),
            OptionalInt.of(9999), Optional.empty(), "hello\n");

    /** Answers each agent connection with the next line of the script; null refuses the connection. */
    private static final class ScriptedAgent implements ProbeClient {
        final List<String> lines = new ArrayList<>();
        final List<String> received = new ArrayList<>();
        String next = "up";

        @Override
        public CompletionStage<ProbeConnection> connect(java.net.InetSocketAddress address, Duration timeout) {
            String line = next;
            if (line == null) {
                return CompletableFuture.failedFuture(new ConnectException("Connection refused: /" + address));
            }
            lines.add(address.getPort() + " " + line);
            return CompletableFuture.completedFuture(new ProbeConnection() {
                boolean answered;

                @Override
                public CompletionStage<Void> send(byte[] data) {
                    received.add(new String(data, StandardCharsets.ISO_8859_1));
                    return CompletableFuture.completedFuture(null);
                }

                @Override
                public CompletionStage<byte[]> receive(int maxBytes) {
                    throw new AssertionError("the agent reads what comes");
                }

                @Override
                public CompletionStage<byte[]> receiveSome(int maxBytes) {
                    byte[] bytes = answered ? new byte[0] : (line + "\n").getBytes(StandardCharsets.ISO_8859_1);
                    answered = true;
                    return CompletableFuture.completedFuture(bytes);
                }

                @Override
                public void close() {
                }
            });
        }
    }

    private static ServerConfig server(String name, int weight, ServerCheck check, ServerAgent agent) {
        return new ServerConfig(name, new ServerAddress("127.0.0.1", 8000), weight, Optional.empty(), HERE, check,
                false, -1, ServerResolution.DEFAULT, 0, 0, 0, Duration.ZERO, false, 0, ServerReactions.DEFAULT,
                ProxyProtocol.NONE, agent);
    }

    private static ProxyRuntime runtime(Fixtures.ScriptedCheck check, ServerConfig... servers) {
        return Fixtures.runtime(check, List.of(servers), BackendLogConfig.NONE);
    }

    @Test
    void theAgentsWordsActOnAServerWithoutHealthCheck() {
        FakeTimer timer = new FakeTimer();
        ScriptedAgent agent = new ScriptedAgent();
        ProxyRuntime runtime = runtime(new Fixtures.ScriptedCheck(timer), server("s1", 100, NO_CHECK, AGENT),
                server("s2", 100, NO_CHECK, ServerAgent.NONE));
        BackendRuntime backend = runtime.backends().get(0);
        ServerRuntime s1 = backend.servers().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        HealthCheckScheduler scheduler = new HealthCheckScheduler(runtime, agent, log, timer);
        assertThat(scheduler.agentChecks()).isEqualTo(1);
        scheduler.start();

        agent.next = "down";
        timer.advanceTo(0);
        assertThat(agent.lines).containsExactly("9999 down");
        assertThat(agent.received).containsExactly("hello\n");
        assertThat(s1.isUp()).isFalse();
        assertThat(s1.agent().health()).isZero();
        assertThat(s1.agent().last().statusName()).isEqualTo("L7STS");
        assertThat(log.events).containsExactly("[WARNING] Server b/s1 is DOWN, reason: Layer7 wrong status, code: 0,"
                + " info: \"via agent : down\", check duration: 0ms. 1 active and 0 backup servers left. 0 sessions"
                + " active, 0 requeued, 0 remaining in queue.");

        agent.next = "up 50%";
        timer.advanceTo(500);
        assertThat(s1.isUp()).isTrue();
        assertThat(s1.weight()).isEqualTo(50);
        assertThat(log.events).hasSize(2).last().isEqualTo("[WARNING] Server b/s1 is UP, reason: Layer7 check passed,"
                + " code: 0, info: \"via agent : up\", check duration: 0ms. 2 active and 0 backup servers online."
                + " 0 sessions requeued, 0 total in queue.");

        agent.next = "drain";
        timer.advanceTo(1000);
        assertThat(s1.drain()).isTrue();
        assertThat(s1.isUp()).isTrue();
        assertThat(s1.agent().last().statusName()).isEqualTo("CHECKED");
        assertThat(log.events).hasSize(3).last().isEqualTo("[WARNING] Server b/s1 enters drain state. 1 active and"
                + " 0 backup servers online. 0 sessions requeued, 0 total in queue.");

        agent.next = "ready";
        timer.advanceTo(1500);
        assertThat(s1.drain()).isFalse();
        assertThat(log.events).hasSize(4).last().isEqualTo("[WARNING] Server b/s1 is UP (leaving forced drain).");

        agent.next = "maint";
        timer.advanceTo(2000);
        assertThat(s1.maintenance()).isTrue();
        assertThat(log.events).hasSize(5).last().asString().startsWith("[WARNING] Server b/s1 is going DOWN for"
                + " maintenance.");

        agent.next = "ready";
        timer.advanceTo(2500);
        assertThat(s1.maintenance()).isFalse();
        assertThat(s1.isUp()).isTrue();
        assertThat(log.events).hasSize(6).last().isEqualTo("[WARNING] Server b/s1 is UP/READY (leaving forced"
                + " maintenance).");
    }

    @Test
    void failingToReachTheAgentChangesNothingButItsStatus() {
        FakeTimer timer = new FakeTimer();
        ScriptedAgent agent = new ScriptedAgent();
        agent.next = null;
        ProxyRuntime runtime = runtime(new Fixtures.ScriptedCheck(timer), server("s1", 100, NO_CHECK, AGENT));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, agent, log, timer).start();
        timer.advanceTo(2000);
        assertThat(s1.isUp()).isTrue();
        assertThat(s1.agent().health()).isEqualTo(1);
        assertThat(s1.agent().last().statusName()).isEqualTo("L4CON");
        assertThat(s1.agent().last().info()).isEqualTo("Connection refused");
        assertThat(log.events).isEmpty();
    }

    @Test
    void theAgentsUpNeedsTheHealthChecksAgreement() {
        FakeTimer timer = new FakeTimer();
        ScriptedAgent agent = new ScriptedAgent();
        Fixtures.ScriptedCheck check = new Fixtures.ScriptedCheck(timer);
        ProxyRuntime runtime = runtime(check, server("s1", 100, CHECK, AGENT));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        Fixtures.RecordingLog log = new Fixtures.RecordingLog();
        new HealthCheckScheduler(runtime, agent, log, timer).start();

        // the health check fails at 0, the agent (second in HAProxy's order) answers up at 250
        check.set("s1", CheckStatus.L4CON);
        agent.next = "up";
        timer.advanceTo(400);
        assertThat(s1.isUp()).as("the agent's up alone").isFalse();

        check.set("s1", CheckStatus.L4OK);
        timer.advanceTo(1000);
        assertThat(s1.isUp()).as("the health check passes, the agent agrees").isTrue();

        // the agent says down: DOWN whatever the health check says, and its up brings it back
        agent.next = "down";
        timer.advanceTo(1250);
        assertThat(s1.isUp()).isFalse();
        timer.advanceTo(2100);
        assertThat(s1.isUp()).as("the health check passing is not enough").isFalse();
        agent.next = "up";
        timer.advanceTo(2250);
        assertThat(s1.isUp()).isTrue();
        assertThat(log.events).filteredOn(event -> event.contains(" is DOWN")).hasSize(2);
        assertThat(log.events).filteredOn(event -> event.contains(" is UP")).hasSize(2);
    }

    @Test
    void theAgentsMaxconnIsTheServersLimit() {
        FakeTimer timer = new FakeTimer();
        ScriptedAgent agent = new ScriptedAgent();
        agent.next = "maxconn:30";
        ProxyRuntime runtime = runtime(new Fixtures.ScriptedCheck(timer), server("s1", 100, NO_CHECK, AGENT));
        ServerRuntime s1 = runtime.backends().get(0).servers().get(0);
        assertThat(s1.maxConn()).isZero();
        assertThat(s1.dynamicMaxConn()).as("no limit before the agent sets one").isEqualTo(Integer.MAX_VALUE);
        new HealthCheckScheduler(runtime, agent, new Fixtures.RecordingLog(), timer).start();
        timer.advanceTo(0);
        assertThat(s1.maxConn()).isEqualTo(30);
        assertThat(s1.dynamicMaxConn()).isEqualTo(30);
    }
}
