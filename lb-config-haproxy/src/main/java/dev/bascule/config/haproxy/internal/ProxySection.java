package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.action.RuleSet;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.BackendOption;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.CookieConfig;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.FrontendOption;
import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.config.TcpRule;
import dev.bascule.api.config.UseBackendRule;

import java.time.Duration;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.UserlistConfig;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The settings of one {@code defaults}, {@code frontend}, {@code backend} or {@code listen}
 * section while it is being parsed, HAProxy's {@code struct proxy} reduced to what Bascule
 * models. A section starts as a copy of the defaults it inherits from, copying only what its
 * capabilities use, as HAProxy's {@code proxy_defproxy_cpy()} does.
 */
final class ProxySection {
    /** The section keyword, which fixes the capabilities. */
    enum Kind {
        DEFAULTS("defaults", true, true),
        FRONTEND("frontend", true, false),
        BACKEND("backend", false, true),
        LISTEN("listen", true, true);

        final String keyword;
        final boolean frontend;
        final boolean backend;

        Kind(String keyword, boolean frontend, boolean backend) {
            this.keyword = keyword;
            this.frontend = frontend;
            this.backend = backend;
        }

        /** HAProxy's {@code proxy_cap_str()}: how messages name a section of this kind. */
        String typeName() {
            return this == LISTEN ? "proxy" : keyword;
        }
    }

    /** A timeout kind Bascule models. */
    enum Timeout {
        CONNECT("connect", false, true),
        CLIENT("client", true, false),
        SERVER("server", false, true),
        HTTP_REQUEST("http-request", true, true),
        HTTP_KEEP_ALIVE("http-keep-alive", true, true),
        CHECK("check", false, true),
        TARPIT("tarpit", true, true),
        TUNNEL("tunnel", false, true),
        CLIENT_FIN("client-fin", true, false),
        SERVER_FIN("server-fin", false, true),
        QUEUE("queue", false, true);

        final String keyword;
        final boolean frontend;
        final boolean backend;

        Timeout(String keyword, boolean frontend, boolean backend) {
            this.keyword = keyword;
            this.frontend = frontend;
            this.backend = backend;
        }

        static Optional<Timeout> of(String keyword) {
            for (Timeout timeout : values()) {
                if (timeout.keyword.equals(keyword)) {
                    return Optional.of(timeout);
                }
            }
            return Optional.empty();
        }
    }

    final Kind kind;
    final String name;
    final SourceLocation location;
    /** The defaults this section was created from, null for defaults sections. */
    final ProxySection parent;

