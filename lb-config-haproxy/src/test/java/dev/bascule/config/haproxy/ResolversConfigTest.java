package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ResolversConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerResolution;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

/**
 * {@code resolvers} sections, {@code server-template} and the server options of name resolution;
 * messages compared with haproxy 2.6.12 -c.
 */
final class ResolversConfigTest {
    private static final String DEFAULTS = """
            defaults
                mode http
                timeout client 1s
                timeout server 1s
                timeout connect 1s
            """;

    private static LbConfig loaded(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow();
    }

    private static String alerts(String text) {
        LoadResult result = load(text);
        assertThat(result.config()).isEmpty();
        return render(result);
    }

    @Test
    void aSectionWithEveryKeyword() {
        LbConfig config = loaded("""
                resolvers docker
                    nameserver dns1 127.0.0.11:53
                    nameserver dns2 udp@10.0.0.2:5353
                    resolve_retries 5
                    timeout resolve 2s
                    timeout retry 300ms
                    hold valid 20s
                    hold other 31s
                    hold refused 32s
                    hold nx 33s
                    hold timeout 34s
                    hold obsolete 35s
                    accepted_payload_size 8192
                """ + DEFAULTS);
        ResolversConfig section = config.resolvers("docker").orElseThrow();
        assertThat(section.nameservers()).extracting(ResolversConfig.Nameserver::name,
                ResolversConfig.Nameserver::host, ResolversConfig.Nameserver::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("dns1", "127.0.0.11", 53),
                        org.assertj.core.groups.Tuple.tuple("dns2", "10.0.0.2", 5353));
        assertThat(section.resolveRetries()).isEqualTo(5);
        assertThat(section.timeoutResolve()).isEqualTo(Duration.ofSeconds(2));
        assertThat(section.timeoutRetry()).isEqualTo(Duration.ofMillis(300));
        assertThat(List.of(section.holdValid(), section.holdOther(), section.holdRefused(), section.holdNx(),
                section.holdTimeout(), section.holdObsolete())).extracting(Duration::toSeconds)
                .containsExactly(20L, 31L, 32L, 33L, 34L, 35L);
        assertThat(section.acceptedPayloadSize()).isEqualTo(8192);
    }

    @Test
    void haproxyDefaults() {
        ResolversConfig section = loaded("resolvers r\n    nameserver ns 127.0.0.1:53\n").resolvers("r")
                .orElseThrow();
        assertThat(section.resolveRetries()).isEqualTo(3);
        assertThat(section.timeoutResolve()).isEqualTo(Duration.ofSeconds(1));
        assertThat(section.timeoutRetry()).isEqualTo(Duration.ofSeconds(1));
        assertThat(section.holdValid()).isEqualTo(Duration.ofSeconds(10));
        assertThat(section.holdNx()).isEqualTo(Duration.ofSeconds(30));
        assertThat(section.holdObsolete()).isEqualTo(Duration.ZERO);
        assertThat(section.acceptedPayloadSize()).isEqualTo(512);
    }

    @Test
    void sectionAlertsInHaproxysWords() {
        assertThat(alerts("""
                resolvers r
                    nameserver ns
                    nameserver n?s 127.0.0.1:53
                    nameserver ns 127.0.0.1
                    hold valid
                    hold often 1s
                    hold nx 1x
                    timeout
                    timeout connect 1s
                    timeout retry
                    accepted_payload_size 11
                    accepted_payload_size
                    resolve_retries
                    resolution_pool_size 3
                    nameserver tcp tcp@127.0.0.1:53
                    frobnicate
                resolvers r
                resolvers
                """)).isEqualTo("""
                test.cfg:2: ALERT: 'nameserver' expects <name> and <addr>[:<port>] as arguments.
                test.cfg:3: ALERT: character '?' is not permitted in server name 'n?s'.
                test.cfg:4: ALERT: 'nameserver ns' : missing port specification in '127.0.0.1'
                test.cfg:5: ALERT: 'hold' expects an <event> and a <time> as arguments.
                ALERT: <event> can be either 'valid', 'nx', 'refused', 'timeout', or 'other'
                test.cfg:6: ALERT: 'hold' unknown <event>: 'often', expects either 'nx', 'timeout', 'valid', \
                'obsolete' or 'other'.
                test.cfg:7: ALERT: unexpected character 'x' in argument to <hold>.
                test.cfg:8: ALERT: 'timeout' expects 'retry' or 'resolve' and <time> as arguments.
                test.cfg:9: ALERT: 'timeout' expects 'retry' or 'resolve' and <time> as arguments got 'connect'.
                test.cfg:10: ALERT: 'timeout retry' expects <time> as argument.
                test.cfg:11: ALERT: 'accepted_payload_size' must be between 12 and 65535 inclusive (was 11).
                test.cfg:12: ALERT: 'accepted_payload_size' expects <nb> as argument.
                test.cfg:13: ALERT: 'resolve_retries' expects <nb> as argument.
                test.cfg:14: ALERT: 'resolution_pool_size' directive is not supported anymore (it never appeared \
                in a stable release).
                test.cfg:15: ALERT: 'nameserver tcp' : DNS over TCP ('tcp@') is not implemented yet by Bascule
                test.cfg:16: ALERT: unknown keyword 'frobnicate' in 'resolvers' section
                test.cfg:17: ALERT: resolvers 'r' has same name as another resolvers (declared at test.cfg:1).
                test.cfg:18: ALERT: missing name for resolvers section.""");
    }

