package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.sample.Phase;

import java.time.Duration;
import java.util.List;

/** The {@code stats} keyword of the proxy sections: the statistics page of a proxy. */
final class StatsKeywords {
    private final Conditions conditions;

    StatsKeywords(Conditions conditions) {
        this.conditions = conditions;
    }

    void register(ProxyKeywordTable table) {
        table.register("stats", this::parseStats);
    }

    private static final String STATS_EXPECTS = ", expects 'admin', 'uri', 'realm', 'auth', 'scope', 'enable',"
            + " 'hide-version', 'show-node', 'show-desc' or 'show-legends'.";

    /**
     * The {@code stats} lines of a proxy or defaults section (HAProxy's {@code uri_auth}): any of
     * them enables the page; a section's first own line drops what it inherited from its defaults.
     * {@code stats auth} and {@code stats realm} put the page behind a Basic challenge;
     * {@code stats admin} gives the requests its condition holds for the admin form;
     * {@code stats http-request} and {@code stats show-modules} are refused as not implemented.
     */
    private void parseStats(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind != ProxySection.Kind.DEFAULTS && section.parent != null
                && section.stats == section.parent.stats) {
            // "we must detach from the default config"
            section.stats = null;
        }
        String what = line.word(1);
        String value = line.word(2);
        switch (what) {
            case "" -> line.alert("missing keyword in 'stats'" + STATS_EXPECTS);
            case "admin" -> {
                if (section.kind == ProxySection.Kind.DEFAULTS) {
                    line.alert("'stats admin' not allowed in 'defaults' section.");
                } else if (!value.equals("if") && !value.equals("unless")) {
                    line.alert("'stats admin' requires either 'if' or 'unless' followed by a condition.");
                } else {
                    ConditionResult result = conditions.condition(line, 2,
                            "error detected while parsing a 'stats admin' rule : ");
                    if (result.condition().isPresent()) {
                        conditions.warnIfNeverMatches(line, result.condition().get(), Phase.HTTP_REQUEST,
                                (section.kind.frontend ? "frontend" : "backend") + " http-request header rule");
                        statsSettings(line).admin.add(result.condition().get());
                    }
                }
            }
            case "http-request" -> {
                if (section.kind == ProxySection.Kind.DEFAULTS) {
                    line.alert("'stats' not allowed in 'defaults' section.");
                } else {
                    line.notImplemented("stats http-request");
                }
            }
            case "uri" -> {
                if (value.isEmpty()) {
                    line.alert("'uri' needs an URI prefix.");
                } else {
                    statsSettings(line).uri = value;
                }
            }
            case "realm" -> {
                if (value.isEmpty()) {
                    line.alert("'realm' needs an realm name.");
                } else {
                    statsSettings(line).realm = value;
                }
            }
            case "auth" -> {
                if (value.isEmpty()) {
                    line.alert("'auth' needs a user:password account.");
                } else {
                    // HAProxy's stats_add_auth(): the user up to the first ':', the clear password after it
                    int colon = value.indexOf(':');
                    String user = colon < 0 ? value : value.substring(0, colon);
                    String password = colon < 0 ? "" : value.substring(colon + 1);
                    statsSettings(line).users.putIfAbsent(user, new UserlistConfig.User(user,
                            password, true, List.of(), line.location));
                }
            }
            case "refresh" -> parseStatsRefresh(line, value);
            case "scope" -> {
                if (value.isEmpty()) {
                    line.alert("'scope' needs a proxy name.");
                } else {
                    statsSettings(line).scopes.add(value);
                }
            }
            case "enable" -> statsSettings(line);
            case "hide-version" -> statsSettings(line).hideVersion = true;
            case "show-legends" -> statsSettings(line).showLegends = true;
            case "show-modules" -> line.notImplemented("stats show-modules");
            case "show-node" -> {
                if (!value.isEmpty() && !validNodeName(value)) {
                    line.alert("'stats show-node' invalid node name - should be a stringwith digits(0-9),"
                            + " letters(A-Z, a-z), hyphen(-) or underscode(_).");
                } else {
                    statsSettings(line).showNode = value;
                }
            }
            case "show-desc" -> {
                if (value.isEmpty()) {
                    // HAProxy warns when the global section has no 'description' yet and otherwise shows
                    // that one; Bascule does not hand the global description to the stats page: it warns
                    line.warning("'show-desc' requires a parameter or 'desc' to be set in"
                            + " the global section.");
                } else {
                    statsSettings(line).showDescription = String.join(" ", line.args.subList(2,
                            line.wordCount()));
                }
            }
            default -> line.alert("unknown stats parameter '" + what + "'" + STATS_EXPECTS);
        }
    }

    private static boolean validNodeName(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return false;
            }
        }
        return true;
    }

    /** HAProxy's {@code stats_check_init_uri_auth()}: the section's settings, created on first use. */
    private static ProxySection.StatsSettings statsSettings(ProxyLine line) {
        if (line.section.stats == null) {
            line.section.stats = new ProxySection.StatsSettings(line.location);
        }
        return line.section.stats;
    }

    /** {@code stats refresh <delay>}: a time in seconds by default, as {@code parse_time_err(TIME_UNIT_S)}. */
    private static void parseStatsRefresh(ProxyLine line, String value) {
        TimeValue parsed = TimeValue.parse(value, TimeValue.Unit.SECONDS);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert("timer overflow in argument <" + value + "> to stats refresh interval, maximum value is"
                    + " 2147483647 s (~68 years).");
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert("timer underflow in argument <" + value + "> to stats refresh interval, minimum non-null"
                    + " value is 1 s.");
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            // HAProxy prints the character with %c: a missing value (NUL) ends its message there
            line.alert(unexpected.character() == '\0' ? "unexpected character '"
                    : "unexpected character '" + unexpected.character() + "' in argument to stats refresh interval.");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> line.warningWithoutLocation(
                TimeValue.trailingCharacterWarning(character, value)));
        // 0 leaves the page without refresh
        statsSettings(line).refresh = valid.millis() == 0 ? null : Duration.ofSeconds(valid.millis());
    }
}