    ProxyMode mode = ProxyMode.TCP;
    final Duration[] timeouts = new Duration[Timeout.values().length];
    int retries = 3;
    /** Null: no {@code balance} line, the default algorithm applies. */
    BalanceConfig balance;
    /** {@code persist rdp-cookie}: the cookie's name, null when not set. */
    String rdpCookiePersist;
    /** The {@code hash-type} line's, {@link HashType#DEFAULT} without one. */
    HashType hashType = HashType.DEFAULT;
    /** Where {@link #hashType} was set, null without a {@code hash-type} line. */
    SourceLocation hashTypeLocation;
    String defaultBackend;
    SourceLocation defaultBackendLocation;
    final List<UseBackendRule> useBackendRules = new ArrayList<>();
    final List<HttpRequestRule> httpRequestRules = new ArrayList<>();
    final List<HttpRequestRule> redirectRules = new ArrayList<>();
    final List<HttpResponseRule> httpResponseRules = new ArrayList<>();
    /** {@code tcp-request connection|session|content}, {@code tcp-response content} lines. */
    final List<TcpRule> tcpConnectionRules = new ArrayList<>();
    final List<TcpRule> tcpSessionRules = new ArrayList<>();
    final List<TcpRule> tcpContentRules = new ArrayList<>();
    final List<TcpRule> tcpResponseRules = new ArrayList<>();
    /** {@code tcp-request inspect-delay}, {@code tcp-response inspect-delay} in milliseconds; 0 when unset. */
    long tcpInspectDelay;
    long tcpResponseInspectDelay;
    /** {@code monitor fail} conditions. */
    final List<Condition> monitorFail = new ArrayList<>();
    /** {@code ignore-persist if|unless} conditions, in order. */
    final List<Condition> ignorePersist = new ArrayList<>();
    /** {@code http-after-response} lines. */
    final List<HttpResponseRule> afterResponseRules = new ArrayList<>();
    /** {@code reqadd} lines: run after every {@code http-request} rule, as HAProxy 1.x did. */
    final List<HttpRequestRule> legacyRequestAdds = new ArrayList<>();
    /** {@code rspadd} lines: run after every {@code http-response} rule. */
    final List<HttpResponseRule> legacyResponseAdds = new ArrayList<>();
    /** {@code acl} lines by name, in order. */
    final Map<String, List<AclConfig>> acls = new LinkedHashMap<>();
    /** {@code stick-table}, null when none. */
    StickTableConfig stickTable;
    /** {@code cookie}, null when none. */
    CookieConfig cookie;
    /** {@code option forwardfor}, null when off. */
    ForwardFor forwardFor;
    /** A named defaults section with http-request/http-response rules, and the kind of section it initializes. */
    boolean carriesRules;
    Kind rulesUsedBy;
    /** {@code option originalto}, null when off. */
    ForwardFor originalTo;
    /** {@code option http-buffer-request}. */
    boolean bufferRequest;
    /** {@code option http-keep-alive|http-server-close|httpclose} (HAProxy's {@code PR_O_HTTP_MODE}). */
    HttpConnectionMode httpMode = HttpConnectionMode.KEEP_ALIVE;
    /** {@code option http-pretend-keepalive} (HAProxy's {@code PR_O2_FAKE_KA}). */
    boolean pretendKeepAlive;
    /** {@code option clitcpka} / {@code option srvtcpka} ({@code option tcpka} sets both). */
    boolean clientKeepAlive;
    boolean serverKeepAlive;
    /** {@code clitcpka-cnt|idle|intvl}: the count, then the times in seconds; 0 when unset. */
    final long[] clientKeepAliveProbes = new long[3];
    /** {@code srvtcpka-cnt|idle|intvl}, likewise. */
    final long[] serverKeepAliveProbes = new long[3];
    /** {@code option allbackups}. */
    boolean allBackups;
    /** {@code option persist}, {@code option prefer-last-server}. */
    final EnumSet<BackendOption> backendOptions = EnumSet.noneOf(BackendOption.class);
    /** {@code option http-use-proxy-header}. */
    final EnumSet<FrontendOption> frontendOptions = EnumSet.noneOf(FrontendOption.class);
    /** {@code errorfile} and {@code errorfiles} lines, in order (a section's own after its defaults'). */
    final List<ErrorFiles.Reference> errorReferences = new ArrayList<>();
    /** {@code monitor-uri}, null when unset. */
    String monitorUri;
    /**
     * The {@code stats} settings, null when none (HAProxy's {@code uri_auth}): shared with the
     * defaults section until the section's first own {@code stats} line replaces them.
     */
    StatsSettings stats;

    /** HAProxy's {@code struct uri_auth}, as the {@code stats} lines build it. */
    static final class StatsSettings {
        String uri = StatsPage.DEFAULT_URI;
        Duration refresh;
        boolean hideVersion;
        boolean showLegends;
        String showNode;
        String showDescription;
        final List<String> scopes = new ArrayList<>();
        /** {@code stats admin} conditions, as written (their ACL names resolved when the section ends). */
        final List<Condition> admin = new ArrayList<>();
        final SourceLocation location;
        String realm;
        /** {@code stats auth} accounts, in order; HAProxy keeps the first of a user's lines. */
        final LinkedHashMap<String, UserlistConfig.User> users =
                new LinkedHashMap<>();

        StatsSettings(SourceLocation location) {
            this.location = location;
        }

