package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

/**
 * Server {@code maxconn}, {@code maxqueue}, {@code minconn}, {@code fullconn} and
 * {@code timeout queue}, as HAProxy 2.6.12 reads them (compared with {@code haproxy -c}): the
 * server options take their next word through {@code atol()} without a check.
 */
final class QueueConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            frontend f
                bind :8080
                default_backend b
            """;

    private static BackendConfig backend(String text) {
        LoadResult result = load(DEFAULTS + text);
        assertThat(result.config()).as(render(result)).isPresent();
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();
        return config.backends().stream().filter(backend -> backend.name().equals("b")).findFirst().orElseThrow();
    }

    private static ServerConfig server(BackendConfig backend, String name) {
        return backend.servers().stream().filter(server -> server.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void withoutTheKeywordsThereIsNoLimit() {
        BackendConfig backend = backend("""
                backend b
                    server s1 127.0.0.1:8081
                """);
        ServerConfig server = server(backend, "s1");
        assertThat(server.maxConn()).isZero();
        assertThat(server.maxQueue()).isZero();
        assertThat(server.minConn()).isZero();
        assertThat(backend.fullConn()).isZero();
        assertThat(backend.timeouts().queue()).isEmpty();
    }

    @Test
    void serverLimitsComeFromTheLineAndDefaultServer() {
        BackendConfig backend = backend("""
                backend b
                    fullconn 1000
                    timeout queue 30s
                    default-server maxconn 256 maxqueue 128
                    server s1 127.0.0.1:8081 check maxconn 100
                    server s2 127.0.0.1:8082
                    server s3 127.0.0.1:8083 maxconn 100 minconn 10
                """);
        assertThat(server(backend, "s1").maxConn()).isEqualTo(100);
        assertThat(server(backend, "s1").maxQueue()).isEqualTo(128);
        // no minconn: HAProxy's check_config_validity() sets it to maxconn
        assertThat(server(backend, "s1").minConn()).isEqualTo(100);
        assertThat(server(backend, "s2").maxConn()).isEqualTo(256);
        assertThat(server(backend, "s3").minConn()).isEqualTo(10);
        assertThat(backend.fullConn()).isEqualTo(1000);
        assertThat(backend.timeouts().queue()).isEqualTo(Optional.of(Duration.ofSeconds(30)));
    }

    @Test
    void minconnAboveMaxconnBecomesTheMaxconn() {
        BackendConfig backend = backend("""
                backend b
                    server s1 127.0.0.1:8081 minconn 20
                    server s2 127.0.0.1:8082 maxconn 10 minconn 20
                """);
        assertThat(server(backend, "s1").maxConn()).isEqualTo(20);
        assertThat(server(backend, "s1").minConn()).isEqualTo(20);
        assertThat(server(backend, "s2").maxConn()).isEqualTo(20);
    }

    @Test
    void valuesAreReadWithAtolAndTheNextWordIsTakenEitherWay() {
        // haproxy -c accepts all of these: maxconn without number is 0 (and takes 'check' as its value),
        // a negative maxconn is an unsigned limit of about four billion, a negative maxqueue no limit
        BackendConfig backend = backend("""
                backend b
                    server s1 127.0.0.1:8081 maxconn check
                    server s2 127.0.0.1:8082 maxconn -5 maxqueue -1
                    server s3 127.0.0.1:8083 maxconn 12abc
                """);
        assertThat(server(backend, "s1").maxConn()).isZero();
        assertThat(server(backend, "s1").check().enabled()).isFalse();
        assertThat(server(backend, "s2").maxConn()).isEqualTo(Integer.MAX_VALUE);
        assertThat(server(backend, "s2").maxQueue()).isZero();
        assertThat(server(backend, "s3").maxConn()).isEqualTo(12);
    }

    @Test
    void fullconnIsInheritedFromDefaults() {
        LoadResult result = load("""
                defaults
                    mode http
                    timeout client 1s
                    timeout server 1s
                    timeout connect 1s
                    fullconn 50
                    timeout queue 2s
                backend b
                    server s1 127.0.0.1:8081 maxconn 10
                """);
        assertThat(result.config()).as(render(result)).isPresent();
        BackendConfig backend = result.config().orElseThrow().backends().get(0);
        assertThat(backend.fullConn()).isEqualTo(50);
        assertThat(backend.timeouts().queue()).isEqualTo(Optional.of(Duration.ofSeconds(2)));
    }
}
