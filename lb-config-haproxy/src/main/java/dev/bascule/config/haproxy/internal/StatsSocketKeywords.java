package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.loader.CText;

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
            case "timeout", "maxconn", "bind-process" ->
                    line.alert("'stats " + what + "' is not implemented yet by Bascule");
            default -> line.alert("'stats' only supports 'socket', 'maxconn', 'bind-process' and"
                    + " 'timeout' (got '" + what + "')");
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
                case "expose-fd" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "''expose-fd' : missing fd type'");
                        return;
                    }
                    if (!value.equals("listeners")) {
                        line.alert(prefix + "''expose-fd' only supports 'listeners' (got '" + value + "')'");
                        return;
                    }
                    // handing listening sockets to a new process (-x) is how HAProxy reloads seamlessly
                    line.alert(prefix + "'expose-fd listeners' is not implemented yet by Bascule"
                            + " (no seamless reload with -x yet)");
                    return;
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
        for (ListenAddress address : addresses) {
            line.global.statsSockets.add(new StatsSocketConfig(address, level, mode, line.location));
        }
    }
}
