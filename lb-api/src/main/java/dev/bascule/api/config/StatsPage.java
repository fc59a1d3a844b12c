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
 */
public record StatsPage(String uri, Optional<Duration> refresh, boolean hideVersion, boolean showLegends,
                        Optional<String> showNode, Optional<String> showDescription, List<String> scopes,
                        SourceLocation location) {
    /** HAProxy's {@code STATS_DEFAULT_URI}. */
    public static final String DEFAULT_URI = "/haproxy?stats";

    public StatsPage {
        requireNonNull(uri, "uri");
        requireNonNull(refresh, "refresh");
        requireNonNull(showNode, "showNode");
        requireNonNull(showDescription, "showDescription");
        scopes = List.copyOf(scopes);
        requireNonNull(location, "location");
    }
}
