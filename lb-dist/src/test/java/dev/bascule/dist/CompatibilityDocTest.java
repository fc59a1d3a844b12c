package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;
import dev.bascule.config.haproxy.HaproxyConfigLoader;
import dev.bascule.config.haproxy.internal.HaproxyKeywords;
import dev.bascule.core.plugin.PluginRegistry;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * docs/compatibility.md is generated from the plugin registry of the distribution and HAProxy
 * 2.6's keyword tables (the loader's resources), so it cannot drift: this test fails when the file
 * differs from what the registry says. Regenerate with
 * {@code mvn -o test -pl lb-dist -Dtest=CompatibilityDocTest -Dcompat.update=true}.
 */
final class CompatibilityDocTest {
    private static final Path DOC = Path.of("..", "docs", "compatibility.md");
    private static final String RESOURCES = "dev/bascule/config/haproxy/internal/";

    @Test
    void theDocumentSaysWhatTheRegistryServes() throws IOException {
        String generated = generate(Embedded.builtins());
        if (Boolean.getBoolean("compat.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC)).as("%s is missing: run with -Dcompat.update=true", DOC).isTrue();
        assertThat(Files.readString(DOC)).as("%s is out of date: run with -Dcompat.update=true", DOC)
                .isEqualTo(generated);
    }

    static String generate(PluginRegistry registry) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Compatibility with HAProxy 2.6\n\n")
                .append("Generated from Bascule's plugin registry and HAProxy 2.6's keyword tables by\n")
                .append("`CompatibilityDocTest` (lb-dist); do not edit by hand. Regenerate with\n")
                .append("`mvn -o test -pl lb-dist -Dtest=CompatibilityDocTest -Dcompat.update=true`.\n\n")
                .append("A keyword HAProxy has and Bascule lacks makes the configuration fail to load, with an\n")
                .append("`[ALERT]` at its `file:line` saying it is not implemented yet.\n\n");
        section(out, "Sample fetches", registry.sampleFetchNames(), haproxy("haproxy-fetches.txt"));
        section(out, "Converters", registry.sampleConverterNames(), haproxy("haproxy-converters.txt"));
        section(out, "ACL keywords", registry.aclKeywordNames(), haproxy("haproxy-acl-keywords.txt"));
        out.append(CONTENT_INSPECTION);
        out.append("## ACL match methods\n\nServed: ").append(codes(registry.aclMatcherNames())).append("\n\n");
        out.append("## Balancing algorithms\n\nServed: ").append(codes(registry.balancingAlgorithmNames())).append("\n\n");
        out.append("## Health checks\n\nServed: ").append(codes(registry.healthCheckNames())).append("\n\n");
        out.append(PROTOCOL_CHECKS);
        out.append(HTTP_CHECKS);
        out.append(SERVER_TLS);
        ConfigProbe probe = new ConfigProbe(registry);
        out.append("## Configuration keywords\n\n")
                .append("Each keyword of HAProxy 2.6's tables below was loaded by Bascule in a minimal configuration:\n")
                .append("served ones load (or fail only on their arguments), the others fail with \"not implemented\n")
                .append("yet\". Keywords served with a `[WARNING]` that says what Bascule does instead are listed\n")
                .append("with it.\n\n");
        probe.section(out, "Global section", HaproxyKeywords.GLOBAL_KNOWN,
                keyword -> "global\n    " + keyword + " " + GLOBAL_PROBE_ARGUMENTS.getOrDefault(keyword, "1") + "\n");
        probe.section(out, "Proxy sections", HaproxyKeywords.PROXY_KNOWN,
                keyword -> "listen l\n    " + keyword + " " + PROXY_PROBE_ARGUMENTS.getOrDefault(keyword, "1") + "\n");
        probe.section(out, "`option`", HaproxyKeywords.OPTIONS_KNOWN,
                keyword -> "listen l\n    option " + keyword + "\n");
        probe.section(out, "`timeout`", HaproxyKeywords.TIMEOUTS_KNOWN,
                keyword -> "listen l\n    timeout " + keyword + " 1s\n");
        probe.section(out, "`bind` options", HaproxyKeywords.BIND_KEYWORDS,
                keyword -> "listen l\n    bind 127.0.0.1:1 " + keyword + " 1\n");
        probe.section(out, "`stats socket` options", HaproxyKeywords.BIND_KEYWORDS,
                keyword -> "global\n    stats socket /tmp/s " + keyword + " "
                        + (keyword.equals("expose-fd") ? "listeners" : "1") + "\n");
        probe.section(out, "`server` options", HaproxyKeywords.SERVER_KNOWN,
                keyword -> "listen l\n    server s 127.0.0.1:1 " + keyword + " 1\n");
        probe.section(out, "`http-request` actions", HaproxyKeywords.HTTP_REQUEST_ACTIONS,
                keyword -> "listen l\n    mode http\n    http-request " + written(keyword) + "\n",
                // the messages name a prefix action without its argument nor its counter number
                keyword -> keyword.replace("(*)", "").replaceAll("[0-9]+$", ""));
        services(out, registry);
        out.append(PROXY_PROTOCOL);
        return out.toString();
    }

    /** An action as a line writes it: a prefix action ({@code set-var(*)}) with an argument. */
    private static String written(String action) {
        if (action.equals("track-sc(*)")) {
            return "track-sc0";
        }
        return action.replace("(*)", "(txn.x)");
    }

    /** The services {@code http-request use-service} hands requests to, and what each does differently. */
    private static void services(StringBuilder out, PluginRegistry registry) {
        out.append("## Services (`http-request use-service <name>`)\n\n")
                .append("Served: ").append(codes(registry.serviceNames())).append(" Another name is refused as\n")
                .append("HAProxy refuses it (`'<name>' unknown service name.`); `tcp-request content use-service`\n")
                .append("is not implemented yet (HAProxy's own `prometheus-exporter` refuses it too).\n\n")
                .append(PROMETHEUS_EXPORTER);
    }

    private static final String CONTENT_INSPECTION = """
            ### Content inspection in mode tcp

            `tcp-request inspect-delay` with `tcp-request content` rules holds the client's first bytes
            as HAProxy's `tcp_inspect_request()` does: the rules run on what has come; while a
            condition lacks data (a fetch that says more may change it: `req.len`, `req.payload`,
            `req.payload_lv`, `req.ssl_hello_type`, `req.ssl_sni`, `req.ssl_alpn`, `wait_end`) they wait
            and run again from the first rule on each arrival, and decide on what is there once the
            delay is over, the client has shut its side, or a buffer is full (`tune.bufsize` less
            `tune.maxrewrite`: 15360 bytes by default). The frontend's rules, then `use_backend`, then the backend's
            rules with its own delay. What was held goes to the server first. Conditions are
            three-valued as HAProxy's (`ACL_TEST_MISS`): a `!` keeps a miss a miss. String matches
            (`-m str`, `beg`, ...) on binary samples cast them first (`c_bin2str`: up to the first NUL);
            `-m bin` compares bytes. The server's side is the same: `tcp-response inspect-delay` holds
            the server's first bytes while `tcp-response content` rules on `res.len`, `res.payload`,
            `res.payload_lv`, `res.ssl_hello_type` (or `payload`, `payload_lv` in a response rule)
            lack data. The ACL keywords `req.ssl_ver` and `req_ssl_ver` match dotted versions
            (`3.1`, `ge 3.3`, `3.0:3.2`), HAProxy's `int` match with `pat_parse_dotted_ver()`, which
            Bascule lists as the match method `dotted_ver`. `req.rdp_cookie`, `req.rdp_cookie_cnt`
            and the predefined ACL `RDP_COOKIE` read an RDP connection request's cookie, and
            `balance rdp-cookie[(<name>)]` hashes it (`mstshash` by default; without one, in turn);
            `persist rdp-cookie[(<name>)]` sends a request whose cookie (`msts` by default) names a
            server's IPv4 address and port to that server, before balancing. `req.ssl_ec_ext` and
            `req.ssl_st_ext` read the hello's extensions. Not served yet: `req.proto_http` (and with
            it HAProxy's HTTP fetches on a raw mode tcp buffer). The payload
            fetches bound offsets by HAProxy's default `tune.bufsize` (16384) whatever it is set to.

            """;

    private static final String HTTP_CHECKS = """
            `option httpchk` and the `http-check` rules are, as in HAProxy 2.6.12, an HTTP ruleset of the
            `tcp-check` engine: `http-check send [meth] [uri|uri-lf] [ver] [hdr <name> <fmt>]* [body|body-lf]`
            (merged with the option's request as `tcpcheck_add_http_rule()` merges them, the headers hidden
            in the option's version included), several `http-check expect` rules (`status`, `rstatus`,
            `string`, `string-lf`, `rstring`, `hdr` and `fhdr` with `name[-lf]`/`value[-lf]` and `-m
            str|beg|end|sub|reg`, `min-recv`, `ok-status`, `error-status`, `tout-status`, `on-success`,
            `on-error`, `comment`, `!`), several `http-check connect [default] [port] [addr <ip[:port]>]
            [ssl] [sni <name>] [alpn <list>] [send-proxy] [linger] [proto h1] [comment]`, `http-check comment`, `set-var(<name>)`, `set-var-fmt(<name>)`,
            `unset-var(<name>)` (the `check.` scope and the others, per probe; `res.fhdr` and the other
            response fetches read the last response), `send-state` (HAProxy's `X-Haproxy-Server-State`
            header) and `disable-on-404`. The bytes a server receives are HAProxy's (header names in lower
            case, `connection: close` only for HTTP/1.1, `content-length` as its HTTP/1 mux writes it), and
            so are the check results (`Layer7 wrong status, code: 503, info: "Service Unavailable"`, `HTTP
            content check did not match comment: ...`) and the load errors, compared with haproxy 2.6.12 by
            `HttpCheckDifferentialIT`; the reg-tests `checks/http-check-send.vtc` and
            `checks/http-check-expect.vtc` pass; `checks/http-check.vtc` fails on its two HTTP/2 backends
            (`proto h2`, `check-proto h2`: HTTP/2 is not served yet), and a copy of it without them passes. A sample expression or format
            that does not compile is reported at its line, in HAProxy's words, but only the first of a
            backend (HAProxy reports each).
            `expect status-code <expr>` sets the check's code as HAProxy does. Not implemented yet (refused with
            file:line): `connect port <expression>`,
            `set-var` conditions (`ifexists`...), and the connect options `via-socks4` and
            `proto h2|fcgi`.

            """;

    private static final String PROTOCOL_CHECKS = """
            The protocol checks `option redis-check`, `ssl-hello-chk`, `ldap-check`, `smtpchk [<hello>
            <domain>]`, `pgsql-check user <username>` and `mysql-check [user <username> [post-41|pre-41]]`
            are, as in HAProxy 2.6.12 (`src/tcpcheck.c`), predefined tcp-check rulesets run by the
            `tcp-check` engine: the same bytes sent (the SSLv3 hello carries the current time), the same
            expects, statuses, codes and texts (`Layer7 wrong status, code: 421, info: "Try again later"`),
            and none of the tcp-check's default texts (`(tcp-check)`, ` at step 2 of tcp-check`). Since
            2.6.12 `smtpchk` ends with a `QUIT`, whose reply gives the check's code and text. The
            reg-tests `checks/smtp-check.vtc`, `checks/4be_1srv_smtpchk_httpchk_layer47errors.vtc`,
            `checks/redis-check.vtc`, `checks/mysql-check.vtc`, `checks/pgsql-check.vtc` and
            `checks/ldap-check.vtc` pass (the last four answer the checks with a mode tcp listener
            that inspects the request's content), and so does `checks/ssl-hello-check.vtc`.

            One difference: haproxy 2.6.12 records a passing `mysql-check` or `ldap-check` probe twice
            (`tcpcheck_main()` sets the status again after the custom expect did), once with the
            server's version or `Success` as info and once without: each such probe counts twice
            towards `rise` and the stats page shows no description. Bascule counts it once and keeps
            the text.

            """;

    private static final String SERVER_TLS = """
            ## TLS to servers and UNIX socket servers

            `server ... ssl` encrypts the connections to a server with the settings of its line and of
            its `default-server`, under the global `ssl-default-server-*` and `ssl-server-verify`:
            `verify none|required` with `ca-file` and `crl-file` (the chain must lead to one of the
            CA file's certificates; then the certificate must carry the SNI sent, else `verifyhost`,
            as HAProxy's `ssl_sock_srv_verifycbk()` checks it), `crt` (the client certificate),
            `sni <expression>` (evaluated per connection, `sni req.hdr(host)`), `alpn`, `ciphers`,
            `ciphersuites`, `ssl-min-ver`, `ssl-max-ver`, `no-tlsv1x`, `force-tlsv1x`,
            `no-ssl-reuse` (sessions are resumed otherwise) and `no-tls-tickets`. A failed handshake is
            a failed connection: retried, then 503 with `SC`. A PROXY protocol header goes first, in
            clear. The `ssl_s_*` fetches read the server's certificate; `ssl_c_sig_alg`,
            `ssl_c_key_alg`, `ssl_c_chain_der` and their `ssl_f_`/`ssl_s_` forms are served too.

            Health checks are encrypted with `check-ssl`, or when a `ssl` server is checked on its own
            address and port (HAProxy's `init_srv_check()`), with `check-sni` and `check-alpn`; a
            handshake that passes is `L6OK` ("Layer6 check passed"), one that fails `L6RSP` ("SSL
            handshake failure"). `tcp-check connect` and `http-check connect` take `ssl`, `sni` and
            `alpn` as in HAProxy's `tcpcheck_eval_connect()`: with `default` (or the implicit first
            connect) the server's check TLS, `sni` and `alpn` overriding its `check-sni` and
            `check-alpn`; without, TLS only with `ssl` and only the rule's name and ALPN
            (`checks/tcp-check-ssl.vtc`, `checks/tls_health_checks.vtc`).

            A server on a UNIX stream socket (`server s1 /run/app.sock`, `unix@path`) is served for
            traffic and checks; `abns@` and `fd@` servers are not.

            """;

    private static final String PROXY_PROTOCOL = """

            ## PROXY protocol (`accept-proxy`, `send-proxy`, `send-proxy-v2`)

            `bind ... accept-proxy`: each connection must start with a PROXY header, v1 or v2, before
            TLS when the bind has `ssl`. Its addresses are the client's from then on: `src`,
            `src_port`, `dst`, `dst_port`, ACLs, stick tables, `option forwardfor`, the logs' `%ci`,
            `%cp`, `%fi`, `%fp`, and the header Bascule sends on; `fc_src`, `fc_dst` keep the socket's,
            as in HAProxy 2.6; `fc_rcvd_proxy` says a header came. A v2 `LOCAL` command, a v1
            `UNKNOWN` line and v2 families other than TCP over IPv4/IPv6 keep the socket's addresses.
            The header is judged as HAProxy's `conn_recv_proxy()` does: it must be whole in the
            first read, TLVs must end where the header does, a `CRC32C` TLV must match, `AUTHORITY`
            is at most 255 bytes and `UNIQUE_ID` 128. A bad, truncated or missing header (or
            `timeout client` before it) closes the connection, reset when bytes were left unread,
            and a frontend with a log format (`option httplog`, `tcplog`, `log-format`) logs
            HAProxy's line: `<ip>:<port> [<date>] <frontend>/<bind name or number>: Received
            something which does not look like a PROXY protocol header` (and the other messages of
            `conn_err_code_str()`; none for a connection closed empty with `option dontlognull`).
            Unlike HAProxy, which peeks once and calls a header that is not whole in that read
            truncated, Bascule waits for the end of a header written in pieces (a close before it
            is "Truncated", `timeout client` "Timeout"). `fc_pp_authority` and `fc_pp_unique_id`
            give the v2 `AUTHORITY` and `UNIQUE_ID` TLVs. `tcp-request connection` rules run before
            the header, on the socket's addresses, as in HAProxy.

            `server ... send-proxy` (v1) and `send-proxy-v2` (v2 wins when both are set), also on
            `default-server`, undone by `no-send-proxy` and `no-send-proxy-v2`: the header is
            written first on every new connection to the server, in mode tcp and http, with the
            client's addresses as the stream sees them (its own PROXY header, `set-src`): `TCP4`
            when both are IPv4, `TCP6` with the IPv4 one mapped otherwise, `UNKNOWN` (v1) or a
            v2 `LOCAL` command for a client without IP addresses. A v2 header carries the client
            connection's ALPN, and the TLVs of `proxy-v2-options` (`crc32c`, `authority`,
            `unique-id`, `ssl`, `cert-cn`, `cert-key`, `cert-sig`, `ssl-cipher`; `send-proxy-v2-ssl`
            and `send-proxy-v2-ssl-cn` are `ssl` and `ssl,cert-cn`), in HAProxy's order and words
            (`ProxyV2TlvDifferentialIT` compares them with HAProxy's). HAProxy 2.6 hashes the header
            into a connection's reuse key, so only its client connection can take it again: Bascule
            keeps such connections private to their client connection whatever `http-reuse` says,
            and with `unique-id` to one stream.
            Health checks send one as haproxy 2.6 does (`check-send-proxy`, or `send-proxy` on a server
            checked on its own address and port, or `tcp-check connect send-proxy`): version 1 with the
            probe connection's own addresses, version 2 a `LOCAL` command
            (`CheckProxyHeaderDifferentialIT`).
            `ProxyProtocolDifferentialIT` chains HAProxy and Bascule both ways against
            HAProxy-to-HAProxy; `ProxyProtocolIT` sends raw v1 and v2 headers.
            """;

    private static final String PROMETHEUS_EXPORTER = """
            ### `prometheus-exporter`

            HAProxy 2.6's exporter (`addons/promex`): the same metric names, `# HELP` and `# TYPE`
            lines, label sets and order as haproxy 2.6.12 for the `global` (`haproxy_process_*`),
            `frontend`, `listener`, `backend`, `server` and `sticktable` scopes; `?scope=<name>`
            (repeatable, `*`, empty) and `no-maint` as HAProxy reads them, a 400 for what it
            refuses; a 200 with `cache-control: no-cache`, `content-type: text/plain; version=0.0.4`
            and a chunked body (headers only for HEAD). `PrometheusExporterDifferentialIT` scrapes
            both on one configuration.

            The `listener` scope (`haproxy_listener_*`, labels `proxy` and `listener`) lists, as
            HAProxy, only the listeners of frontends with `option socket-stats`, each named by its
            bind's `name` or `sock-<id>`: the rows the statistics page shows for them, so the same
            counters. `haproxy_server_status` is `NOLB` for a server that `http-check disable-on-404`
            stopped (before `DRAIN`, as HAProxy), `DRAIN` for one drained by the runtime API (`set
            server <b>/<s> state drain`); the backends' `agg_server_status` count them the same way.

            The values are the statistics page's (`show stat`, `stats uri`): a field the page leaves
            empty is written `NaN`, as HAProxy writes an empty field (a server's `limit_sessions` without
            `maxconn`). So these metrics are `NaN` in Bascule where HAProxy has a number, Bascule
            keeping no such counter:

            - `haproxy_process_*`: all but `nbthread`, `nbproc`, `relative_process_id`, `uptime_seconds`,
              `start_time_seconds`, `max_connections` (when the global `maxconn` is set),
              `current_connections`, `connections_total` and `requests_total` (the frontends' sums),
              `stopping` and `build_info` (whose `version` label is Bascule's version);
            - frontends: `max_session_rate`, `http_requests_rate_max`, `connections_rate_max`,
              `failed_header_rewriting_total`, `internal_errors_total`;
            - listeners: `failed_header_rewriting_total`, `internal_errors_total`;
            - backends and servers: `max_session_rate`, `client_aborts_total`, `server_aborts_total`,
              `failed_header_rewriting_total`, `internal_errors_total`, the connect, response and total
              time averages and maxima, `max_queue_time_seconds`, and `queue_time_average_seconds` where
              the page has no queue time;
            - servers: `idle_connections_current`, `unsafe_idle_connections_current`,
              `safe_idle_connections_current`, `used_connections_current`, `need_connections_current`.

            A listener's `status` is `WAITING` while its frontend or the process is at its
            `maxconn` (its accepts paused), `OPEN` otherwise; never `FULL`, and its `limit_sessions`
            is always 0, the bind's own `maxconn` being not implemented yet.

            Also different: the body is built in one piece off the event loop (on Netty's global
            executor: scrapes take turns on one thread) and sent as one chunk, where HAProxy streams
            it a buffer at a time.
            """;

    /** The arguments a proxy keyword is tried with when its first word is itself a keyword. */
    private static final Map<String, String> PROXY_PROBE_ARGUMENTS = Map.of(
            "http-request", "deny",
            "http-response", "deny",
            "http-after-response", "set-header a b",
            "tcp-request", "content accept",
            "tcp-response", "content accept");

    /** The arguments a global keyword is tried with when "1" is not a value it takes. */
    private static final Map<String, String> GLOBAL_PROBE_ARGUMENTS = Map.of(
            "tune.ssl.default-dh-param", "2048",
            "master-worker", "");

    /** Loads one-keyword configurations and sorts HAProxy's keywords by what Bascule answers. */
    private static final class ConfigProbe {
        private final HaproxyConfigLoader loader;

        ConfigProbe(PluginRegistry registry) {
            this.loader = new HaproxyConfigLoader(new LoaderContext() {
                @Override
                public KeywordRegistry registry() {
                    return registry;
                }

                @Override
                public Map<String, String> environment() {
                    return Map.of();
                }
            });
        }

        void section(StringBuilder out, String title, Collection<String> keywords, Function<String, String> config) {
            section(out, title, keywords, config, Function.identity());
        }

        /** As above, {@code written} giving the word the messages name a keyword with. */
        void section(StringBuilder out, String title, Collection<String> keywords, Function<String, String> config,
                     Function<String, String> written) {
            SortedSet<String> served = new TreeSet<>();
            SortedSet<String> missing = new TreeSet<>();
            SortedSet<String> removed = new TreeSet<>();
            SortedMap<String, String> warned = new TreeMap<>();
            for (String keyword : keywords) {
                LoadResult result = loader.load(List.of(new ConfigSource("probe.cfg", config.apply(keyword))));
                boolean notImplemented = false;
                boolean gone = false;
                for (Diagnostic diagnostic : result.diagnostics()) {
                    String message = diagnostic.message();
                    String word = written.apply(keyword);
                    boolean named = message.contains("'" + word + "'") || message.contains(" " + word + "'")
                            || message.contains("'" + word + " ");
                    if (diagnostic.severity() == Diagnostic.Severity.ALERT && message.contains("not implemented yet")
                            && named) {
                        notImplemented = true;
                    } else if (diagnostic.severity() == Diagnostic.Severity.ALERT
                            && (message.contains("not supported anymore") || message.contains("not supported any more"))) {
                        gone = true;
                    } else if (diagnostic.severity() == Diagnostic.Severity.WARNING && message.contains("Bascule")
                            && named) {
                        warned.put(keyword, message);
                    }
                }
                if (notImplemented) {
                    missing.add(keyword);
                    warned.remove(keyword);
                } else if (gone) {
                    removed.add(keyword);
                } else if (!warned.containsKey(keyword)) {
                    served.add(keyword);
                }
            }
            out.append("### ").append(title).append("\n\n")
                    .append(served.size() + warned.size()).append(" of HAProxy's ").append(keywords.size() - removed.size())
                    .append(" are served.\n\n")
                    .append("Served: ").append(codes(served)).append("\n\n");
            if (!warned.isEmpty()) {
                out.append("Served with a warning:\n\n");
                warned.forEach((keyword, message) -> out.append("- `").append(keyword).append("`: ")
                        .append(message.replace("\n", " ")).append("\n"));
                out.append("\n");
            }
            out.append("Not implemented yet: ").append(codes(missing)).append("\n\n");
            if (!removed.isEmpty()) {
                out.append("Removed from HAProxy before 2.6, refused with its message: ").append(codes(removed))
                        .append("\n\n");
            }
        }
    }

    private static void section(StringBuilder out, String title, SortedSet<String> served, SortedSet<String> haproxy) {
        SortedSet<String> missing = new TreeSet<>(haproxy);
        missing.removeAll(served);
        SortedSet<String> supported = new TreeSet<>(served);
        supported.retainAll(haproxy);
        SortedSet<String> extra = new TreeSet<>(served);
        extra.removeAll(haproxy);
        out.append("## ").append(title).append("\n\n")
                .append(supported.size()).append(" of HAProxy's ").append(haproxy.size()).append(" are served.\n\n")
                .append("Served: ").append(codes(supported)).append("\n\n")
                .append("Not implemented yet: ").append(codes(missing)).append("\n\n");
        if (!extra.isEmpty()) {
            out.append("Served by plugins beyond HAProxy's table: ").append(codes(extra)).append("\n\n");
        }
    }

    private static String codes(SortedSet<String> names) {
        if (names.isEmpty()) {
            return "none.";
        }
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add("`" + name + "`");
        }
        return String.join(", ", quoted) + ".";
    }

    private static SortedSet<String> haproxy(String resource) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (InputStream in = CompatibilityDocTest.class.getClassLoader().getResourceAsStream(RESOURCES + resource)) {
            assertThat(in).as("resource %s", resource).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }
}
