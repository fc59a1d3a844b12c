package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ServerStateConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code server-state-file}, {@code server-state-base}, {@code load-server-state-from-file} and
 * {@code server-state-file-name}: which file each backend loads, and HAProxy 2.6's messages
 * (checked against {@code haproxy -c}).
 */
final class ServerStateConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            """;

    @Test
    void eachBackendLoadsTheGlobalFileItsOwnOrNoneWithTheBaseApplied() {
        LoadResult result = load("""
                global
                    server-state-base /var/lib/haproxy/
                    server-state-file global.state
                """ + DEFAULTS + """
                    load-server-state-from-file global
                backend fromglobal
                    server s1 127.0.0.1:80
                backend named
                    load-server-state-from-file local
                    server-state-file-name /abs/named.state
                backend ownname
                    load-server-state-from-file local
                    server-state-file-name use-backend-name
                backend implicit
                    load-server-state-from-file local
                    server-state-file-name
                backend none
                    load-server-state-from-file none
                frontend f
                    bind :8080
                    default_backend fromglobal
                """);
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        Map<String, Optional<String>> backends = new LinkedHashMap<>();
        backends.put("fromglobal", Optional.empty());
        backends.put("named", Optional.of("/abs/named.state"));
        backends.put("ownname", Optional.of("/var/lib/haproxy/ownname"));
        backends.put("implicit", Optional.of("/var/lib/haproxy/implicit"));
        assertThat(result.config().orElseThrow().serverState())
                .isEqualTo(new ServerStateConfig(Optional.of("/var/lib/haproxy/global.state"), backends));
    }

    @Test
    void noStateWithoutTheKeywordsAndTheWarningForAGlobalFileNotSet() {
        LoadResult none = load(DEFAULTS + """
                backend b
                    server s1 127.0.0.1:80
                """);
        assertThat(none.config().orElseThrow().serverState()).isEqualTo(ServerStateConfig.NONE);
        LoadResult unset = load(DEFAULTS + """
                    load-server-state-from-file global
                backend b
                    server s1 127.0.0.1:80
                backend empty
                frontend f
                    bind :8080
                    default_backend b
                """);
        assertThat(render(unset)).isEqualTo("""
                WARNING: backend 'b' configured to load server state file from global section 'server-state-file'\
                 directive. Unfortunately, 'server-state-file' is not set!
                WARNING: backend 'empty' configured to load server state file from global section\
                 'server-state-file' directive. Unfortunately, 'server-state-file' is not set!""");
    }

    @Test
    void haproxysAlertsAndWarnings() {
        LoadResult result = load("""
                defaults
                    load-server-state-from-file bad
                backend b
                    server-state-file-name x y
                frontend f
                    bind :29210
                    load-server-state-from-file none
                    server-state-file-name
                global
                    server-state-file
                    server-state-base
                    server-state-base /a
                    server-state-base /b
                """);
        assertThat(render(result)).isEqualTo("""
                test.cfg:2: ALERT: 'load-server-state-from-file' expects 'global', 'local' or 'none'. Got 'bad'
                test.cfg:4: ALERT: 'server-state-file-name' cannot handle unexpected argument 'y'.
                test.cfg:7: WARNING: 'load-server-state-from-file' ignored because frontend 'f' has no backend\
                 capability.
                test.cfg:8: WARNING: 'server-state-file-name' ignored because frontend 'f' has no backend capability.
                test.cfg:10: ALERT: 'server-state-file' expect one argument: a file path.
                test.cfg:11: ALERT: 'server-state-base' expects one argument: a directory path.
                test.cfg:13: ALERT: 'server-state-base' already specified. Continuing.""");
    }
}
