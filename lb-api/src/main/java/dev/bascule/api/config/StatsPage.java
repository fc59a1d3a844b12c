package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP statistics page of a proxy ({@code stats enable}, {@code stats uri} and the other
 * {@code stats} lines of a proxy or defaults section; HAProxy's {@code struct uri_auth}).
 *
 * @param uri             {@code stats uri}: the prefix of the request URIs it answers ({@code /haproxy?stats} by default)
 * @param refresh         {@code stats refresh}: the delay the page asks browsers to reload after, in whole seconds
 * @param hideVersion     {@code stats hide-version}
 * @param showLegends     {@code stats show-legends}: addresses, cookies and algorithms are shown
 * @param showNode        {@code stats show-node [name]}: empty when not shown; an empty name stands for the host name
 * @param showDescription {@code stats show-desc [text]}: empty when not shown
 * @param scopes          {@code stats scope}: the proxies shown (all when empty; {@code .} is the page's own proxy)
 * @param location        where the first {@code stats} line of the settings is
 * @param realm           {@code stats realm}: the realm of the page's 401 challenge
 * @param users           {@code stats auth user:password} lines as an anonymous userlist of clear
 *                        passwords: when present, the page answers only those credentials
 * @param admin           {@code stats admin if|unless <cond>} lines, in order: the first that holds
 *                        for a request gives it the admin form (server state changes by POST); none: never
 */
public record StatsPage(String uri, Optional<Duration> refresh, boolean hideVersion, boolean showLegends,
                        Optional<String> showNode, Optional<String> showDescription, List<String> scopes,
                        SourceLocation location, Optional<String> realm, Optional<UserlistConfig> users,
                        List<Condition> admin) {
    /** HAProxy's {@code STATS_DEFAULT_URI}. */
    public static final String DEFAULT_URI = "/haproxy?stats";

    /** HAProxy's {@code STATS_DEFAULT_REALM}. */
    public static final String DEFAULT_REALM = "HAProxy Statistics";

    /** A page open to every client. */
    public StatsPage(String uri, Optional<Duration> refresh, boolean hideVersion, boolean showLegends,
                     Optional<String> showNode, Optional<String> showDescription, List<String> scopes,
                     SourceLocation location) {
        this(uri, refresh, hideVersion, showLegends, showNode, showDescription, scopes, location, Optional.empty(),
                Optional.empty());
    }

    public StatsPage {
        requireNonNull(uri, "uri");
        requireNonNull(refresh, "refresh");
        requireNonNull(showNode, "showNode");
        requireNonNull(showDescription, "showDescription");
        scopes = List.copyOf(scopes);
        requireNonNull(location, "location");
        requireNonNull(realm, "realm");
        requireNonNull(users, "users");
        admin = List.copyOf(admin);
    }

    /** Without {@code stats admin}. */
    public StatsPage(String uri, Optional<Duration> refresh, boolean hideVersion, boolean showLegends,
                     Optional<String> showNode, Optional<String> showDescription, List<String> scopes,
                     SourceLocation location, Optional<String> realm, Optional<UserlistConfig> users) {
        this(uri, refresh, hideVersion, showLegends, showNode, showDescription, scopes, location, realm, users,
                List.of());
    }
}
