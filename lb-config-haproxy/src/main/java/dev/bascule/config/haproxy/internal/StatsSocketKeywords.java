package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.loader.CText;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code stats} keyword of the {@code global} section: {@code stats socket}, the runtime API
 * (HAProxy's {@code cli.c}); the proxies' {@code stats} is {@link StatsKeywords}.
 */
final class StatsSocketKeywords {
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;

    StatsSocketKeywords(Map<String, String> environment, Diagnostics diagnostics) {
        this.environment = environment;
        this.diagnostics = diagnostics;
    }

    void register(GlobalKeywordTable table) {
        table.register("stats", this::parseStats);
    }

    private void parseStats(GlobalLine line) {
        String what = line.word(1);
        switch (what) {
            case "socket" -> parseStatsSocket(line);
            case "timeout" -> parseStatsTimeout(line);
            case "maxconn" -> {
                // atol(): digits up to the first other character, 0 for none
                long maxconn = CText.atol(line.word(2));
                if (maxconn <= 0 || maxconn > Integer.MAX_VALUE) {
                    line.alert("'stats maxconn' expects a positive value");
                    return;
                }
                line.global.statsMaxConnections = (int) maxconn;
            }
            case "bind-process" -> line.alert("'stats bind-process' is not implemented yet by Bascule");
            default -> line.alert("'stats' only supports 'socket', 'maxconn', 'bind-process' and"
                    + " 'timeout' (got '" + what + "')");
        }
    }

    /** {@code stats timeout <time>}: milliseconds by default, 0 refused (HAProxy's {@code cli_parse_global()}). */
    private static void parseStatsTimeout(GlobalLine line) {
        String value = line.word(2);
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(TimeValue.overflowAlert(value, "stats timeout"));
        } else if (parsed instanceof TimeValue.Underflow) {
            line.alert(TimeValue.underflowAlert(value, "stats timeout"));
        } else if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            // printed with %c: a missing value (NUL) ends HAProxy's message there
            line.alert("'stats timeout' : unexpected character '"
                    + (unexpected.character() == '\0' ? "" : unexpected.character() + "'"));
        } else {
            TimeValue.Valid valid = (TimeValue.Valid) parsed;
            valid.trailingCharacter().ifPresent(character -> line.diagnostics.warning(
                    TimeValue.trailingCharacterWarning(character, value)));
            if (valid.millis() == 0) {
                line.alert("'stats timeout' expects a positive value");
                return;
            }
            line.global.statsTimeout = Duration.ofMillis(valid.millis());
        }
    }

    private void parseStatsSocket(GlobalLine line) {
        String prefix = "'stats socket' : ";
        if (line.word(2).isEmpty()) {
            line.alert("'stats socket' in global section expects an address or a path to a UNIX socket");
            return;
        }
        List<ListenAddress> addresses = new ArrayList<>();
        for (String item : ListenAddresses.split(line.args.get(2))) {
            AddressParser.Parsed parsed = AddressParser.parse(item, AddressParser.Use.STATS_SOCKET, environment);
            Optional<ListenAddress> address = ListenAddresses.listenAddress(parsed, item,
                    "parsing [" + line.location + "] : " + prefix, prefix, line.location, diagnostics);
            if (address.isEmpty()) {
                return;
            }
            addresses.add(address.get());
        }
        String level = "operator";
        OptionalInt mode = OptionalInt.empty();
        Optional<StatsSocketConfig.FileOwner> owner = Optional.empty();
        Optional<StatsSocketConfig.FileOwner> group = Optional.empty();
        OptionalInt maxConnections = OptionalInt.empty();
        boolean exposeListeners = false;
        int index = 3;
        while (index < line.args.size() && !line.args.get(index).isEmpty()) {
            String option = line.args.get(index);
            String value = line.word(index + 1);
            switch (option) {
                case "level" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''level' : missing level'");
                        return;
                    }
                    if (!value.equals("user") && !value.equals("operator") && !value.equals("admin")) {
                        line.alert(prefix + "''level' only supports 'user', 'operator', and 'admin'"
                                + " (got '" + value + "')'");
                        return;
                    }
                    level = value;
                }
                case "mode" -> {
                    if (value.isEmpty() || CText.strtolStrict(value, 8) == null) {
                        line.alert(prefix + "''mode' : missing or invalid mode '" + value
                                + "' (octal integer expected)'");
                        return;
                    }
                    mode = OptionalInt.of(CText.strtolStrict(value, 8).intValue());
                }
                case "uid", "gid" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''" + option + "' : missing value'");
                        return;
                    }
                    // atol(), as HAProxy reads it
                    StatsSocketConfig.FileOwner id = new StatsSocketConfig.FileOwner.Id((int) CText.atol(value));
                    if (option.equals("uid")) {
                        owner = Optional.of(id);
                    } else {
                        group = Optional.of(id);
                    }
                }
                case "user" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''user' : missing user name'");
                        return;
                    }
                    if (!SystemAccounts.userExists(value)) {
                        line.alert(prefix + "''user' : unknown user name '" + value + "''");
                        return;
                    }
                    owner = Optional.of(new StatsSocketConfig.FileOwner.Name(value));
                }
                case "group" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''group' : missing group name'");
                        return;
                    }
                    if (!SystemAccounts.groupExists(value)) {
                        line.alert(prefix + "''group' : unknown group name '" + value + "''");
                        return;
                    }
                    group = Optional.of(new StatsSocketConfig.FileOwner.Name(value));
                }
                case "maxconn" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''maxconn' : missing value'");
                        return;
                    }
                    int limit = (int) CText.atol(value);
                    if (limit < 0) {
                        line.alert(prefix + "''maxconn' : invalid value " + limit + ", must be >= 0'");
                        return;
                    }
                    // 0: no limit of its own
                    maxConnections = limit == 0 ? OptionalInt.empty() : OptionalInt.of(limit);
                }
                case "expose-fd" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''expose-fd' : missing fd type'");
                        return;
                    }
                    if (!value.equals("listeners")) {
                        line.alert(prefix + "''expose-fd' only supports 'listeners' (got '" + value + "')'");
                        return;
                    }
                    exposeListeners = true;
                }
                default -> {
                    if (HaproxyKeywords.BIND_KEYWORDS.contains(option)) {
                        line.alert(prefix + "'" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.BIND_KEYWORDS);
                        line.alert(prefix + "unknown keyword '" + option + "'."
                                + best.map(match -> " Did you mean '" + match + "' maybe ?").orElse(""));
                    }
                    return;
                }
            }
            index += 2;
        }
        if (exposeListeners) {
            // HAProxy hands its listening sockets to the next process (-x, _getsocks): Bascule has no
            // seamless reload yet, a reload re-opens them
            line.warning(prefix + "'expose-fd listeners' is accepted but Bascule does not hand its listeners"
                    + " over on reload (no '_getsocks' command, no '-x'): a reload closes and re-opens the"
                    + " listening sockets.");
        }
        for (ListenAddress address : addresses) {
            line.global.statsSockets.add(new StatsSocketConfig(address, level, mode, owner, group, maxConnections,
                    StatsSocketConfig.DEFAULT_TIMEOUT, StatsSocketConfig.DEFAULT_MAX_CONNECTIONS, line.location));
        }
    }
}
