package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Bascule's verdict on a configuration against {@code haproxy -c} (2.6) on the same file: the same
 * {@code [ALERT]} and {@code [WARNING]} lines (pids aside), the same "Configuration file is valid"
 * and the same exit code. The files of {@code conformance/corpus/divergences} came from real
 * configurations that HAProxy accepts.
 */
@Timeout(300)
final class ConfigCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path DIVERGENCES = Path.of("..", "conformance", "corpus", "divergences");

    /** A frontend on 127.0.0.1:18080 and a backend {@code b} with {@code lines} before its server. */
    private static String withBackend(String mode, String lines, String server) {
        return "defaults\n  mode " + mode + "\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\n"
                + "frontend f\n  bind 127.0.0.1:18080\n  default_backend b\nbackend b\n  " + lines + "\n  " + server
                + "\n";
    }

    static void assertSameVerdict(Path file) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        CommandLineIT.Run bascule = CommandLineIT.run("-c", "-f", file.toString());
        String what = file + ":\n" + Files.readString(file) + "\nhaproxy:\n" + out + err + "\nbascule:\n" + bascule.out()
                + bascule.err();
        assertThat(CommandLineIT.messages(bascule.out() + bascule.err())).as(what)
                .isEqualTo(CommandLineIT.messages(out + err));
        assertThat(bascule.out().contains("Configuration file is valid")).as(what)
                .isEqualTo(out.contains("Configuration file is valid"));
        assertThat(bascule.exit()).as(what).isEqualTo(process.exitValue());
    }

    static void assertSameVerdicts(Path directory, List<String> configs)
            throws IOException, InterruptedException {
        for (int index = 0; index < configs.size(); index++) {
            Path file = directory.resolve("case" + index + ".cfg");
            Files.writeString(file, configs.get(index));
            assertSameVerdict(file);
        }
    }

    /** {@code option httplog}, {@code tcplog} and the other frontend-only log options in a backend: warnings. */
    @Test
    void frontendLogOptionsInABackend(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdict(DIVERGENCES.resolve("option-tcplog-in-backend.cfg"));
        String server = "server s1 127.0.0.1:18081";
        assertSameVerdicts(temp, List.of(
                withBackend("http", "option httplog", server),
                withBackend("http", "option httplog clf", server),
                withBackend("tcp", "option tcplog", server),
                withBackend("http", "option dontlognull\n  no option logasap\n  option log-separate-errors", server),
                withBackend("http", "option httplog foo", server),
                withBackend("tcp", "option tcplog x", server)));
    }

    /**
     * {@code http-check} rules without {@code option httpchk}: a warning without file:line for each
     * proxy that wrote some, none for rules inherited from {@code defaults}.
     */
    @Test
    void httpCheckRulesWithoutHttpchk(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdict(DIVERGENCES.resolve("http-check-without-httpchk.cfg"));
        String server = "server s1 127.0.0.1:18081 check";
        assertSameVerdicts(temp, List.of(
                withBackend("http", "http-check send meth GET uri /x", server),
                withBackend("tcp", "http-check expect status 200", server),
                "defaults\n  mode http\n  http-check expect status 200\n  timeout connect 5s\n  timeout client 5s\n"
                        + "  timeout server 5s\nfrontend f\n  bind 127.0.0.1:18080\n  default_backend b\n"
                        + "backend b\n  " + server + "\nlisten l\n  bind 127.0.0.1:18082\n  " + server + "\n"
                        + "listen m\n  bind 127.0.0.1:18083\n  http-check expect status 200\n  " + server + "\n"));
    }

    /**
     * A character after a valid timer unit ({@code inter 1s[}): HAProxy 2.6's warning, with its
     * message context on a server line's first one only and without file:line elsewhere.
     */
    @Test
    void trailingCharactersAfterATimer(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdict(DIVERGENCES.resolve("timer-trailing-garbage.cfg"));
        assertSameVerdicts(temp, List.of(
                withBackend("http", "default-server inter 1s[ fastinter 2s]",
                        "server s1 127.0.0.1:18081 check inter 1s[ fastinter 2s] downinter 3s["),
                withBackend("http", "timeout check 2s[", "server s1 127.0.0.1:18081 check weight 10 fastinter 2s]"),
                withBackend("http", "stick-table type ip size 1k expire 1m[", "server s1 127.0.0.1:18081"),
                withBackend("http", "timeout server 1sx", "server s1 127.0.0.1:18081 check inter 10msa"),
                "defaults\n  mode http\n  timeout connect 5s[\n  timeout client 5s\n  timeout server 5s\n"
                        + "frontend f\n  bind 127.0.0.1:18080\n  timeout client 3s[\n  tcp-request inspect-delay 2s[\n"
                        + "  stats enable\n  stats refresh 10s[\n  default_backend b\nbackend b\n"
                        + "  server s1 127.0.0.1:18081\n"));
        // the alerts without a unit ('inter 100[') are HAProxy's text too (InvalidConfigGoldenTest, checks.cfg)
    }

    /**
     * A configuration that cannot start: no listener at all (exit 2, "will not start (no
     * listener)"), and a frontend without {@code bind}, which HAProxy warns about without file:line.
     */
    @Test
    void noListener(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String timeouts = "defaults\n  mode http\n  timeout connect 5s\n  timeout client 5s\n  timeout server 5s\n";
        assertSameVerdicts(temp, List.of(
                "",
                timeouts + "backend b\n  server s1 127.0.0.1:18081\n",
                timeouts + "frontend f\n  default_backend b\nbackend b\n  server s1 127.0.0.1:18081\n",
                "frontend f\n  default_backend b\nbackend b\n  server s1 127.0.0.1:18081\n"));
    }

    /**
     * A refused {@code bind} line: its alert alone. HAProxy does not run its configuration checks
     * after an alert while parsing, so no "has no 'bind' directive" (nor missing timeouts) follows.
     */
    @Test
    void aRefusedBindLineIsNotFollowedByTheCheckWarnings(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String server = "\nbackend b\n  server s1 127.0.0.1:18081\n";
        assertSameVerdicts(temp, List.of(
                "frontend f\n  bind 127.0.0.1:18080 foo\n  default_backend b" + server,
                "frontend f\n  bind 127.0.0.1:99999\n  default_backend b" + server,
                "frontend f\n  bind 127.0.0.1:18080 alpn\n  default_backend b" + server,
                "frontend f\n  bind 127.0.0.1:18080 ssl crt /nonexistent/bascule.pem\n  default_backend b" + server,
                "frontend f\n  bind 127.0.0.1:18080\n  default_backend b\nfrontend g\n  bind :1 bogus\n"
                        + "  default_backend b" + server));
    }

    /**
     * A server without a port: valid, and with {@code check} valid only with a check {@code port}
     * (the alert "has neither service port nor check port" is pinned in HaproxyConfigLoaderTest:
     * HAProxy does not follow it with "Error(s) found in configuration file", Bascule still does).
     */
    @Test
    void serverWithoutPort(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdict(DIVERGENCES.resolve("server-without-port.cfg"));
        assertSameVerdicts(temp, List.of(
                withBackend("tcp", "balance roundrobin", "server s1 127.0.0.1 check port 18081"),
                withBackend("http", "server s0 127.0.0.1:18081", "server s1 127.0.0.1 weight 5")));
    }

    /**
     * Log targets on UNIX paths and host names: accepted as HAProxy accepts them (the socket need not
     * exist), and HAProxy's alerts for a name that does not resolve, a path after udp@ and a path too long.
     */
    @Test
    void logTargets(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String server = "server s1 127.0.0.1:18081";
        assertSameVerdicts(temp, List.of(
                "global\n  log /dev/log local0\n  log /nowhere/dev/log local0 notice\n" + withBackend("http",
                        "log global", server),
                "global\n  log unix@/run/log len 100 format short local1 info\n  log uxdg@/run/log local2\n"
                        + "  log localhost local0\n  log localhost:5140 local0\n"
                        + withBackend("http", "log udp@localhost:5141 local3", server),
                "global\n  log name.invalid local0\n  log udp@name.invalid:514 local0\n  log udp@/dev/log local0\n"
                        + "  log /run/" + "a".repeat(93) + " local0\n" + withBackend("http", "log global", server)));
    }

    /** A fetch of no fixed type ({@code var}, the {@code set-var} converter) has no default match method. */
    @Test
    void aFetchOfNoFixedTypeNeedsAMatchMethod(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdicts(temp, List.of(
                withBackend("http", "acl a var(txn.p) /p\n  acl b req.hdr(x),set-var(txn.q) x\n"
                        + "  http-request deny if { var(txn.p) /x }", "server s1 127.0.0.1:18081"),
                withBackend("http", "acl a var(txn.p) -m str /p\n  http-request deny if a !{ var(txn.q) -m found }",
                        "server s1 127.0.0.1:18081")));
    }

    /**
     * Content inspection in mode tcp: {@code persist rdp-cookie}, {@code balance rdp-cookie}, the
     * payload fetches' arguments and the match methods on binary samples, each accepted or refused
     * with HAProxy's words.
     */
    @Test
    void contentInspectionKeywords(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String server = "server s1 127.0.0.1:18081";
        assertSameVerdicts(temp, List.of(
                withBackend("tcp", "persist rdp-cookie\n  balance rdp-cookie", server),
                withBackend("tcp", "persist rdp-cookie(c)\n  balance rdp-cookie(c)", server),
                withBackend("tcp", "persist\n  persist foo\n  persist rdp-cookie(\n  persist rdp-cookie()\n"
                        + "  persist rdp-cookiex\n  persist rdp-cookie(a) b", server),
                withBackend("tcp", "balance rdp-cookie(", server),
                withBackend("tcp", "balance rdp-cookie()", server),
                withBackend("tcp", "tcp-request inspect-delay 1s\n  tcp-request content accept if"
                        + " { req.payload(0,4) -m bin 50494e47 } || { req.payload(0,3) -m str GET }"
                        + " || { req_ssl_ver ge 3.1 } || { req.ssl_ver 3.0:3.3 } || { req_rdp_cookie alice }"
                        + " || { req.payload_lv(0,1,+2) -m found } || WAIT_END || RDP_COOKIE", server),
                withBackend("tcp", "tcp-request content accept if { req.payload(0) -m found }", server),
                withBackend("tcp", "tcp-request content accept if { req.payload_lv(0,0) -m found }", server),
                withBackend("tcp", "tcp-request content accept if { req.payload_lv(1,1,-5) -m found }", server),
                withBackend("tcp", "tcp-request content accept if { req.payload(0,2) -m bin 5 }", server),
                withBackend("tcp", "tcp-request content accept if { req_ssl_ver 3.x }", server),
                withBackend("tcp", "tcp-response inspect-delay 1s\n  tcp-response content accept if"
                        + " { res.payload(0,5) -m str +PONG } || { res.len gt 3 }", server)));
    }

    /** {@code ignore-persist}: its condition, and HAProxy's alerts without one. */
    @Test
    void ignorePersist(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        assertSameVerdicts(temp, List.of(
                withBackend("http", "cookie SRV insert indirect\n  ignore-persist if { path_beg /static }\n"
                        + "  ignore-persist unless { req.hdr(x-keep) -m found }", "server s1 127.0.0.1:18081 cookie s1"),
                withBackend("http", "ignore-persist\n  ignore-persist foo\n  ignore-persist if { nosuch }",
                        "server s1 127.0.0.1:18081"),
                "defaults\n  ignore-persist if TRUE\n"));
    }

    /**
     * {@code bind ... name|id|v6only|v4v6|tfo} and {@code option socket-stats}: accepted, or HAProxy
     * 2.6's alerts (an id taken, not a number, not above 0, on a line of several sockets) and its
     * warning for the option in a backend.
     */
    @Test
    void listenerOptions(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        String server = "server s1 127.0.0.1:18081";
        List<String> configs = new java.util.ArrayList<>();
        for (String options : List.of("name first id 7 tfo", "id 5", "id", "id x", "id 0", "id -3", "id 12z",
                "name", "v6only v4v6", "v6only 1")) {
            configs.add(withBackend("http", "option socket-stats", server).replace("  bind 127.0.0.1:18080\n",
                    "  option socket-stats\n  bind 127.0.0.1:18080 id 5\n  bind [::1]:18082 " + options + "\n"));
        }
        configs.add(withBackend("http", "option socket-stats", server).replace("  bind 127.0.0.1:18080\n",
                "  bind 127.0.0.1:18080,127.0.0.1:18083 id 4\n  bind 127.0.0.1:18084-18085 id 9\n"));
        assertSameVerdicts(temp, configs);
    }

    /** {@code bind-process}: checked against one process, then HAProxy 2.6's "has no effect" warning. */
    @Test
    void bindProcess(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        List<String> configs = new java.util.ArrayList<>();
        for (String value : List.of("all", "1", "odd", "1 2", "1-", "-1", "-", "1/1", "2", "1-2-3",
                "99999999999999999999")) {
            configs.add(withBackend("http", "bind-process " + value, "server s1 127.0.0.1:18081"));
        }
        assertSameVerdicts(temp, configs);
    }

    /**
     * {@code on-marked-down}, {@code on-marked-up}, {@code observe}, {@code error-limit}, {@code on-error}
     * on server and default-server lines: the same alerts, or the same valid verdict. (Only {@code observe
     * layer7} outside {@code mode http} differs: HAProxy's alert there is not fatal, Bascule's is a warning.)
     */
    @Test
    void healthReactions(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed");
        List<String> configs = new java.util.ArrayList<>();
        for (String options : List.of("check on-marked-down shutdown-sessions", "on-marked-down",
                "on-marked-down shutdown-backup-sessions", "check on-marked-up shutdown-backup-sessions",
                "on-marked-up x", "check observe layer4", "check observe layer7 error-limit 5 on-error mark-down",
                "observe none", "observe", "observe layer5", "error-limit", "error-limit 0", "error-limit x",
                "error-limit 3x", "on-error fastinter", "on-error sudden-death", "on-error fail-check", "on-error",
                "on-error bogus")) {
            configs.add(withBackend("http", "balance roundrobin", "server s1 127.0.0.1:18081 " + options));
            configs.add(withBackend("http", "default-server " + options, "server s1 127.0.0.1:18081"));
        }
        configs.add(withBackend("tcp", "balance roundrobin", "server s1 127.0.0.1:18081 check observe layer4"));
        for (int index = 0; index < configs.size(); index++) {
            Path file = Files.writeString(temp.resolve("case" + index + ".cfg"), configs.get(index));
            Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String haproxy = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            CommandLineIT.Run bascule = CommandLineIT.run("-c", "-f", file.toString());
            String what = file + ":\n" + configs.get(index) + "\nhaproxy:\n" + haproxy + "\nbascule:\n"
                    + bascule.out() + bascule.err();
            // a server option's alert opens with '[file:line] :', without "parsing", in both
            assertThat(CommandLineIT.messages(bascule.out() + bascule.err())).as(what)
                    .isEqualTo(CommandLineIT.messages(haproxy));
            assertThat(bascule.exit()).as(what).isEqualTo(process.exitValue());
        }
    }
}
