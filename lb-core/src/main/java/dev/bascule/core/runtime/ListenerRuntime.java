package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.BindConfig;
import dev.bascule.core.stats.ListenerCounters;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One listening address of a frontend: its {@code bind}, its id and name as the statistics page
 * shows them, and its counters when the frontend has {@code option socket-stats}.
 *
 * @param bind     the {@code bind} line (one of its addresses)
 * @param id       {@code id}, or the number HAProxy gives it ({@code sid})
 * @param name     {@code name}, or HAProxy's {@code sock-<id>}
 * @param counters its counters, null without {@code option socket-stats} (nothing to count then)
 */
public record ListenerRuntime(BindConfig bind, int id, String name, @Nullable ListenerCounters counters) {
    public ListenerRuntime {
        requireNonNull(bind, "bind");
        requireNonNull(name, "name");
    }

    /**
     * The listeners of a frontend's binds, numbered as HAProxy's {@code check_config_validity()}
     * numbers them: an {@code id} is kept; a listener without one takes the first id not taken at
     * or after its position (counted from 1).
     */
    static List<ListenerRuntime> of(List<BindConfig> binds, boolean socketStats) {
        Set<Integer> used = new HashSet<>();
        for (BindConfig bind : binds) {
            bind.listener().id().ifPresent(used::add);
        }
        List<ListenerRuntime> listeners = new ArrayList<>(binds.size());
        int next = 1;
        for (BindConfig bind : binds) {
            int id;
            if (bind.listener().id().isPresent()) {
                id = bind.listener().id().getAsInt();
            } else {
                while (used.contains(next)) {
                    next++;
                }
                id = next;
                used.add(id);
            }
            next++;
            String name = bind.listener().name().orElse("sock-" + id);
            listeners.add(new ListenerRuntime(bind, id, name, socketStats ? new ListenerCounters() : null));
        }
        return List.copyOf(listeners);
    }
}
