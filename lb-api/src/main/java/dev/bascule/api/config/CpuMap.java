package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The {@code cpu-map} lines of the global section: on which CPUs the process, and each of its
 * event-loop threads, may run.
 *
 * @param process the CPUs of the whole process ({@code cpu-map 1 0-3}); empty: no process binding
 * @param threads the CPUs of each thread, by HAProxy's thread number (1 for the first event loop)
 */
public record CpuMap(Set<Integer> process, Map<Integer, Set<Integer>> threads) {
    /** No binding. */
    public static final CpuMap NONE = new CpuMap(Set.of(), Map.of());

    public CpuMap {
        process = Set.copyOf(new TreeSet<>(requireNonNull(process, "process")));
        Map<Integer, Set<Integer>> copy = new TreeMap<>();
        requireNonNull(threads, "threads").forEach((thread, cpus) -> copy.put(thread, Set.copyOf(cpus)));
        threads = Map.copyOf(copy);
    }

    public boolean isEmpty() {
        return process.isEmpty() && threads.isEmpty();
    }

    /**
     * The CPUs thread {@code thread} (1-based) is bound to: its own set, within the process's
     * (HAProxy's {@code set_thread_cpu_affinity()}); empty when it has none of its own.
     */
    public Set<Integer> thread(int thread) {
        Set<Integer> own = threads.getOrDefault(thread, Set.of());
        if (own.isEmpty() || process.isEmpty()) {
            return own;
        }
        Set<Integer> both = new TreeSet<>(own);
        both.retainAll(process);
        return Set.copyOf(both);
    }
}
