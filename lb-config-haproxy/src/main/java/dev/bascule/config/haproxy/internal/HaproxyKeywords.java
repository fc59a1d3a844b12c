package dev.bascule.config.haproxy.internal;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The keywords HAProxy 2.6.12 knows, as built by Debian 12 ({@code USE_OPENSSL}, {@code USE_LUA},
 * {@code USE_PROMEX}, {@code USE_OT}, no QUIC). They serve two purposes: telling a keyword HAProxy
 * knows but Bascule does not implement yet from a mistake, and computing HAProxy's suggestions,
 * which compare a mistyped word against HAProxy's own lists in HAProxy's order (the registration
 * order, which is the link order of its object files, then the hard-coded lists).
 */
public final class HaproxyKeywords {
    private HaproxyKeywords() {
    }

    /** Top-level section keywords ({@code REGISTER_CONFIG_SECTION}). */
    public static final Set<String> SECTIONS = ordered(
            "listen", "frontend", "backend", "defaults", "global", "userlist", "peers", "mailers",
            "namespace_list", "resolvers", "http-errors", "ring", "program", "cache", "log-forward", "fcgi-app");

    /** Proxy-section keywords registered with {@code cfg_register_keywords(CFG_LISTEN)}, in order. */
    public static final List<String> PROXY_REGISTERED = List.of(
            "http-check", "tcp-check", "timeout", "clitimeout", "contimeout", "srvtimeout", "rate-limit",
            "max-keep-alive-queue", "declare", "retry-on", "clitcpka-cnt", "srvtcpka-cnt", "clitcpka-idle",
            "srvtcpka-idle", "clitcpka-intvl", "srvtcpka-intvl", "errorloc", "errorloc302", "errorloc303",
            "errorfile", "errorfiles", "http-error", "tcp-request", "tcp-response", "filter", "use-fcgi-app",
            "compression", "external-check");

    /** {@code common_kw_list} of {@code cfgparse-listen.c}: suggestions for proxy sections. */
    public static final List<String> PROXY_COMMON = List.of(
            "listen", "frontend", "backend", "defaults", "server",
            "default-server", "server-template", "bind", "monitor-net",
            "monitor-uri", "mode", "id", "description", "disabled", "enabled",
            "bind-process", "acl", "dynamic-cookie-key", "cookie", "email-alert",
            "persist", "appsession", "load-server-state-from-file",
            "server-state-file-name", "max-session-srv-conns", "capture",
            "retries", "http-request", "http-response", "http-after-response",
            "http-send-name-header", "block", "redirect", "use_backend",
            "use-server", "force-persist", "ignore-persist", "force-persist",
            "stick-table", "stick", "stats", "option", "default_backend",
            "http-reuse", "monitor", "transparent", "maxconn", "backlog",
            "fullconn", "dispatch", "balance", "hash-type",
            "hash-balance-factor", "unique-id-format", "unique-id-header",
            "log-format", "log-format-sd", "log-tag", "log", "source", "usesrc",
            "error-log-format");

    /** Keywords {@code cfg_parse_listen()} recognises with {@code strcmp()}. */
    private static final List<String> PROXY_PARSED = List.of(
            "server", "default-server", "server-template", "bind", "monitor-net", "monitor-uri", "mode", "id",
            "description", "disabled", "enabled", "bind-process", "acl", "dynamic-cookie-key", "cookie",
            "email-alert", "persist", "appsession", "load-server-state-from-file", "server-state-file-name",
            "max-session-srv-conns", "capture", "retries", "http-request", "http-response", "http-after-response",
            "http-send-name-header", "block", "redirect", "use_backend", "use-server", "force-persist",
            "ignore-persist", "stick-table", "stick", "stats", "option", "default_backend", "redispatch",
            "redisp", "http-reuse", "monitor", "transparent", "maxconn", "backlog", "fullconn", "grace",
            "dispatch", "balance", "hash-type", "hash-balance-factor", "unique-id-format", "unique-id-header",
            "log-format", "log-format-sd", "error-log-format", "log-tag", "log", "source", "usesrc", "cliexp",
            "reqrep", "reqdel", "reqdeny", "reqpass", "reqallow", "reqtarpit", "reqirep", "reqidel", "reqideny",
            "reqipass", "reqiallow", "reqitarpit", "reqadd", "srvexp", "rsprep", "rspdel", "rspdeny", "rspirep",
            "rspidel", "rspideny", "rspadd");

    /** What a mistyped proxy keyword is compared with, in HAProxy's order. */
    public static final List<String> PROXY_SUGGESTIONS = concat(PROXY_REGISTERED, PROXY_COMMON);

