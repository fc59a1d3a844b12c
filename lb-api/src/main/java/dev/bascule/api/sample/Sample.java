package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import java.net.InetAddress;

/**
 * A reusable, mutable holder a fetch writes into. One per evaluation slot, owned by the event
 * loop that uses it; never shared between threads.
 *
 * <p>A string sample is a range of a character sequence the fetch does not copy (a header value
 * inside the request head, for instance): matchers read {@link #text()} between
 * {@link #start()} and {@link #end()}.
 *
 * <p>A fetch may return several values, as HAProxy's do (every value of a header): it sets
 * {@link #setMore(boolean) more} when another value follows, and keeps its position in
 * {@link #context()}; the caller calls it again with the same holder until a value matches or no
 * value is left. {@link #reset()} starts a new evaluation.
 */
public final class Sample {
    private SampleType type = SampleType.BOOLEAN;
    private long integer;
    private @Nullable CharSequence text;
    private int start;
    private int end;
    private @Nullable InetAddress address;
    private long context;
    private boolean more;
    private boolean iterate;

    /**
     * Prepares the holder for a new fetch, by a caller that wants every value ({@code iterate},
     * an ACL) or one ({@code false}: a header fetch then returns the last occurrence, as HAProxy's
     * do outside ACLs).
     */
    public Sample reset(boolean iterate) {
        this.iterate = iterate;
        return reset();
    }

    /** Whether the caller wants every value of a multi-valued fetch. */
    public boolean iterate() {
        return iterate;
    }

    /** Prepares the holder for a new fetch: no context, no further value. */
    public Sample reset() {
        context = 0;
        more = false;
        text = null;
        address = null;
        return this;
    }

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
        return setString(value, 0, value.length());
    }

    /** Sets a string value: the characters of {@code value} from {@code start} (inclusive) to {@code end}. */
    public Sample setString(CharSequence value, int start, int end) {
        type = SampleType.STRING;
        text = value;
        this.start = start;
        this.end = end;
        integer = 0;
        return this;
    }

    /** Sets a method value (HAProxy's {@code meth} type): a string range matched like one. */
    public Sample setMethod(CharSequence value) {
        setString(value, 0, value.length());
        type = SampleType.METHOD;
        return this;
    }

    /** Sets an address value. */
    public Sample setAddress(InetAddress value) {
        type = SampleType.ADDRESS;
        address = value;
        text = null;
        integer = 0;
        return this;
    }

    public SampleType type() {
        return type;
    }

    public long integer() {
        return integer;
    }

    /** The sequence holding a string value, or null. */
    public @Nullable CharSequence text() {
        return text;
    }

    /** Where a string value starts in {@link #text()}. */
    public int start() {
        return start;
    }

    /** Where a string value ends in {@link #text()} (exclusive). */
    public int end() {
        return end;
    }

    /** The length of a string value. */
    public int length() {
        return end - start;
    }

    /** The address value, or null. */
    public @Nullable InetAddress address() {
        return address;
    }

    /** The fetch's position among its values, 0 on the first call after {@link #reset()}. */
    public long context() {
        return context;
    }

    public Sample setContext(long context) {
        this.context = context;
        return this;
    }

    /** Whether the fetch has another value after this one. */
    public boolean more() {
        return more;
    }

    public Sample setMore(boolean more) {
        this.more = more;
        return this;
    }

    /** The string value as a new String (for tests and diagnostics, not the hot path). */
    @Override
    public String toString() {
        return switch (type) {
            case BOOLEAN -> Boolean.toString(integer != 0);
            case INTEGER -> Long.toString(integer);
            case ADDRESS -> address == null ? "" : address.getHostAddress();
            default -> text == null ? "" : text.subSequence(start, end).toString();
        };
    }
}
