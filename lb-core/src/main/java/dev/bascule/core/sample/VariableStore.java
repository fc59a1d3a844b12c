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
        if (value == null) {
            return false;
        }
        value.into(out);
        return true;
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
        if (value == null) {
            return false;
        }
        value.into(out);
        return true;
    }

    @Override
    public void set(String name, Sample value) {
        scope(name, true).put(name, Value.of(value));
    }

    @Override
    public void unset(String name) {
        Map<String, Value> scope = scope(name, false);
        if (scope != null) {
            scope.remove(name);
        }
    }
}
