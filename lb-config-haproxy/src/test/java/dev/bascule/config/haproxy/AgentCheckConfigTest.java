package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ServerAgent;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The server options of the agent check: {@code agent-check}, {@code no-agent-check},
 * {@code agent-port}, {@code agent-addr}, {@code agent-inter}, {@code agent-send}; the messages are
 * haproxy 2.6.12 -c's on the same lines.
 */
final class AgentCheckConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 5s
                timeout server 5s
                timeout connect 5s
            """;

    @Test
    void theAgentsSettingsWithTheirDefaultsAndDefaultServer() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s0 127.0.0.1:8081
                    server s1 127.0.0.1:8081 agent-check agent-port 9000 agent-addr 127.0.0.2 agent-inter 100ms \
                agent-send "hello\\n"
                    server s2 127.0.0.1:8081 agent-check port 9001 addr 127.0.0.3
                    server s3 127.0.0.1:8081 agent-port 9002 port 9001 agent-check
                    default-server agent-check agent-port 9003 agent-send x
                    server s4 127.0.0.1:8081
                    server s5 127.0.0.1:8081 no-agent-check
                """);
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        List<ServerAgent> agents = result.config().orElseThrow().backends().get(0).servers().stream()
                .map(ServerConfig::agent).toList();
        assertThat(agents).containsExactly(
                ServerAgent.NONE,
                new ServerAgent(true, Optional.of(Duration.ofMillis(100)), OptionalInt.of(9000),
                        Optional.of("127.0.0.2"), "hello\n"),
                new ServerAgent(true, Optional.empty(), OptionalInt.of(9001), Optional.of("127.0.0.3"), ""),
                new ServerAgent(true, Optional.empty(), OptionalInt.of(9002), Optional.empty(), ""),
                new ServerAgent(true, Optional.empty(), OptionalInt.of(9003), Optional.empty(), "x"),
                // no-agent-check forgets the string too (deinit_srv_agent_check())
                new ServerAgent(false, Optional.empty(), OptionalInt.of(9003), Optional.empty(), ""));
    }

    @Test
    void haproxysMessages() {
        LoadResult result = load(DEFAULTS + """
                backend be
                    server s1 127.0.0.1:18081 agent-check agent-port
                    server s2 127.0.0.1:18081 agent-check agent-port 1 agent-addr
                    server s3 127.0.0.1:18081 agent-check agent-port 1 agent-addr not/an/ip
                    server s4 127.0.0.1:18081 agent-check agent-port 1 agent-send
                    server s5 127.0.0.1:18081 agent-check agent-port 1 agent-inter
                    server s6 127.0.0.1:18081 agent-check agent-port 1 agent-inter 0
                    server s7 127.0.0.1:18081 agent-check agent-port 1 agent-inter 10x
                    default-server agent-check
                    server s8 127.0.0.1:18081
                    server s9 127.0.0.1:18081 no-agent-check
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:7: ALERT: 'server be/s1' : 'agent-port' expects a port number as argument..
                test.cfg:8: ALERT: 'server be/s2' : 'agent-addr' expects an address as argument..
                test.cfg:9: ALERT: 'server be/s3' : parsing agent-addr failed. Check if 'not/an/ip' is correct\
                 address..
                test.cfg:10: ALERT: 'server be/s4' : 'agent-send' expects a string as argument..
                test.cfg:11: ALERT: 'server be/s5' : 'agent-inter' expects a delay as argument..
                test.cfg:12: ALERT: 'server be/s6' : invalid value 0 for argument 'agent-inter' of server s6..
                test.cfg:13: ALERT: 'server be/s7' : unexpected character 'x' in 'agent-inter' argument of server\
                 s7..
                test.cfg:15: ALERT: 'server be/s8' : server s8 does not have agent port. Agent check has been\
                 disabled.""");
    }
}