    @Test
    void serverOptions() {
        LbConfig config = loaded("""
                resolvers docker
                    nameserver dns1 127.0.0.11:53
                """ + DEFAULTS + """
                backend b
                    default-server resolve-net 10.0.0.0/8
                    server s1 app:80 resolvers docker init-addr libc,none resolve-prefer ipv4
                    server s2 app:80 init-addr last,10.1.2.3,none resolve-net 192.168.0.0/16 resolve-opts \
                allow-dup-ip,ignore-weight
                    server s3 app:80
                """);
        BackendConfig backend = config.backend("b").orElseThrow();
        ServerResolution s1 = backend.servers().get(0).resolution();
        assertThat(s1.resolvers()).contains("docker");
        assertThat(s1.initAddr()).containsExactly(ServerResolution.InitAddr.LIBC, ServerResolution.InitAddr.NONE);
        assertThat(s1.preferIpv6()).isFalse();
        assertThat(s1.networks()).hasSize(1);
        ServerResolution s2 = backend.servers().get(1).resolution();
        assertThat(s2.initAddr()).containsExactly(ServerResolution.InitAddr.LAST, ServerResolution.InitAddr.IP,
                ServerResolution.InitAddr.NONE);
        assertThat(s2.initIp()).contains("10.1.2.3");
        assertThat(s2.networks()).hasSize(2);
        assertThat(s2.allowDupIp()).isTrue();
        assertThat(s2.ignoreWeight()).isTrue();
        assertThat(s2.preferIpv6()).isTrue();
        assertThat(backend.servers().get(2).resolution().initAddr())
                .containsExactly(ServerResolution.InitAddr.LAST, ServerResolution.InitAddr.LIBC);
    }

    @Test
    void serverOptionAlertsInHaproxysWords() {
        assertThat(alerts(DEFAULTS + """
                backend b
                    server s1 127.0.0.1:80 init-addr foo
                    server s2 127.0.0.1:80 init-addr 1.2.3.4,5.6.7.8
                    server s3 127.0.0.1:80 resolve-prefer ipv5
                    server s4 127.0.0.1:80 resolve-net 10.0.0.0/8,zz
                    server s5 127.0.0.1:80 resolve-opts foo
                    server s6 127.0.0.1:80 resolvers nope
                    server s7 127.0.0.1:80 resolvers
                """)).isEqualTo("""
                test.cfg:7: ALERT: 'server b/s1' : 'init-addr' : unknown init-addr method 'foo', supported methods \
                are 'libc', 'last', 'none'..
                test.cfg:8: ALERT: 'server b/s2' : 'init-addr' : initial address already specified, cannot add \
                '5.6.7.8'..
                test.cfg:9: ALERT: 'server b/s3' : 'resolve-prefer' expects either ipv4 or ipv6 as argument..
                test.cfg:10: ALERT: 'server b/s4' : 'resolve-net' invalid network 'zz'..
                test.cfg:11: ALERT: 'server b/s5' : 'resolve-opts' : unknown resolve-opts option 'foo', supported \
                methods are 'allow-dup-ip', 'ignore-weight', and 'prevent-dup-ip'..
                ALERT: backend 'b', server 's6': unable to find required resolvers 'nope'
                ALERT: backend 'b', server 's7': unable to find required resolvers ''""");
    }

    @Test
    void serverTemplateCreatesTheServersOfItsRange() {
        LbConfig config = loaded("""
                resolvers docker
                    nameserver dns1 127.0.0.11:53
                """ + DEFAULTS + """
                backend b
                    server-template web 1-3 app:80 check resolvers docker init-addr none
                    server-template api 2 api:8080
                    server-template z 3-3 z:1
                """);
        List<ServerConfig> servers = config.backend("b").orElseThrow().servers();
        assertThat(servers).extracting(ServerConfig::name)
                .containsExactly("web1", "web2", "web3", "api1", "api2", "z3");
        assertThat(servers.get(0).address().host()).isEqualTo("app");
        assertThat(servers.get(2).check().enabled()).isTrue();
        assertThat(servers.get(2).resolution().resolvers()).contains("docker");
        assertThat(servers.get(4).address().port()).isEqualTo(8080);
    }

    @Test
    void serverTemplateAlertsInHaproxysWords() {
        assertThat(alerts(DEFAULTS + """
                backend b
                    server-template w 0 127.0.0.1:80
                    server-template x 3-1 a:80
                    server-template y 2
                    server-template z? 2 a:80
                    server v2 127.0.0.1:80
                    server-template v 1-3 127.0.0.1:80
                """)).isEqualTo("""
                test.cfg:7: ALERT: Wrong server-template number or range arg '0'.
                test.cfg:8: ALERT: Wrong server-template number or range arg '3-1'.
                test.cfg:9: ALERT: 'server-template' expects <prefix> <nb | range> <addr>[:<port>] as arguments.
                test.cfg:10: ALERT: character '?' is not permitted in server-template prefix 'z?'.
                test.cfg:12: ALERT: 'server b/v2' : a server with the same name is already declared at \
                test.cfg:11""");
    }
}
