package dev.bascule.dist;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code resolvers} sections, {@code server-template} and the server options of name resolution
 * under {@code -c}: Bascule's alerts, warnings and exit code against {@code haproxy -c} (2.6) on
 * the same files.
 */
@Timeout(300)
final class ResolversConfigCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static String config(String resolvers, String servers) {
        return resolvers + "defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\n"
                + "frontend f\n  bind 127.0.0.1:18080\n  default_backend b\nbackend b\n" + servers;
    }

    private static final String DOCKER = """
            resolvers docker
              nameserver dns1 127.0.0.11:53
              resolve_retries 3
              timeout resolve 1s
              timeout retry 1s
              hold other 10s
              hold refused 10s
              hold nx 10s
              hold timeout 10s
              hold valid 10s
              hold obsolete 10s
              accepted_payload_size 8192
            """;

    @Test
    void validConfigurationsAsRealOnesWriteThem(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        ConfigCheckDifferentialIT.assertSameVerdicts(temp, List.of(
                config(DOCKER, "  server s1 app.invalid:80 resolvers docker init-addr libc,none resolve-prefer ipv4\n"),
                config(DOCKER, "  server-template web 1-10 app.invalid:80 check resolvers docker init-addr none\n"),
                config(DOCKER, "  server-template web 5 app.invalid:80 resolvers docker\n"),
                config(DOCKER, "  default-server resolvers docker init-addr none resolve-opts allow-dup-ip\n"
                        + "  server s1 app.invalid:80 resolve-net 10.0.0.0/8,fd00::/8\n"),
                config(DOCKER, "  server s1 localhost:80 resolvers docker init-addr last,libc,none\n"),
                config(DOCKER, "  server s1 app.invalid:80 resolvers docker init-addr 10.0.0.1\n"),
                config(DOCKER, "  server s1 app.invalid:80 init-addr libc,10.0.0.1\n"),
                config(DOCKER, "  server s1 127.0.0.1:80 resolvers docker\n"),
                config("resolvers r\n  parse-resolv-conf\n", "  server s1 app.invalid:80 resolvers r init-addr none\n"),
                config("", "  server s1 app.invalid:80 resolvers default init-addr none\n")));
    }

    /**
     * The alerts of server-template lines and of the server options (init-addr foo...) are left
     * out: HAProxy prints every alert of a server line as {@code [file:line] : ...}, Bascule with
     * {@code parsing} for all of them (ProxyLine.alert); their words are checked by ResolversConfigTest.
     */
    @Test
    void alertsAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        ConfigCheckDifferentialIT.assertSameVerdicts(temp, List.of(
                config(DOCKER, "  server s1 app.invalid:80 resolvers nope init-addr none\n"),
                config(DOCKER, "  server s1 app.invalid:80 init-addr libc\n"),
                config("resolvers r\n  nameserver ns\n", "  server s1 127.0.0.1:80\n"),
                config("resolvers r\n  hold often 1s\n", "  server s1 127.0.0.1:80\n"),
                config("resolvers r\n  timeout connect 1s\n", "  server s1 127.0.0.1:80\n"),
                config("resolvers r\n  accepted_payload_size 70000\n", "  server s1 127.0.0.1:80\n"),
                config("resolvers r\n  frobnicate\n", "  server s1 127.0.0.1:80\n")));
    }
}