    /** Every keyword HAProxy accepts in a defaults, frontend, backend or listen section. */
    public static final Set<String> PROXY_KNOWN = ordered(concat(PROXY_PARSED, PROXY_REGISTERED));

    /** Global keywords registered with {@code cfg_register_keywords(CFG_GLOBAL)}, in order. */
    public static final List<String> GLOBAL_REGISTERED = List.of(
            "ca-base", "crt-base", "issuers-chain-path", "maxsslconn", "ssl-default-bind-options",
            "ssl-default-server-options", "ssl-dh-param-file", "ssl-mode-async", "ssl-propquery", "ssl-provider",
            "ssl-provider-path", "ssl-skip-self-issued-ca", "tune.ssl.cachesize", "tune.ssl.default-dh-param",
            "tune.ssl.force-private-cache", "tune.ssl.lifetime", "tune.ssl.maxrecord", "tune.ssl.hard-maxrecord",
            "tune.ssl.ssl-ctx-cache-size", "tune.ssl.capture-cipherlist-size", "tune.ssl.capture-buffer-size",
            "tune.ssl.keylog", "ssl-default-bind-ciphers", "ssl-default-server-ciphers", "ssl-default-bind-curves",
            "ssl-default-bind-ciphersuites", "ssl-default-server-ciphersuites", "ssl-load-extra-files",
            "ssl-load-extra-del-ext", "lua-prepend-path", "lua-load", "lua-load-per-thread",
            "tune.lua.session-timeout", "tune.lua.task-timeout", "tune.lua.service-timeout",
            "tune.lua.forced-yield", "tune.lua.maxmem", "tune.h2.header-table-size",
            "tune.h2.initial-window-size", "tune.h2.max-concurrent-streams", "tune.h2.max-frame-size",
            "h1-accept-payload-with-any-method", "h1-case-adjust", "h1-case-adjust-file", "tune.idle-pool.shared",
            "tune.pool-high-fd-ratio", "tune.pool-low-fd-ratio", "default-path", "tune.peers.max-updates-at-once",
            "stats", "pp2-never-send-local", "grace", "hard-stop-after", "close-spread-time",
            "httpclient.resolvers.id", "httpclient.resolvers.prefer", "httpclient.ssl.verify",
            "httpclient.ssl.ca-file", "tune.listener.multi-queue", "set-var", "set-var-fmt",
            "tune.vars.global-max-size", "tune.vars.proc-max-size", "tune.vars.sess-max-size",
            "tune.vars.txn-max-size", "tune.vars.reqres-max-size", "tune.vars.check-max-size",
            "tune.sched.low-latency", "tune.fail-alloc", "no-memory-trimming", "mworker-max-reloads",
            "tune.fd.edge-triggered", "profiling.tasks", "nbthread", "thread-group", "thread-groups",
            "tune.zlib.memlevel", "tune.zlib.windowsize");

    /** {@code common_kw_list} of {@code cfgparse-global.c}: suggestions for the global section. */
    public static final List<String> GLOBAL_COMMON = List.of(
            "global", "daemon", "master-worker", "noepoll", "nokqueue",
            "noevports", "nopoll", "busy-polling", "set-dumpable",
            "insecure-fork-wanted", "insecure-setuid-wanted", "nosplice",
            "nogetaddrinfo", "noreuseport", "quiet", "zero-warning",
            "tune.runqueue-depth", "tune.maxpollevents", "tune.maxaccept",
            "tune.recv_enough", "tune.buffers.limit",
            "tune.buffers.reserve", "tune.bufsize", "tune.maxrewrite",
            "tune.idletimer", "tune.rcvbuf.client", "tune.rcvbuf.server",
            "tune.sndbuf.client", "tune.sndbuf.server", "tune.pipesize",
            "tune.http.cookielen", "tune.http.logurilen", "tune.http.maxhdr",
            "tune.comp.maxlevel", "tune.pattern.cache-size", "uid", "gid",
            "external-check", "user", "group", "nbproc", "maxconn",
            "ssl-server-verify", "maxconnrate", "maxsessrate", "maxsslrate",
            "maxcomprate", "maxpipes", "maxzlibmem", "maxcompcpuusage", "ulimit-n",
            "chroot", "description", "node", "pidfile", "unix-bind", "log",
            "log-send-hostname", "server-state-base", "server-state-file",
            "log-tag", "spread-checks", "max-spread-checks", "cpu-map", "setenv",
            "presetenv", "unsetenv", "resetenv", "strict-limits", "localpeer",
            "numa-cpu-mapping", "defaults", "listen", "frontend", "backend",
            "peers", "resolvers", "cluster-secret");

