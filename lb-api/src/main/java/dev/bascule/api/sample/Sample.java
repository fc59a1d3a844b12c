package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

/**
 * A reusable, mutable holder a fetch writes into. One per evaluation slot, owned by the event
 * loop that uses it; never shared between threads.
 */
public final class Sample {
    private SampleType type = SampleType.BOOLEAN;
    private long integer;
    private @Nullable CharSequence text;

    /** Sets a boolean value. */
    public Sample setBoolean(boolean value) {
        type = SampleType.BOOLEAN;
        integer = value ? 1 : 0;
        text = null;
        return this;
    }

    /** Sets an integer value. */
    public Sample setInteger(long value) {
        type = SampleType.INTEGER;
        integer = value;
        text = null;
        return this;
    }

    /** Sets a string value; the sequence is read only until the next fetch into this holder. */
    public Sample setString(CharSequence value) {
        type = SampleType.STRING;
        text = value;
        integer = 0;
        return this;
    }

    /** The value's type. */
    public SampleType type() {
        return type;
    }

    /** The value as an integer (booleans are 0 or 1). */
    public long integer() {
        return integer;
    }

    /** The value as a string, or null when it is not a string. */
    public @Nullable CharSequence text() {
        return text;
    }
}
