package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ListenerOptions;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of {@code bind} about the listening socket itself: {@code name} and {@code id}
 * (the listener's row on the statistics page with {@code option socket-stats}), {@code v6only}
 * and {@code v4v6} ({@code IPV6_V6ONLY} on an IPv6 listener), {@code tfo} (TCP Fast Open), as
 * HAProxy 2.6's {@code bind_parse_name()}, {@code bind_parse_id()} and {@code proto_tcp.c}'s
 * parsers read them.
 */
final class ListenerBindOptions {
    private ListenerBindOptions() {
    }

    static void register(BindOptionTable table) {
        table.register("name", ListenerBindOptions::parseName);
        table.register("id", ListenerBindOptions::parseId);
        table.register("v6only", option -> {
            option.settings.v6Only = true;
            return 1;
        });
        table.register("v4v6", option -> {
            option.settings.v4v6 = true;
            return 1;
        });
        table.register("tfo", option -> {
            option.settings.fastOpen = true;
            return 1;
        });
    }

    /** {@code bind_parse_name()}: every listener of the line takes the name. */
    private static int parseName(BindOption option) {
        if (option.value().isEmpty()) {
            return option.alert("missing name");
        }
        option.settings.name = option.value();
        return 2;
    }

    /**
     * {@code bind_parse_id()}: one listener only, an integer above 0 (read as {@code strtol()}
     * would, then kept in an {@code int}), not taken by an earlier bind of the proxy.
     */
    private static int parseId(BindOption option) {
        BindSettings settings = option.settings;
        String keyword = option.keyword();
        if (settings.listeners != 1) {
            return option.alertInContext("'" + keyword + "' can only be used with a single socket");
        }
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("expects an integer argument");
        }
        if (!value.matches("[+-]?[0-9]+")) {
            return option.alert("expects an integer argument, found '" + value + "'");
        }
        long parsed;
        try {
            parsed = Long.parseLong(value);
        } catch (NumberFormatException e) {
            // strtol() saturates
            parsed = value.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        int id = (int) parsed;
        if (id <= 0) {
            return option.alert("custom id has to be > 0");
        }
        String used = option.line.section.listenerIds.get(id);
        if (used != null) {
            return option.alert("custom id " + id + " already used at " + used);
        }
        option.line.section.listenerIds.put(id, option.line.location.file() + ":" + option.line.location.line()
                + " ('bind " + settings.addresses + "')");
        settings.id = id;
        return 2;
    }

    /** What the options set, for the model. */
    static ListenerOptions options(BindSettings settings) {
        return new ListenerOptions(Optional.ofNullable(settings.name),
                settings.id > 0 ? OptionalInt.of(settings.id) : OptionalInt.empty(),
                settings.v6Only, settings.v4v6, settings.fastOpen, settings.acceptProxy);
    }
}