    /** Keywords {@code cfg_parse_global()} recognises with {@code strcmp()}. */
    private static final List<String> GLOBAL_PARSED = List.of(
            "global", "expose-experimental-directives", "daemon", "master-worker", "noepoll", "nokqueue",
            "noevports", "nopoll", "busy-polling", "set-dumpable", "h2-workaround-bogus-websocket-clients",
            "insecure-fork-wanted", "insecure-setuid-wanted", "nosplice", "nogetaddrinfo", "noreuseport", "quiet",
            "zero-warning", "tune.runqueue-depth", "tune.maxpollevents", "tune.maxaccept", "tune.chksize",
            "tune.recv_enough", "tune.buffers.limit", "tune.buffers.reserve", "tune.bufsize", "tune.maxrewrite",
            "tune.idletimer", "tune.rcvbuf.client", "tune.rcvbuf.server", "tune.sndbuf.client",
            "tune.sndbuf.server", "tune.pipesize", "tune.http.cookielen", "tune.http.logurilen",
            "tune.http.maxhdr", "tune.comp.maxlevel", "tune.pattern.cache-size", "cluster-secret", "uid", "gid",
            "external-check", "user", "group", "nbproc", "maxconn", "ssl-server-verify", "maxconnrate",
            "maxsessrate", "maxsslrate", "maxcomprate", "maxpipes", "maxzlibmem", "maxcompcpuusage",
            "fd-hard-limit", "ulimit-n", "chroot", "description", "node", "pidfile", "unix-bind", "log",
            "log-send-hostname", "server-state-base", "server-state-file", "log-tag", "spread-checks",
            "max-spread-checks", "cpu-map", "setenv", "presetenv", "unsetenv", "resetenv", "strict-limits",
            "localpeer", "numa-cpu-mapping");

    /** What a mistyped global keyword is compared with, in HAProxy's order. */
    public static final List<String> GLOBAL_SUGGESTIONS = concat(GLOBAL_REGISTERED, GLOBAL_COMMON);

    /** Every keyword HAProxy accepts in the global section. */
    public static final Set<String> GLOBAL_KNOWN = ordered(concat(GLOBAL_PARSED, GLOBAL_REGISTERED));

    /**
     * Keywords that accept the {@code no} and {@code default} prefixes
     * ({@code readcfgfile()}).
     */
    public static final Set<String> NEGATABLE = ordered(
            "option", "log", "busy-polling", "set-dumpable", "strict-limits", "insecure-fork-wanted",
            "numa-cpu-mapping");

    /**
     * Names of {@code option} keywords: {@code cfg_opts}, then {@code cfg_opts2} (the order
     * {@code proxy_find_best_option()} compares them in).
     */
    public static final List<String> OPTIONS_TABLES = List.of(
            "abortonclose", "allbackups", "checkcache", "clitcpka", "contstats", "dontlognull",
            "http-buffer-request", "http-ignore-probes", "idle-close-on-response", "prefer-last-server", "logasap",
            "nolinger", "persist", "srvtcpka", "transparent", "splice-request", "splice-response", "splice-auto",
            "accept-invalid-http-request", "accept-invalid-http-response", "dontlog-normal", "log-separate-errors",
            "log-health-checks", "socket-stats", "tcp-smart-accept", "tcp-smart-connect", "independent-streams",
            "http-use-proxy-header", "http-pretend-keepalive", "http-no-delay", "h1-case-adjust-bogus-client",
            "h1-case-adjust-bogus-server", "disable-h2-upgrade");

    /** {@code common_options}: the extra words {@code proxy_find_best_option()} compares with. */
    public static final List<String> OPTIONS_COMMON = List.of(
            "httpclose", "http-server-close", "http-keep-alive",
            "redispatch", "httplog", "tcplog", "tcpka", "httpchk",
            "ssl-hello-chk", "smtpchk", "pgsql-check", "redis-check",
            "mysql-check", "ldap-check", "spop-check", "tcp-check",
            "external-check", "forwardfor", "original-to");

    /** Every option name HAProxy accepts after {@code option}. */
    public static final Set<String> OPTIONS_KNOWN = ordered(concat(OPTIONS_TABLES, List.of(
            "forceclose", "httpclose", "http-server-close", "http-keep-alive", "http-tunnel", "redispatch",
            "http_proxy", "httplog", "tcplog", "httpslog", "tcpka", "httpchk", "ssl-hello-chk", "smtpchk",
            "pgsql-check", "redis-check", "mysql-check", "ldap-check", "spop-check", "tcp-check",
            "external-check", "forwardfor", "originalto", "http-restrict-req-hdr-names")));

