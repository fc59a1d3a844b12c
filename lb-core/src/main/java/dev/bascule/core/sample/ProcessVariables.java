package dev.bascule.core.sample;

import dev.bascule.api.sample.Sample;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code proc.} variables of one running configuration, shared by all its connections and
 * event loops: the variables the configuration names exist from the start without a value
 * ({@link #declare}), the global section's {@code set-var} lines set them before traffic, rules
 * and converters set them per request, the runtime API's {@code get var} reads them. A new
 * configuration starts with new ones, as a new HAProxy process does.
 */
public final class ProcessVariables {
    private final Map<String, VariableStore.Value> values = new ConcurrentHashMap<>();

    /**
     * A {@code proc.} variable the configuration names (in a {@code set-var} or a {@code var()}):
     * it exists from the start without a value, and an {@code unset-var} only takes its value, as
     * HAProxy's permanent variables. Names of other scopes are ignored.
     */
    public void declare(String name) {
        if (name.startsWith("proc.")) {
            values.putIfAbsent(name, VariableStore.Value.UNSET);
        }
    }

    /**
     * Reads the variable {@code name} ({@code proc.} scope), as the runtime API's {@code get var}
     * does: true and {@code out} set when it has a value.
     */
    public boolean get(String name, Sample out) {
        VariableStore.Value value = name.startsWith("proc.") ? values.get(name) : null;
        if (value == null || value == VariableStore.Value.UNSET) {
            return false;
        }
        value.into(out);
        return true;
    }

    /** The map a connection's store reads and writes for {@code proc.} names. */
    Map<String, VariableStore.Value> values() {
        return values;
    }
}
