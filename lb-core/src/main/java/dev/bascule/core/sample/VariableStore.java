package dev.bascule.core.sample;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.Variables;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The variables of one client connection: its {@code sess.} scope, and the {@code txn.},
 * {@code req.} and {@code res.} scopes of its current transaction ({@link #newTransaction()}
 * empties them); {@code proc.} is the configuration's ({@link ProcessVariables}), shared by
 * every connection. Maps are made on first use: a connection that sets no variable allocates
 * nothing.
 */
public final class VariableStore implements Variables {
    private final Map<String, Value> process;
    private @Nullable Map<String, Value> session;
    private @Nullable Map<String, Value> transaction;

    /** The variables of a connection of the configuration whose {@code proc.} variables are {@code process}. */
    public VariableStore(ProcessVariables process) {
        this.process = process.values();
    }

    /** A store with {@code proc.} variables of its own: a stream outside any configuration (tests). */
    public VariableStore() {
        this(new ProcessVariables());
    }

    /** A stored value: a copy, so that it outlives the buffers the sample pointed into. */
    record Value(SampleType type, long integer, @Nullable String text, @Nullable InetAddress address) {
        /** A variable that exists without a value: created by the configuration, or unset (HAProxy's SMP_T_ANY). */
        static final Value UNSET = new Value(SampleType.ANY, 0, null, null);

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

    /** A new transaction begins: its variables go. */
    public void newTransaction() {
        if (transaction != null) {
            transaction.clear();
        }
    }

    private @Nullable Map<String, Value> scope(String name, boolean create) {
        if (name.startsWith("proc.")) {
            return process;
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
        if (value == null || value == Value.UNSET) {
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
            current = Value.UNSET;
            scope.put(name, Value.UNSET);
        }
        if ((conditions & IF_SET) != 0 && current == Value.UNSET
                || (conditions & IF_NOT_SET) != 0 && current != Value.UNSET) {
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
        if (scope == process) {
            // a process variable stays, without a value
            scope.replace(name, Value.UNSET);
        } else if (scope != null) {
            scope.remove(name);
        }
    }
}
