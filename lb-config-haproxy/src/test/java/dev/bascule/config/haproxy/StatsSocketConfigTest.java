package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.config.StatsSocketConfig.FileOwner;
import dev.bascule.api.loader.LoadResult;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** {@code stats socket} options, {@code stats timeout} and {@code stats maxconn} of the global section. */
final class StatsSocketConfigTest {
    private static final String PROXY = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            frontend f
                bind 127.0.0.1:8000
                default_backend b
            backend b
                server s 127.0.0.1:8080
            """;

    private static List<StatsSocketConfig> sockets(LoadResult result) {
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow().global().statsSockets();
    }

    @Test
    void theStockDebianLineLoadsWithAWarningForExposeFd() {
        LoadResult result = load("""
                global
                    stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners
                    stats timeout 30s
                """ + PROXY);
        assertThat(sockets(result)).containsExactly(new StatsSocketConfig(
                new ListenAddress.Unix("/run/haproxy/admin.sock"), "admin", OptionalInt.of(0660), Optional.empty(),
                Optional.empty(), OptionalInt.empty(), Duration.ofSeconds(30), 10, sockets(result).get(0).location()));
        assertThat(render(result)).isEqualTo("test.cfg:2: WARNING: 'stats socket' : 'expose-fd listeners' is"
                + " accepted but Bascule does not hand its listeners over on reload (no '_getsocks' command, no"
                + " '-x'): a reload closes and re-opens the listening sockets.");
    }

    @Test
    void ownersGroupsLimitsAndTheGlobalSettingsWhereverTheyAre() {
        // nobody and nogroup exist on Debian; a later user/uid replaces an earlier one, as in HAProxy
        List<StatsSocketConfig> sockets = sockets(load("""
                global
                    stats socket /run/a.sock user nobody group nogroup maxconn 3
                    stats socket ipv4@127.0.0.1:9999 uid 5 gid 7 user nobody maxconn 0
                    stats maxconn 4
                    stats timeout 1500
                """ + PROXY));
        assertThat(sockets).hasSize(2);
        StatsSocketConfig unix = sockets.get(0);
        assertThat(unix.level()).isEqualTo("operator");
        assertThat(unix.owner()).contains(new FileOwner.Name("nobody"));
        assertThat(unix.group()).contains(new FileOwner.Name("nogroup"));
        assertThat(unix.maxConnections()).hasValue(3);
        // milliseconds by default; the last lines apply to the sockets declared before them too
        assertThat(unix.timeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(unix.sharedMaxConnections()).isEqualTo(4);
        StatsSocketConfig inet = sockets.get(1);
        assertThat(inet.owner()).contains(new FileOwner.Name("nobody"));
        assertThat(inet.group()).contains(new FileOwner.Id(7));
        assertThat(inet.maxConnections()).isEmpty();
        assertThat(inet.sharedMaxConnections()).isEqualTo(4);
    }

    @Test
    void withoutStatsTimeoutTheDefaultsAreHaproxys() {
        StatsSocketConfig socket = sockets(load("""
                global
                    stats socket /run/a.sock
                """ + PROXY)).get(0);
        assertThat(socket.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(socket.sharedMaxConnections()).isEqualTo(10);
    }
}
