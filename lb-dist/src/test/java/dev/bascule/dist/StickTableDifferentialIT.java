package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.dist.RulesDifferentialIT.Request;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * Stick tables run by the real HAProxy (Debian's 2.6.12) and by Bascule on the same configuration:
 * {@code tcp-request connection} and {@code http-request} tracking, the counters the fetches read
 * back into headers, and the deny thresholds on request and connection rates. Every request comes
 * on a connection of its own, in the order written; the rates' periods (10 s) are longer than a run.
 */
@Timeout(120)
final class StickTableDifferentialIT {
    private static final String DEFAULTS = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 5s",
            "    timeout client 10s",
            "    timeout server 10s",
            "");

    /**
     * HAProxy is probed with a connection from 127.0.0.1 before the requests: the connection
     * tracking skips that address.
     */
    @Test
    void trackingCountersAndThresholds(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stick-table type ip size 100 expire 30s store http_req_rate(10s),http_req_cnt,conn_cnt,"
                        + "conn_cur,gpc0,http_err_cnt,http_err_rate(10s)",
                "    tcp-request connection track-sc1 src table per_conn unless { src 127.0.0.1 }",
                "    http-request track-sc0 src",
                "    http-request set-header x-req-rate %[sc_http_req_rate(0)]",
                "    http-request set-header x-req-cnt %[sc0_http_req_cnt]",
                "    http-request set-header x-conn-cnt %[sc0_conn_cnt]",
                // conn_cur (1 here) left out: whether the previous stream is over yet on HAProxy's side is a race
                "    http-request set-header x-err %[sc0_http_err_cnt]/%[sc_http_err_rate(0)]",
                "    http-request set-header x-src-conn-rate %[src_conn_rate(per_conn)]",
                "    http-request set-header x-sess %[sc1_sess_cnt]/%[sc_conn_cnt(1)]",
                "    http-request set-header x-other %[sc_conn_cnt(0,per_conn)]",
                "    http-request set-header x-tracked %[sc0_tracked]/%[sc1_tracked]/%[sc2_tracked]",
                "    http-request set-header x-gpc %[sc0_inc_gpc0]",
                "    http-request deny deny_status 429 if { path /deny }",
                "    http-request deny if { src_conn_rate(per_conn) gt 3 }",
                "    http-request deny deny_status 429 if { sc_http_req_rate(0) gt 3 }",
                "    default_backend be",
                "backend per_conn",
                "    stick-table type ip size 100 expire 30s store conn_rate(10s),sess_cnt,conn_cnt",
                "backend be",
                "    server s1 ${S1}",
                "");
        List<String> outcomes = RulesDifferentialIT.compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/deny", "Host: h"),
                Request.of("127.0.0.2", "GET", "/", "Host: h"),
                Request.get("/", "Host: h"),
                Request.get("/", "Host: h"),
                Request.of("127.0.0.2", "GET", "/", "Host: h"),
                Request.of("127.0.0.2", "GET", "/", "Host: h"),
                Request.of("127.0.0.2", "GET", "/", "Host: h")));
        // what both answered: the 4th request of 127.0.0.1 is over 3 in 10 s, so is the 4th connection of 127.0.0.2
        assertThat(outcomes.get(0)).startsWith("HTTP/1.1 200 OK\n").contains("> x-req-rate: 1\n");
        assertThat(outcomes.get(1)).startsWith("HTTP/1.1 429 ");
        // the 429 counted as an HTTP error of the client
        assertThat(outcomes.get(3)).contains("> x-err: 1/1\n", "> x-req-cnt: 3\n");
        assertThat(outcomes.get(5)).contains("> x-sess: 2/2\n", "> x-tracked: 1/1/0\n");
        assertThat(outcomes.get(4)).startsWith("HTTP/1.1 429 ");
        assertThat(outcomes.get(7)).startsWith("HTTP/1.1 403 ");
    }

    @Test
    void tablesOfBackendsAndAnotherProxy(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request track-sc2 req.hdr(x-user) table users",
                "    http-request set-header x-user-rate %[sc2_http_req_rate]",
                "    http-request set-header x-user-tracked %[sc_tracked(2)]",
                "    http-request deny deny_status 429 if { sc2_http_req_rate gt 2 }",
                "    default_backend be",
                "backend users",
                "    stick-table type string len 8 size 10 expire 1m store http_req_rate(10s)",
                "backend be",
                "    http-request track-sc0 src",
                "    http-request set-header x-be %[sc0_http_req_cnt]/%[src_http_req_cnt]",
                "    stick-table type ip size 10 store http_req_cnt",
                "    server s1 ${S1}",
                "");
        RulesDifferentialIT.compare(temp, config, 1, List.of(
                Request.get("/", "Host: h", "X-User: alice"),
                Request.get("/", "Host: h", "X-User: bob"),
                Request.get("/", "Host: h", "X-User: alice-and-more"),
                Request.get("/", "Host: h"),
                Request.get("/", "Host: h", "X-User: alice"),
                Request.get("/", "Host: h", "X-User: alice")));
    }

    /**
     * HAProxy is probed with an empty connection from 127.0.0.1 before the requests (which it
     * counts as a session, a request and an error): the session tracking skips that address.
     */
    @Test
    void contentAndSessionTrackingInHttpMode(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stick-table type string len 16 size 10 store http_req_cnt,http_req_rate(10s),conn_cnt,conn_cur",
                "    tcp-request session track-sc1 src table sessions unless { src 127.0.0.1 }",
                "    tcp-request content track-sc0 req.hdr(host)",
                "    http-request set-header x-host %[sc0_http_req_cnt]/%[sc0_conn_cnt]",
                // conn_cur left out: whether the previous connection's session is over yet is a race
                "    http-request set-header x-session %[sc1_http_req_cnt]/%[sc1_sess_cnt]",
                "    http-request set-header x-src %[src_http_req_cnt(sessions)]",
                "    http-request set-header x-tables %[table_cnt]/%[table_avl]/%[table_cnt(sessions)]",
                "    default_backend be",
                "backend sessions",
                "    stick-table type ip size 10 store http_req_cnt,sess_cnt,conn_cur",
                "backend be",
                "    server s1 ${S1}",
                "");
        List<String> outcomes = RulesDifferentialIT.compare(temp, config, 1, List.of(
                Request.of("127.0.0.2", "GET", "/", "Host: a"),
                Request.of("127.0.0.2", "GET", "/", "Host: b"),
                Request.of("127.0.0.3", "GET", "/", "Host: a"),
                Request.of("127.0.0.2", "GET", "/", "Host: a")));
        assertThat(outcomes.get(3)).contains("> x-host: 3/3\n", "> x-session: 3/3\n", "> x-src: 3\n");
    }

    /** Which answers count as HTTP errors: a 4xx of the server, a deny, a return, a 4xx set by http-response. */
    @Test
    void whatCountsAsAnHttpError(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stick-table type ip size 10 store http_err_cnt,http_req_cnt,bytes_out_cnt",
                "    http-request track-sc0 src",
                "    http-request set-header x-err %[sc0_http_err_cnt]/%[sc0_http_req_cnt]",
                "    http-request set-header x-kbytes-out %[sc0_kbytes_out]",
                "    http-request return status 404 if { path /return404 }",
                "    http-request deny deny_status 403 if { path /deny }",
                "    http-request deny deny_status 500 if { path /deny500 }",
                "    http-response set-status 404 if { path /set404 }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        RulesDifferentialIT.compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/return404", "Host: h"),
                Request.get("/", "Host: h"),
                Request.get("/set404", "Host: h"),
                Request.get("/", "Host: h"),
                Request.get("/deny", "Host: h"),
                Request.get("/", "Host: h"),
                Request.get("/deny500", "Host: h"),
                Request.get("/", "Host: h")));
    }

    /** The general purpose counters and tag: increment, read, rate, clear, through sc0_, sc_ and src_. */
    @Test
    void generalPurposeCounters(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stick-table type ip size 10 store gpc0,gpc0_rate(10s),gpc1,gpt0",
                "    http-request track-sc0 src",
                "    http-request set-header x-inc %[sc0_inc_gpc0]/%[sc_inc_gpc1(0)]/%[src_inc_gpc0]",
                "    http-request set-header x-get %[sc0_get_gpc0]/%[sc0_gpc0_rate]/%[sc_get_gpc1(0)]/%[sc0_get_gpt0]",
                "    http-request set-header x-clr %[src_clr_gpc0] if { path /clear }",
                "    http-request set-header x-none %[sc1_get_gpc0]/%[sc2_tracked]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        RulesDifferentialIT.compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/", "Host: h"),
                Request.get("/clear", "Host: h"),
                Request.get("/", "Host: h"),
                Request.of("127.0.0.2", "GET", "/", "Host: h")));
    }

    /**
     * Mode tcp: {@code tcp-request connection} tracking and a reject on the connection rate, each
     * connection's outcome (the response's status line, or closed) compared.
     */
    @Test
    void connectionRateInTcpMode(@TempDir Path temp) throws Exception {
        String template = String.join("\n",
                "defaults",
                "    mode tcp",
                "    timeout connect 5s",
                "    timeout client 10s",
                "    timeout server 10s",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    stick-table type ip size 10 expire 1m store conn_rate(10s),conn_cnt,sess_cnt",
                // the probe of HAProxy's start comes from 127.0.0.1
                "    tcp-request connection track-sc0 src if !{ src 127.0.0.1 }",
                "    tcp-request connection reject if { sc0_conn_rate gt 2 }",
                "    tcp-request content reject if { sc0_sess_cnt gt 1 } { src_conn_cnt eq 2 }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(Path.of("/usr/sbin/haproxy")));
        try (TestOrigin origin = new TestOrigin("s1")) {
            int haproxyPort = Embedded.freePort();
            Path file = temp.resolve("haproxy.cfg");
            java.nio.file.Files.writeString(file, render(template, haproxyPort, origin));
            Process haproxy = new ProcessBuilder("/usr/sbin/haproxy", "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = tcpOutcomes(haproxyPort, 4);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
            int basculePort = Embedded.freePort();
            List<String> actual;
            try (Embedded bascule = Embedded.start(render(template, basculePort, origin))) {
                actual = tcpOutcomes(basculePort, 4);
            }
            assertThat(actual).isEqualTo(expected);
            // the second session is refused by the content rule, the third connection in 10 s by the connection rule
            assertThat(expected).containsExactly("HTTP/1.1 200 OK", "closed", "closed", "closed");
        }
    }

    private static String render(String template, int port, TestOrigin origin) {
        return template.replace("${PORT}", Integer.toString(port)).replace("${S1}", "127.0.0.1:" + origin.port());
    }

    /** {@code count} connections from 127.0.0.2 in turn, each sending a request: its status line, or "closed". */
    private static List<String> tcpOutcomes(int port, int count) throws Exception {
        List<String> outcomes = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            try (java.net.Socket socket = new java.net.Socket()) {
                socket.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("127.0.0.2"), 0));
                socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 5_000);
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
                String response = HttpProxyIT.readResponse(socket.getInputStream());
                outcomes.add(response.substring(0, response.indexOf('\r')));
            } catch (java.io.IOException closed) {
                outcomes.add("closed");
            }
        }
        return outcomes;
    }
}