        StatsPage toPage(Map<String, List<AclConfig>> acls) {
            return new StatsPage(uri, Optional.ofNullable(refresh), hideVersion, showLegends,
                    Optional.ofNullable(showNode), Optional.ofNullable(showDescription), scopes, location,
                    Optional.ofNullable(realm), users.isEmpty() ? Optional.empty()
                            : Optional.of(new UserlistConfig("stats auth",
                                    List.copyOf(users.values()), List.of(), location)),
                    admin.stream().map(condition -> AclParser.resolve(condition, acls)).toList());
        }
    }
    /** {@code unique-id-format} and {@code unique-id-header}, null when unset. */
    LogFormat uniqueIdFormat;
    String uniqueIdHeader;
    final List<BindConfig> binds = new ArrayList<>();
    /** The listener ids a bind's {@code id} took, each with where: {@code file:line ('bind <addresses>')}. */
    final Map<Integer, String> listenerIds = new HashMap<>();
    final List<ServerConfig> servers = new ArrayList<>();
    ServerAddress dispatch;
    final List<LogTarget> logTargets = new ArrayList<>();
    LogSettings.LineFormat logFormat = LogSettings.LineFormat.CONNECT;
    /** {@code capture request header} / {@code capture response header}. */
    final List<HeaderCapture> requestCaptures = new ArrayList<>();
    final List<HeaderCapture> responseCaptures = new ArrayList<>();

    /** A capture slot a {@code capture ... id N} rule names, checked once the proxy is read. */
    record CaptureReference(RuleSet set, int id, SourceLocation location) {
    }

    /** The slots the section's capture rules name by id, as their lines were read. */
    final List<CaptureReference> captureReferences = new ArrayList<>();

    /** The table a {@code track-sc} rule tracks in (the proxy's when empty), checked once every section is read. */
    record TrackReference(int slot, Optional<String> table, SourceLocation location) {
    }

    /** The tables the section's {@code track-sc} rules name, as their lines were read. */
    final List<TrackReference> trackReferences = new ArrayList<>();
    /** {@code log-format}, when the line format is CUSTOM. */
    LogFormat customLogFormat;
    SourceLocation logFormatLocation;
    boolean dontLogNull;
    boolean dontLogNormal;
    boolean logSeparateErrors;
    /** {@code option logasap}. */
    boolean logAsap;
    /** {@code option log-health-checks}. */
    boolean logHealthChecks;
    /** What {@code default-server} lines set: the starting point of each {@code server} line. */
    ServerSettings serverDefaults = new ServerSettings();
    /** {@code option httpchk}: null when unset (a TCP connection is the check). */
    List<String> httpCheckRequest;
    SourceLocation httpCheckLocation;
    /** The {@code http-check} rules (HAProxy's HTTP tcp-check ruleset). */
    HttpCheckRuleset httpCheckRules = new HttpCheckRuleset();
    /** Whether {@link #httpCheckRules} were written in this section rather than inherited. */
    boolean httpCheckRulesOwn;
    /** {@code load-server-state-from-file}, null when unset (none); {@code server-state-file-name}, not inherited. */
    ServerStateKeywords.Load loadServerState;
    String serverStateFileName;
    /** {@code http-check send-state} (HAProxy's {@code PR_O2_CHK_SNDST}). */
    boolean httpCheckSendState;
    /** {@code http-check disable-on-404} (HAProxy's {@code PR_O_DISABLE404}). */
    boolean httpCheckDisableOn404;
    /** {@code option tcp-check}: the check runs {@link #tcpCheckRules}. */
    boolean tcpCheck;
    SourceLocation tcpCheckLocation;
    /** The {@code tcp-check} rules, each in the tcp-check plugin's words. */
    final List<List<String>> tcpCheckRules = new ArrayList<>();
    /** Whether {@link #tcpCheckRules} were written in this section rather than inherited. */
    boolean tcpCheckRulesOwn;
    /**
     * Whether the section's own http-check / tcp-check rules were written after its last protocol check
     * option, which clears HAProxy's "rules are ignored" warnings ({@code rules->flags = 0}).
     */
    boolean httpCheckRulesWarning;
    boolean tcpCheckRulesWarning;
    /** A protocol check option ({@code redis-check}, {@code mysql-check}...), null when none; see ProtocolCheckKeywords. */
    String protocolCheck;
    List<String> protocolCheckArguments = List.of();
    SourceLocation protocolCheckLocation;
    /** {@code option abortonclose}. */
    boolean abortOnClose;
    /** {@code option redispatch [interval]}: null when off. */
    Integer redispatch;
    /** {@code http-reuse}. */
    HttpReuse reuse = HttpReuse.SAFE;
    /** {@code maxconn} of a frontend, 0 when unset (the global limit applies). */
    long maxConnections;
    /** {@code fullconn} of a backend, 0 when unset (the runtime computes HAProxy's default). */
    int fullConn;
    /** For defaults sections: named by a {@code from} (explicit) or taken as the last one (implicit). */
    boolean explicitlyReferenced;
    boolean implicitlyReferenced;