    /** {@code timeout} kinds {@code proxy_parse_timeout()} accepts. */
    public static final Set<String> TIMEOUTS_KNOWN = ordered(
            "client", "tarpit", "http-keep-alive", "http-request", "server", "connect", "check", "queue", "tunnel",
            "client-fin", "server-fin");

    /** Keywords allowed on a {@code bind} or {@code stats socket} line, in registration order. */
    public static final List<String> BIND_KEYWORDS = List.copyOf(ordered(
            // cfgparse-ssl.c
            "allow-0rtt", "alpn", "ca-file", "ca-verify-file", "ca-ignore-err", "ca-sign-file", "ca-sign-pass",
            "ciphers", "ciphersuites", "crl-file", "crt", "crt-ignore-err", "crt-list", "curves", "ecdhe",
            "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13", "generate-certificates",
            "no-ca-names", "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-tls-tickets", "ssl",
            "ssl-min-ver", "ssl-max-ver", "strict-sni", "tls-ticket-keys", "verify", "npn",
            "prefer-client-ciphers",
            // cli.c
            "level", "expose-fd", "severity-output",
            // listener.c
            "accept-netscaler-cip", "accept-proxy", "backlog", "id", "maxconn", "name", "nice", "process",
            "proto", "shards", "thread",
            // cfgparse-tcp.c
            "defer-accept", "interface", "mss", "tcp-ut", "tfo", "transparent", "v4v6", "v6only", "namespace",
            // cfgparse-unix.c
            "gid", "group", "mode", "uid", "user"));

    /** Keywords allowed on a {@code server} line, in registration order. */
    public static final Set<String> SERVER_KNOWN = ordered(
            // cfgparse-ssl.c
            "allow-0rtt", "alpn", "ca-file", "check-alpn", "check-sni", "check-ssl", "ciphers", "ciphersuites",
            "crl-file", "crt", "force-sslv3", "force-tlsv10", "force-tlsv11", "force-tlsv12", "force-tlsv13",
            "no-check-ssl", "no-send-proxy-v2-ssl", "no-send-proxy-v2-ssl-cn", "no-ssl", "no-ssl-reuse",
            "no-sslv3", "no-tlsv10", "no-tlsv11", "no-tlsv12", "no-tlsv13", "no-tls-tickets", "npn",
            "send-proxy-v2-ssl", "send-proxy-v2-ssl-cn", "sni", "ssl", "ssl-min-ver", "ssl-max-ver", "ssl-reuse",
            "tls-tickets", "verify", "verifyhost",
            // server.c
            "backup", "cookie", "disabled", "enabled", "error-limit", "ws", "id", "init-addr", "log-proto",
            "maxconn", "maxqueue", "max-reuse", "minconn", "namespace", "no-backup", "no-send-proxy",
            "no-send-proxy-v2", "no-tfo", "non-stick", "observe", "on-error", "on-marked-down", "on-marked-up",
            "pool-low-conn", "pool-max-conn", "pool-purge-delay", "proto", "proxy-v2-options", "redir",
            "resolve-net", "resolve-opts", "resolve-prefer", "resolvers", "send-proxy", "send-proxy-v2",
            "slowstart", "source", "stick", "tfo", "track", "socks4", "usesrc", "weight",
            // check.c
            "addr", "agent-addr", "agent-check", "agent-inter", "agent-port", "agent-send", "check",
            "check-proto", "check-send-proxy", "check-via-socks4", "no-agent-check", "no-check",
            "no-check-send-proxy", "rise", "fall", "inter", "fastinter", "downinter", "port",
            // cfgparse-tcp.c
            "tcp-ut");

    /** What a mistyped server keyword is compared with: the keywords, then {@code extra_kw_list}. */
    public static final List<String> SERVER_SUGGESTIONS = concat(List.copyOf(SERVER_KNOWN), List.of(
            "ipv4", "ipv6", "legacy", "octet-count", "fail-check", "sudden-death", "mark-down"));

