package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * The options of a {@code bind} line about the listening socket itself.
 *
 * @param name     {@code name}: the listener's name on the statistics page ({@code option
 *                 socket-stats}); empty: {@code sock-<id>}
 * @param id       {@code id}: the listener's id ({@code sid}), at least 1; empty: numbered as HAProxy
 *                 does when the configuration is checked
 * @param v6Only   {@code v6only}: an IPv6 listener accepts IPv6 only ({@code IPV6_V6ONLY} set to 1)
 * @param v4v6     {@code v4v6}: an IPv6 listener accepts IPv4 too ({@code IPV6_V6ONLY} set to 0);
 *                 {@code v6only} wins when both are set, as in HAProxy
 * @param fastOpen {@code tfo}: TCP Fast Open on the listening socket ({@code TCP_FASTOPEN}, its
 *                 queue as long as the listen backlog)
 * @param acceptProxy {@code accept-proxy}: every connection starts with a PROXY protocol header (v1
 *                 or v2), whose addresses stand for the connection's from then on
 */
public record ListenerOptions(Optional<String> name, OptionalInt id, boolean v6Only, boolean v4v6,
                              boolean fastOpen, boolean acceptProxy) {
    /** A listener without any of these options. */
    public static final ListenerOptions NONE =
            new ListenerOptions(Optional.empty(), OptionalInt.empty(), false, false, false, false);

    /** A listener that takes no PROXY protocol header. */
    public ListenerOptions(Optional<String> name, OptionalInt id, boolean v6Only, boolean v4v6, boolean fastOpen) {
        this(name, id, v6Only, v4v6, fastOpen, false);
    }

    public ListenerOptions {
        requireNonNull(name, "name");
        requireNonNull(id, "id");
        if (id.isPresent() && id.getAsInt() < 1) {
            throw new IllegalArgumentException("id: " + id.getAsInt() + " (expected: >= 1)");
        }
    }
}
