package dev.bascule.core.sample;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.Variables;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The variables of one client connection: its {@code sess.} scope, and the {@code txn.},
 * {@code req.} and {@code res.} scopes of its current transaction ({@link #newTransaction()}
 * empties them); {@code proc.} is the process's, shared by every connection. Maps are made on
 * first use: a connection that sets no variable allocates nothing.
 */
public final class VariableStore implements Variables {
    private static final Map<String, Value> PROCESS = new ConcurrentHashMap<>();

    private @Nullable Map<String, Value> session;
    private @Nullable Map<String, Value> transaction;

    /** A variable that exists without a value: created by the configuration, or unset (HAProxy's SMP_T_ANY). */
    private static final Value UNSET = new Value(SampleType.ANY, 0, null, null);

    /** A stored value: a copy, so that it outlives the buffers the sample pointed into. */
    private record Value(SampleType type, long integer, @Nullable String text, @Nullable InetAddress address) {
        static Value of(Sample sample) {
            switch (sample.type()) {
                case BOOLEAN:
                case INTEGER:
                    return new Value(sample.type(), sample.integer(), null, null);
                case ADDRESS:
                    return new Value(SampleType.ADDRESS, 0, null, sample.address());
                default:
                    return new Value(sample.type(), 0,
                            sample.text().subSequence(sample.start(), sample.end()).toString(), null);
            }
        }

        void into(Sample out) {
            switch (type) {
                case BOOLEAN:
                    out.setBoolean(integer != 0);
                    break;
                case INTEGER:
                    out.setInteger(integer);
                    break;
                case ADDRESS:
                    out.setAddress(address);
                    break;
                case METHOD:
                    out.setMethod(text);
                    break;
                default:
                    out.setString(text);
                    if (type == SampleType.BINARY) {
                        out.castTo(SampleType.BINARY);
                    }
                    break;
            }
        }
    }

    /**
     * Reads the process-wide variable {@code name} ({@code proc.} scope), as the runtime API's
     * {@code get var} does: true and {@code out} set when it exists.
     */
    public static boolean process(String name, Sample out) {
        Value value = name.startsWith("proc.") ? PROCESS.get(name) : null;
        if (value == null || value == UNSET) {
            return false;
        }
        value.into(out);
        return true;
    }

    /**
     * A {@code proc.} variable the configuration names (in a {@code set-var} or a {@code var()}):
     * it exists from the start without a value, and an {@code unset-var} only takes its value, as
     * HAProxy's permanent variables.
     */
    public static void declare(String name) {
        if (name.startsWith("proc.")) {
            PROCESS.putIfAbsent(name, UNSET);
        }
    }

    /** A new transaction begins: its variables go. */
    public void newTransaction() {
        if (transaction != null) {
            transaction.clear();
        }
    }

    private @Nullable Map<String, Value> scope(String name, boolean create) {
        if (name.startsWith("proc.")) {
            return PROCESS;
        }
        if (name.startsWith("sess.")) {
            if (session == null && create) {
                session = new HashMap<>(4);
            }
            return session;
        }
        if (transaction == null && create) {
            transaction = new HashMap<>(4);
        }
        return transaction;
    }

    @Override
    public boolean get(String name, Sample out) {
        Map<String, Value> scope = scope(name, false);
        Value value = scope == null ? null : scope.get(name);
        if (value == null || value == UNSET) {
            return false;
        }
        value.into(out);
        return true;
    }

    /** HAProxy's {@code var_set()} with its conditions; a variable a failed condition created stays, unset. */
    @Override
    public boolean set(String name, Sample value, int conditions) {
        if (conditions == 0) {
            set(name, value);
            return true;
        }
        Map<String, Value> scope = scope(name, true);
        Value current = scope.get(name);
        if (current != null ? (conditions & IF_NOT_EXISTS) != 0 : (conditions & IF_EXISTS) != 0) {
            return false;
        }
        if (current == null) {
            current = UNSET;
            scope.put(name, UNSET);
        }
        if ((conditions & IF_SET) != 0 && current == UNSET || (conditions & IF_NOT_SET) != 0 && current != UNSET) {
            return false;
        }
        SampleType type = value.type();
        boolean text = type == SampleType.STRING || type == SampleType.BINARY || type == SampleType.METHOD;
        if ((conditions & IF_EMPTY) != 0 && !text) {
            // a scalar is never empty
            return false;
        }
        if (text && ((conditions & IF_NOT_EMPTY) != 0 && value.length() == 0
                || (conditions & IF_EMPTY) != 0 && value.length() != 0)) {
            return false;
        }
        if (type == SampleType.INTEGER && current.type() == SampleType.INTEGER
                && ((conditions & IF_GT) != 0 && !(current.integer() > value.integer())
                || (conditions & IF_LT) != 0 && !(current.integer() < value.integer()))) {
            return false;
        }
        scope.put(name, Value.of(value));
        return true;
    }

    @Override
    public void set(String name, Sample value) {
        scope(name, true).put(name, Value.of(value));
    }

    @Override
    public void unset(String name) {
        Map<String, Value> scope = scope(name, false);
        if (scope == PROCESS) {
            // a process variable stays, without a value
            scope.replace(name, UNSET);
        } else if (scope != null) {
            scope.remove(name);
        }
    }
}