    /**
     * {@code http-request} actions in the order HAProxy lists them; a trailing {@code (*)} marks
     * an action matched by prefix ({@code set-var(txn.x)}).
     */
    public static final List<String> HTTP_REQUEST_ACTIONS = List.of(
            "wait-for-handshake", "ot-group", "set-log-level", "set-nice", "use-service", "sc-inc-gpc(*)",
            "sc-inc-gpc0(*)", "sc-inc-gpc1(*)", "sc-set-gpt(*)", "sc-set-gpt0(*)", "send-spoe-group",
            "do-resolve(*)", "cache-use", "add-acl(*)", "add-header", "allow", "auth", "capture", "del-acl(*)",
            "del-header", "del-map(*)", "deny", "disable-l7-retry", "early-hint", "normalize-uri", "redirect",
            "reject", "replace-header", "replace-path", "replace-pathq", "replace-uri", "replace-value", "return",
            "set-header", "set-map(*)", "set-method", "set-path", "set-pathq", "set-query", "set-uri",
            "strict-mode", "tarpit", "track-sc(*)", "set-timeout", "wait-for-body", "set-var-fmt(*)", "set-var(*)",
            "unset-var(*)", "set-dst", "set-dst-port", "set-mark", "set-src", "set-src-port", "set-tos",
            "silent-drop", "set-priority-class", "set-priority-offset");

    /** The action an {@code http-request} word designates, by exact name or by prefix. */
    public static Optional<String> httpRequestAction(String word) {
        for (String action : HTTP_REQUEST_ACTIONS) {
            if (action.endsWith("(*)")) {
                if (word.startsWith(action.substring(0, action.length() - 3))) {
                    return Optional.of(action.substring(0, action.length() - 3));
                }
            } else if (action.equals(word)) {
                return Optional.of(action);
            }
        }
        return Optional.empty();
    }

    /**
     * The actions of HAProxy 2.6's {@code tcp-request} and {@code tcp-response} rules
     * ({@code tcp_req_conn_keywords}, {@code tcp_req_sess_keywords}, {@code tcp_req_cont_keywords},
     * {@code tcp_res_cont_keywords}), a {@code (*)} ending taking an argument in parentheses.
     */
    /** HAProxy 2.6's {@code stktable_data_types}: the words of a {@code stick-table ... store} list. */
    public static final Set<String> STICK_STORE_TYPES = ordered("server_id", "gpt0", "gpc0", "gpc0_rate", "conn_cnt",
            "conn_rate", "conn_cur", "sess_cnt", "sess_rate", "http_req_cnt", "http_req_rate", "http_err_cnt",
            "http_err_rate", "bytes_in_cnt", "bytes_in_rate", "bytes_out_cnt", "bytes_out_rate", "gpc1", "gpc1_rate",
            "server_key", "http_fail_cnt", "http_fail_rate", "gpt", "gpc", "gpc_rate");

    public static final Set<String> TCP_ACTIONS = ordered("accept", "reject", "close", "capture", "expect-proxy",
            "expect-netscaler-cip", "track-sc0", "track-sc1", "track-sc2", "sc-inc-gpc(*)", "sc-inc-gpc0(*)",
            "sc-inc-gpc1(*)", "sc-set-gpt(*)", "sc-set-gpt0(*)", "set-src", "set-src-port", "set-dst", "set-dst-port",
            "set-mark", "set-tos", "set-var(*)", "set-var-fmt(*)", "unset-var(*)", "silent-drop", "do-resolve(*)",
            "switch-mode", "use-service", "set-priority-class", "set-priority-offset", "set-log-level", "set-nice",
            "send-spoe-group", "set-bandwidth-limit", "attach-srv");

    /**
     * The fetches of HAProxy 2.6 that read no traffic (their source is {@code SMP_SRC_CONST} or
     * {@code SMP_SRC_INTRN}): the only ones the global section's {@code set-var} may use.
     */
    public static final Set<String> INTERNAL_FETCHES = ordered("always_false", "always_true", "bin", "bool", "int",
            "ipv4", "ipv6", "meth", "str", "env", "date", "date_us", "hostname", "nbproc", "proc", "thread", "rand",
            "stopping", "uuid", "var", "cpu_calls", "cpu_ns_avg", "cpu_ns_tot", "lat_ns_avg", "lat_ns_tot");

    /** The names of the actions, without the prefix marker, for suggestions. */
    public static final List<String> HTTP_REQUEST_ACTION_NAMES = HTTP_REQUEST_ACTIONS.stream()
            .map(action -> action.endsWith("(*)") ? action.substring(0, action.length() - 3) : action)
            .collect(Collectors.toUnmodifiableList());

    private static List<String> concat(List<String> first, List<String> second) {
        return Stream.concat(first.stream(), second.stream()).collect(Collectors.toUnmodifiableList());
    }

    private static Set<String> ordered(String... words) {
        return ordered(List.of(words));
    }

    private static Set<String> ordered(List<String> words) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(words));
    }
}