    private ProxySection(Kind kind, String name, SourceLocation location, ProxySection parent) {
        this.kind = requireNonNull(kind, "kind");
        this.name = requireNonNull(name, "name");
        this.location = requireNonNull(location, "location");
        this.parent = parent;
    }

    /** HAProxy's built-in defaults: mode tcp, 3 retries, no timeout. */
    static ProxySection builtInDefaults() {
        return new ProxySection(Kind.DEFAULTS, "", new SourceLocation("", 0), null);
    }

    /** A new section of {@code kind} inheriting from {@code defaults}. */
    static ProxySection inherit(Kind kind, String name, SourceLocation location, ProxySection defaults) {
        ProxySection section = new ProxySection(kind, name, location, kind == Kind.DEFAULTS ? null : defaults);
        section.mode = defaults.mode;
        section.maxConnections = defaults.maxConnections;
        section.fullConn = defaults.fullConn;
        section.forwardFor = defaults.forwardFor;
        section.bufferRequest = defaults.bufferRequest;
        // HAProxy's proxy_defproxy_cpy() copies the options whatever the capabilities
        section.httpMode = defaults.httpMode;
        section.pretendKeepAlive = defaults.pretendKeepAlive;
        // options are copied whatever the capabilities, the probe settings by capability (proxy_defproxy_cpy())
        section.clientKeepAlive = defaults.clientKeepAlive;
        section.serverKeepAlive = defaults.serverKeepAlive;
        section.allBackups = defaults.allBackups;
        section.backendOptions.addAll(defaults.backendOptions);
        section.frontendOptions.addAll(defaults.frontendOptions);
        if (kind.frontend) {
            System.arraycopy(defaults.clientKeepAliveProbes, 0, section.clientKeepAliveProbes, 0, 3);
        }
        if (kind.backend) {
            System.arraycopy(defaults.serverKeepAliveProbes, 0, section.serverKeepAliveProbes, 0, 3);
        }
        section.originalTo = defaults.originalTo;
        if (defaults.carriesRules && kind != Kind.DEFAULTS) {
            // HAProxy runs the defaults section's rules first, then the section's own
            section.httpRequestRules.addAll(defaults.httpRequestRules);
            section.httpResponseRules.addAll(defaults.httpResponseRules);
            section.afterResponseRules.addAll(defaults.afterResponseRules);
            section.tcpConnectionRules.addAll(defaults.tcpConnectionRules);
            section.tcpSessionRules.addAll(defaults.tcpSessionRules);
            section.tcpContentRules.addAll(defaults.tcpContentRules);
            section.tcpResponseRules.addAll(defaults.tcpResponseRules);
            section.captureReferences.addAll(defaults.captureReferences);
            section.trackReferences.addAll(defaults.trackReferences);
        }
        section.tcpInspectDelay = defaults.tcpInspectDelay;
        section.tcpResponseInspectDelay = defaults.tcpResponseInspectDelay;
        section.monitorUri = defaults.monitorUri;
        // shared, as HAProxy shares the defaults' uri_auth (a defaults section's own lines change it in place)
        section.stats = defaults.stats;
        section.errorReferences.addAll(defaults.errorReferences);
        section.uniqueIdFormat = defaults.uniqueIdFormat;
        section.uniqueIdHeader = defaults.uniqueIdHeader;
        section.logTargets.addAll(defaults.logTargets);
        section.dontLogNull = defaults.dontLogNull;
        section.dontLogNormal = defaults.dontLogNormal;
        section.logSeparateErrors = defaults.logSeparateErrors;
        section.logHealthChecks = defaults.logHealthChecks;
        section.logAsap = defaults.logAsap;
        // a cfg_opts option: proxy_defproxy_cpy() copies it to frontends too, where it counts (see FrontendConfig)
        section.abortOnClose = defaults.abortOnClose;
        if (kind.frontend) {
            section.copyTimeout(defaults, Timeout.CLIENT);
            section.copyTimeout(defaults, Timeout.HTTP_REQUEST);
            section.copyTimeout(defaults, Timeout.HTTP_KEEP_ALIVE);
            section.copyTimeout(defaults, Timeout.TARPIT);
            section.copyTimeout(defaults, Timeout.CLIENT_FIN);
            section.defaultBackend = defaults.defaultBackend;
            section.defaultBackendLocation = defaults.defaultBackendLocation;
            section.logFormat = defaults.logFormat;
            section.customLogFormat = defaults.customLogFormat;
            section.logFormatLocation = defaults.logFormatLocation;
            // the slots of a defaults section's "http-request capture ... len" rules
            section.requestCaptures.addAll(defaults.requestCaptures);
            section.responseCaptures.addAll(defaults.responseCaptures);
        }
        if (kind.backend) {
            section.copyTimeout(defaults, Timeout.CONNECT);
            section.copyTimeout(defaults, Timeout.SERVER);
            section.copyTimeout(defaults, Timeout.HTTP_REQUEST);
            section.copyTimeout(defaults, Timeout.HTTP_KEEP_ALIVE);
            section.copyTimeout(defaults, Timeout.TUNNEL);
            section.copyTimeout(defaults, Timeout.SERVER_FIN);
            section.retries = defaults.retries;
            section.balance = defaults.balance;
            section.rdpCookiePersist = defaults.rdpCookiePersist;
            section.hashType = defaults.hashType;
            section.hashTypeLocation = defaults.hashTypeLocation;
            section.cookie = defaults.cookie;
            section.copyTimeout(defaults, Timeout.CHECK);
            section.copyTimeout(defaults, Timeout.TARPIT);
            section.copyTimeout(defaults, Timeout.QUEUE);
            section.serverDefaults = defaults.serverDefaults.copy();
            section.httpCheckRequest = defaults.httpCheckRequest;
            section.httpCheckLocation = defaults.httpCheckLocation;
            section.httpCheckRules = defaults.httpCheckRules.copy();
            section.httpCheckRulesOwn = false;
            section.httpCheckDisableOn404 = defaults.httpCheckDisableOn404;
            section.httpCheckSendState = defaults.httpCheckSendState;
            section.loadServerState = defaults.loadServerState;
            section.tcpCheck = defaults.tcpCheck;
            section.tcpCheckLocation = defaults.tcpCheckLocation;
            section.tcpCheckRules.addAll(defaults.tcpCheckRules);
            section.tcpCheckRulesOwn = false;
            section.protocolCheck = defaults.protocolCheck;
            section.protocolCheckArguments = defaults.protocolCheckArguments;
            section.protocolCheckLocation = defaults.protocolCheckLocation;
            section.redispatch = defaults.redispatch;
            section.reuse = defaults.reuse;
        }
        return section;
    }

    private void copyTimeout(ProxySection defaults, Timeout timeout) {
        timeouts[timeout.ordinal()] = defaults.timeouts[timeout.ordinal()];
    }

    Optional<Duration> timeout(Timeout timeout) {
        return Optional.ofNullable(timeouts[timeout.ordinal()]);
    }

    boolean hasFrontend() {
        return kind.frontend;
    }

    boolean hasBackend() {
        return kind.backend;
    }

    /** How messages name this section, for example {@code frontend 'www'}. */
    String describe() {
        return kind.typeName() + " '" + name + "'";
    }
}
