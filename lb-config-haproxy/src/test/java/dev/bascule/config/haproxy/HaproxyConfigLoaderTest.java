package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.balance.HashType;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.config.UseBackendRule;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.api.sample.Phase;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class HaproxyConfigLoaderTest {
    private static final String FILE = "lb.cfg";

    private static SourceLocation at(int line) {
        return new SourceLocation(FILE, line);
    }

    private static Timeouts timeouts(Duration connect, Duration client, Duration server, Duration httpRequest,
                                     Duration httpKeepAlive) {
        return new Timeouts(Optional.ofNullable(connect), Optional.ofNullable(client), Optional.ofNullable(server),
                Optional.ofNullable(httpRequest), Optional.ofNullable(httpKeepAlive));
    }

    private static LbConfig loadValid(Map<String, String> environment, String text) {
        LoadResult result = load(TestingLoaderContext.withEnvironment(environment), new ConfigSource(FILE, text));
        assertThat(result.hasErrors()).as(render(result)).isFalse();
        assertThat(result.config()).isPresent();
        return result.config().get();
    }

    @Test
    void listenSectionMapsToAFrontendAndABackendOfTheSameName() {
        LbConfig config = loadValid(Map.of("LISTEN_FD", "5", "STATS_FD", "6"), """
                global
                    daemon
                    nbthread 4
                    pidfile /run/bascule.pid
                    stats socket /run/bascule.sock mode 600 level admin
                    stats socket ipv4@127.0.0.1:9999 level operator
                    stats socket "fd@${STATS_FD}" level user

                listen web
                    mode http
                    bind :8080,[::1]:8081
                    bind "fd@${LISTEN_FD}"
                    timeout client 30s
                    timeout connect 5s
                    timeout server 1m
                    timeout http-request 10s
                    timeout http-keep-alive 2000
                    retries 2
                    balance roundrobin
                    server s1 10.0.0.1:80 weight 10
                    server s2 app.local:8080
                    server s3 [2001:db8::1]:443 weight 0
                    log global
                """);

        assertThat(config).isEqualTo(new LbConfig(
                new GlobalConfig(true, OptionalInt.of(4), Optional.of("/run/bascule.pid"), List.of(
                        new StatsSocketConfig(new ListenAddress.Unix("/run/bascule.sock"), "admin", OptionalInt.of(0600), at(5)),
                        new StatsSocketConfig(new ListenAddress.Inet("127.0.0.1", 9999), "operator", OptionalInt.empty(), at(6)),
                        new StatsSocketConfig(new ListenAddress.FileDescriptor(6), "user", OptionalInt.empty(), at(7)))),
                List.of(new FrontendConfig("web", ProxyMode.HTTP, List.of(
                        new BindConfig(new ListenAddress.Inet("", 8080), at(11)),
                        new BindConfig(new ListenAddress.Inet("::1", 8081), at(11)),
                        new BindConfig(new ListenAddress.FileDescriptor(5), at(12))),
                        timeouts(null, Duration.ofSeconds(30), null, Duration.ofSeconds(10), Duration.ofSeconds(2)),
                        HttpPolicy.NONE, List.of(), Optional.of("web"), at(9))),
                List.of(new BackendConfig("web", ProxyMode.HTTP, new BalanceConfig("roundrobin", List.of(), at(19)),
                        List.of(new ServerConfig("s1", new ServerAddress("10.0.0.1", 80), 10, at(20)),
                                new ServerConfig("s2", new ServerAddress("app.local", 8080), 1, at(21)),
                                new ServerConfig("s3", new ServerAddress("2001:db8::1", 443), 0, at(22))),
                        Optional.empty(),
                        timeouts(Duration.ofSeconds(5), null, Duration.ofMinutes(1), Duration.ofSeconds(10),
                                Duration.ofSeconds(2)),
                        2, HttpPolicy.NONE, Optional.empty(), at(9)))));
    }

    @Test
    void frontendAndBackendPair() {
        LoadResult result = load(TestingLoaderContext.plain(), new ConfigSource(FILE, """
                defaults
                    mode http
                    timeout connect 5s
                    timeout client 50s
                    timeout server 50s

                frontend www
                    bind 127.0.0.1:80
                    bind ipv6@[::]:80
                    http-request return status 503 content-type "text/plain; charset=utf-8" string "down\\n" hdr X-Lb bascule hdr Retry-After 30
                    use_backend api
                    default_backend static

                backend api
                    server a1 10.0.0.1:8080
                    dispatch 10.0.0.9:8080

                backend static
                    mode http
                    balance
                    retries 0
                """));
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();

        FrontendConfig www = config.frontend("www").orElseThrow();
        assertThat(www.name()).isEqualTo("www");
        assertThat(www.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(www.binds()).containsExactly(new BindConfig(new ListenAddress.Inet("127.0.0.1", 80), at(8)),
                new BindConfig(new ListenAddress.Inet("::", 80), at(9)));
        assertThat(www.timeouts()).isEqualTo(timeouts(null, Duration.ofSeconds(50), null, null, null));
        assertThat(www.useBackendRules()).containsExactly(new UseBackendRule("api", at(11)));
        assertThat(www.defaultBackend()).contains("static");
        assertThat(www.location()).isEqualTo(at(7));
        assertThat(www.http().requestRules()).hasSize(1);
        HttpRequestRule rule = www.http().requestRules().get(0);
        assertThat(rule.location()).isEqualTo(at(10));
        HttpRequestAction.Return action = returned(config, rule);
        assertThat(action.status()).isEqualTo(503);
        assertThat(action.contentType()).contains("text/plain; charset=utf-8");
        assertThat(action.body()).hasValueSatisfying(body -> assertThat(body)
                .isEqualTo("down\n".getBytes(StandardCharsets.UTF_8)));
        // lower case, as HAProxy sends them
        assertThat(action.headers()).containsExactly(new HeaderField("x-lb", "bascule"),
                new HeaderField("retry-after", "30"));

        assertThat(config.backends()).containsExactly(
                new BackendConfig("api", ProxyMode.HTTP, new BalanceConfig("roundrobin", List.of(), at(14)),
                        List.of(new ServerConfig("a1", new ServerAddress("10.0.0.1", 8080), 1, at(15))),
                        Optional.of(new ServerAddress("10.0.0.9", 8080)),
                        timeouts(Duration.ofSeconds(5), null, Duration.ofSeconds(50), null, null), 3, HttpPolicy.NONE, Optional.empty(), at(14)),
                new BackendConfig("static", ProxyMode.HTTP, new BalanceConfig("roundrobin", List.of(), at(20)),
                        List.of(), Optional.empty(),
                        timeouts(Duration.ofSeconds(5), null, Duration.ofSeconds(50), null, null), 0, HttpPolicy.NONE, Optional.empty(), at(18)));
    }

    @Test
    void anUnnamedDefaultsSectionReplacesThePreviousOneEntirely() {
        LbConfig config = loadValid(Map.of(), """
                defaults
                    mode http
                    timeout client 10s
                    timeout connect 1s
                    timeout server 10s
                    retries 5
                    default_backend first

                backend first
                    server s1 10.0.0.1:80

                defaults
                    timeout client 20s

                frontend second
                    bind :81
                    default_backend third

                backend third
                """);
        BackendConfig first = config.backend("first").orElseThrow();
        assertThat(first.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(first.retries()).isEqualTo(5);
        assertThat(first.timeouts()).isEqualTo(timeouts(Duration.ofSeconds(1), null, Duration.ofSeconds(10), null,
                null));

        FrontendConfig second = config.frontend("second").orElseThrow();
        assertThat(second.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(second.timeouts()).isEqualTo(timeouts(null, Duration.ofSeconds(20), null, null, null));
        assertThat(second.defaultBackend()).contains("third");

        BackendConfig third = config.backend("third").orElseThrow();
        assertThat(third.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(third.retries()).isEqualTo(BackendConfig.DEFAULT_RETRIES);
        assertThat(third.timeouts()).isEqualTo(Timeouts.none());
    }

    @Test
    void defaultBackendIsInheritedByFrontends() {
        LbConfig config = loadValid(Map.of(), """
                defaults
                    timeout client 1s
                    default_backend pool
                frontend fe
                    bind :80
                backend pool
                """);
        assertThat(config.frontend("fe").orElseThrow().defaultBackend()).contains("pool");
    }

    @Test
    void namedDefaultsAreChosenWithFrom() {
        LbConfig config = loadValid(Map.of(), """
                defaults base
                    mode http
                    timeout client 5s
                    timeout connect 1s
                    timeout server 5s
                    balance roundrobin

                defaults tuned from base
                    timeout server 30s

                defaults
                    timeout client 9s

                frontend fe from base
                    bind :80
                    default_backend be

                backend be from tuned
                    server s1 10.0.0.1:80

                frontend plain
                    bind :81
                    default_backend be2

                backend be2
                """);
        FrontendConfig fe = config.frontend("fe").orElseThrow();
        assertThat(fe.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(fe.timeouts().client()).contains(Duration.ofSeconds(5));

        BackendConfig be = config.backend("be").orElseThrow();
        assertThat(be.mode()).isEqualTo(ProxyMode.HTTP);
        assertThat(be.timeouts().connect()).contains(Duration.ofSeconds(1));
        assertThat(be.timeouts().server()).contains(Duration.ofSeconds(30));
        assertThat(be.balance()).isEqualTo(new BalanceConfig("roundrobin", List.of(), at(6)));

        FrontendConfig plain = config.frontend("plain").orElseThrow();
        assertThat(plain.mode()).isEqualTo(ProxyMode.TCP);
        assertThat(plain.timeouts().client()).contains(Duration.ofSeconds(9));
    }

    @Test
    void hashTypeIsInheritedFromDefaultsAndReachesTheBalanceLine() {
        LbConfig config = loadValid(Map.of(), """
                defaults
                    mode http
                    timeout client 5s
                    timeout connect 1s
                    timeout server 5s
                    hash-type map-based wt6 avalanche

                backend inherits
                    balance roundrobin
                    server s1 10.0.0.1:80

                backend own
                    balance roundrobin
                    hash-type map-based
                    server s1 10.0.0.1:80

                backend bare
                    hash-type consistent crc32
                    server s1 10.0.0.1:80
                """);
        assertThat(config.backend("inherits").orElseThrow().balance().hashType())
                .isEqualTo(new HashType(false, "wt6", true));
        // map-based alone: sdbm, no avalanche
        assertThat(config.backend("own").orElseThrow().balance().hashType()).isEqualTo(HashType.DEFAULT);
        // roundrobin does not hash: consistent is accepted and ignored there, as HAProxy does
        assertThat(config.backend("bare").orElseThrow().balance().hashType())
                .isEqualTo(new HashType(true, "crc32", false));
    }

    @Test
    void severalSourcesAreOneConfiguration() {
        LoadResult result = load(TestingLoaderContext.plain(),
                new ConfigSource("conf.d/10-front.cfg", """
                        defaults
                            timeout client 1m
                            timeout connect 1s
                            timeout server 1m
                        frontend fe
                            bind :80
                            default_backend be
                        """),
                new ConfigSource("conf.d/20-back.cfg", """
                        backend be
                            server s1 192.0.2.1:80
                        """));
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();
        assertThat(config.frontend("fe").orElseThrow().location())
                .isEqualTo(new SourceLocation("conf.d/10-front.cfg", 5));
        BackendConfig be = config.backend("be").orElseThrow();
        assertThat(be.location()).isEqualTo(new SourceLocation("conf.d/20-back.cfg", 1));
        assertThat(be.timeouts().server()).contains(Duration.ofMinutes(1));
    }

    @Test
    void eachSourceStartsOutsideAnySection() {
        LoadResult result = load(TestingLoaderContext.plain(),
                new ConfigSource("a.cfg", "backend be\n"),
                new ConfigSource("b.cfg", "    server s1 192.0.2.1:80\n"));
        assertThat(render(result)).isEqualTo("b.cfg:1: ALERT: unknown keyword 'server' out of section.");
        assertThat(result.config()).isEmpty();
    }

    /**
     * As haproxy 2.6.12: a server without a port is valid (port 0: the client's port at run time);
     * checking it needs a check port, else the alert of HAProxy's server init, without file:line.
     */
    @Test
    void aServerWithoutAPortTakesTheClientsPort() {
        LoadResult result = load("""
                backend be
                    timeout connect 1s
                    timeout server 1s
                    server s1 192.0.2.1
                    server s2 192.0.2.2 check port 8080
                """);
        assertThat(render(result)).isEmpty();
        List<ServerConfig> servers = result.config().orElseThrow().backends().get(0).servers();
        assertThat(servers.get(0).address()).isEqualTo(new ServerAddress("192.0.2.1", 0));
        assertThat(servers.get(0).address().clientPort()).isTrue();
        assertThat(servers.get(1).check().port()).hasValue(8080);

        LoadResult unchecked = load("""
                backend be
                    timeout connect 1s
                    timeout server 1s
                    server s1 192.0.2.1 check
                """);
        assertThat(render(unchecked)).isEqualTo(
                "ALERT: config: backend 'be': server 's1' has neither service port nor check port.");
        assertThat(unchecked.config()).isEmpty();
    }

    @Test
    void warningsAloneKeepTheConfiguration() {
        LoadResult result = load("""
                frontend fe
                    default_backend be
                backend be
                    server s1 192.0.2.1:80
                """);
        assertThat(render(result)).isEqualTo("""
                WARNING: frontend 'fe' has no 'bind' directive. Please declare it as a backend if this was intended.
                WARNING: missing timeouts for frontend 'fe'.
                   | While not properly invalid, you will certainly encounter various problems
                   | with such a configuration. To fix this, please ensure that all following
                   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.
                WARNING: missing timeouts for backend 'be'.
                   | While not properly invalid, you will certainly encounter various problems
                   | with such a configuration. To fix this, please ensure that all following
                   | timeouts are set to a non-zero value: 'client', 'connect', 'server'.""");
        assertThat(result.config()).isPresent();
        assertThat(result.diagnostics()).extracting(Diagnostic::severity).containsOnly(Diagnostic.Severity.WARNING);
    }

    @Test
    void anAlertLeavesNoConfiguration() {
        LoadResult result = load("frontend fe\n    bind :80\n    mode httpx\n");
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.config()).isEmpty();
    }

    @Test
    void replyBodiesAreReadFromFilesWhileLoading(@TempDir Path directory) throws IOException {
        Path page = directory.resolve("maintenance.html");
        Files.writeString(page, "<h1>back soon</h1>\n");
        Path errorFile = directory.resolve("503.http");
        Files.writeString(errorFile, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/html\r\n"
                + "Cache-Control: no-cache\r\nContent-Length: 6\r\n\r\nsorry\n");
        LoadResult result = load("frontend fe\n"
                + "    mode http\n"
                + "    bind :80\n"
                + "    timeout client 5s\n"
                + "    http-request return status 503 content-type text/html file " + page + "\n"
                + "frontend fe2\n"
                + "    mode http\n"
                + "    bind :81\n"
                + "    timeout client 5s\n"
                + "    http-request return errorfile " + errorFile + "\n");
        assertThat(result.diagnostics()).as(render(result)).isEmpty();
        LbConfig config = result.config().orElseThrow();

        HttpRequestAction.Return file = returned(config, config.frontend("fe").orElseThrow()
                .http().requestRules().get(0));
        assertThat(file.status()).isEqualTo(503);
        assertThat(file.contentType()).contains("text/html");
        assertThat(file.body()).hasValueSatisfying(body -> assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("<h1>back soon</h1>\n"));

        HttpRequestAction.Return errorReply = returned(config, config.frontend("fe2").orElseThrow()
                .http().requestRules().get(0));
        assertThat(errorReply.status()).isEqualTo(503);
        assertThat(errorReply.contentType()).contains("text/html");
        assertThat(errorReply.headers()).containsExactly(new HeaderField("Cache-Control", "no-cache"));
        assertThat(errorReply.body()).hasValueSatisfying(body -> assertThat(new String(body, StandardCharsets.UTF_8))
                .isEqualTo("sorry\n"));
    }

    @Test
    void replyWithoutBody() {
        LoadResult result = load("frontend fe\n    mode http\n    bind :80\n    timeout client 5s\n"
                + "    http-request return status 204\n");
        LbConfig config = result.config().orElseThrow();
        HttpRequestAction.Return action = returned(config, config.frontend("fe").orElseThrow().http().requestRules()
                .get(0));
        assertThat(action.status()).isEqualTo(204);
        assertThat(action.contentType()).isEmpty();
        assertThat(action.body()).isEmpty();
        assertThat(action.headers()).isEmpty();
    }

    @Test
    void unreadableReplyFileIsAnAlertNamingIt() {
        LoadResult result = load("frontend fe\n    mode http\n    bind :80\n"
                + "    http-request return content-type text/plain file /nonexistent/page.txt\n");
        assertThat(render(result)).startsWith("test.cfg:4: ALERT: error detected in frontend 'fe' while parsing"
                + " 'http-request return' rule : error opening file '/nonexistent/page.txt'.");
    }

    @Test
    void environmentIsReadOnlyFromTheContext() {
        LbConfig config = loadValid(Map.of("PORT", "9090", "ADDR", "10.1.2.3:80"), """
                frontend fe
                    timeout client 1s
                    bind ":${PORT}"
                    bind ":${UNSET-7070}"
                    bind :$PORT
                    default_backend be
                backend be
                    timeout connect 1s
                    timeout server 1s
                    server s1 "${ADDR}"
                """);
        assertThat(config.frontend("fe").orElseThrow().binds()).extracting(BindConfig::address).containsExactly(
                new ListenAddress.Inet("", 9090), new ListenAddress.Inet("", 7070), new ListenAddress.Inet("", 9090));
        assertThat(config.backend("be").orElseThrow().servers().get(0).address())
                .isEqualTo(new ServerAddress("10.1.2.3", 80));
    }

    @Test
    void anEmptyAclOrServerNameIsAnAlertAsInHaproxy() {
        // found by HaproxyConfigLoaderFuzzTest: the loader threw StringIndexOutOfBoundsException.
        // haproxy 2.6.12 prints the empty name's terminating NUL with %c, which ends its message
        LoadResult result = load("""
                frontend fe
                    bind :8080
                    acl "" path /x
                backend be
                    server "" 127.0.0.1:80
                """);
        assertThat(result.diagnostics()).filteredOn(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT)
                .extracting(diagnostic -> diagnostic.location().orElseThrow().line() + ": " + diagnostic.message())
                .containsExactly("3: character '", "5: character '");
    }

    @Test
    void garbageIsReportedNotThrown() {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < 512; c++) {
            text.append((char) (c * 7919 % 0x3000)).append(c % 13 == 0 ? "\n" : "");
        }
        LoadResult result = load(text.toString());
        assertThat(result.hasErrors()).isTrue();
        assertThat(result.config()).isEmpty();
    }

    /**
     * The reply of an {@code http-request return} rule, kept as written for the {@code return}
     * action, as the loader's grammar reads it for the host.
     */
    private static HttpRequestAction.Return returned(LbConfig config, HttpRequestRule rule) {
        ActionCall call = (ActionCall) rule.action();
        assertThat(call.keyword()).isEqualTo("return");
        try {
            SampleSyntax.Reply reply = new HaproxyConfigLoaderFactory().create(TestingLoaderContext.plain())
                    .sampleSyntax().reply(call.arguments(), 0, 200, Phase.HTTP_REQUEST, config);
            assertThat(reply.next()).isEqualTo(call.arguments().size());
            return reply.reply();
        } catch (dev.bascule.api.InvalidArgumentException e) {
            throw new AssertionError(e);
        }
    }
}
