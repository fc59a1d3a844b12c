package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

/** Server {@code id}; the messages are haproxy 2.6.12 -c's on the same lines. */
final class ServerIdConfigTest {
    @Test
    void messagesAndIds() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                backend be
                    server s1 127.0.0.1:18091 id 3
                    server s2 127.0.0.1:18091
                    server s3 127.0.0.1:18091 id 3
                    server s4 127.0.0.1:18091 id 0
                    server s5 127.0.0.1:18091 id
                    server s6 127.0.0.1:18091 id abc
                    default-server id 7
                    server s7 127.0.0.1:18091 id 2x
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:9: ALERT: 'server be/s3' : 'id' : custom id 3 already used at test.cfg:7 ('server s1').
                test.cfg:10: ALERT: 'server be/s4' : 'id' : custom id has to be > 0.
                test.cfg:11: ALERT: 'server be/s5' : 'id' : expects an integer argument.
                test.cfg:12: ALERT: 'server be/s6' : 'id' : custom id has to be > 0.
                test.cfg:13: ALERT: 'id' option is not accepted in default-server sections""");
    }

    @Test
    void idsAreKept() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 5s
                    timeout server 5s
                    timeout connect 5s
                backend be
                    server s1 127.0.0.1:18091 id 3
                    server s2 127.0.0.1:18091
                    server s3 127.0.0.1:18091 id 2x
                """);
        assertThat(result.config().orElseThrow(() -> new AssertionError(render(result))).backends().get(0).servers())
                .extracting(ServerConfig::id).containsExactly(3, 0, 2);
    }
}
