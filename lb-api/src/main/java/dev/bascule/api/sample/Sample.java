package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

import java.net.InetAddress;
import java.net.UnknownHostException;

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
    private boolean mayChange;
    private boolean partial;
    private final StringBuilder scratchA = new StringBuilder(64);
    private final StringBuilder scratchB = new StringBuilder(64);

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

    /** Prepares the holder for a new fetch: no context, no further value, nothing that may change. */
    public Sample reset() {
        context = 0;
        more = false;
        mayChange = false;
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

    /**
     * Whether the value, or its absence, may change once more data has come (HAProxy's
     * {@code SMP_F_MAY_CHANGE}): a content fetch that lacks bytes sets it, so that a rule waiting
     * for content ({@code tcp-request inspect-delay}) asks again instead of deciding. Since 1.3.
     */
    public boolean mayChange() {
        return mayChange;
    }

    /** Marks the value, or its absence, as one that more data may change; cleared by {@link #reset()}. Since 1.3. */
    public Sample setMayChange() {
        this.mayChange = true;
        return this;
    }

    /**
     * Whether the caller may still wait for more data (the inverse of HAProxy's
     * {@code SMP_OPT_FINAL}): set by the evaluation of rules that wait for content, kept across
     * {@link #reset()}. A fetch such as {@code wait_end} answers only once this is false. Since 1.3.
     */
    public boolean partial() {
        return partial;
    }

    /** Sets {@link #partial()} for the evaluations to come. Since 1.3. */
    public Sample setPartial(boolean partial) {
        this.partial = partial;
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

    /**
     * A cleared buffer a converter writes a string result into: never the one the current value
     * lives in, so that {@code setString(scratch().append(...))} may read the value while writing.
     * Two buffers per holder, reused (HAProxy's trash chunks).
     */
    public StringBuilder scratch() {
        StringBuilder buffer = text == scratchA ? scratchB : scratchA;
        buffer.setLength(0);
        return buffer;
    }

    /**
     * Casts the value to {@code target} as HAProxy's {@code sample_casts} do: integers and booleans
     * to decimal text and back (a string's leading optional minus and digits, 0 when there are
     * none), addresses to text and back (IPv4 only from text), IPv4 addresses to and from
     * integers, methods as their text; to binary, integers and booleans become 8 big-endian
     * bytes and addresses their 4 or 16 bytes; a binary becomes a string up to its first NUL.
     *
     * @return false when no cast exists or the value does not convert
     */
    public boolean castTo(SampleType target) {
        if (type == target || target == SampleType.ANY) {
            return true;
        }
        switch (target) {
            case BOOLEAN:
                if (type == SampleType.STRING) {
                    return stringToInteger(); // c_str2int: the value stays an integer, read as a boolean
                }
                if (type != SampleType.INTEGER) {
                    return false;
                }
                return setBoolean(integer != 0) != null;
            case INTEGER:
                switch (type) {
                    case BOOLEAN:
                        type = SampleType.INTEGER;
                        return true;
                    case STRING:
                        return stringToInteger();
                    case ADDRESS:
                        byte[] bytes = address.getAddress();
                        if (bytes.length != 4) {
                            return false;
                        }
                        return setInteger(((bytes[0] & 0xffL) << 24) | ((bytes[1] & 0xff) << 16)
                                | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff)) != null;
                    default:
                        return false;
                }
            case STRING:
                switch (type) {
                    case BOOLEAN:
                    case INTEGER:
                        setString(scratch().append(integer));
                        break;
                    case ADDRESS:
                        setString(appendAddress(scratch(), address));
                        break;
                    case BINARY:
                        // c_bin2str: a NUL byte ends the string
                        for (int i = start; i < end; i++) {
                            if (text.charAt(i) == 0) {
                                end = i;
                                break;
                            }
                        }
                        break;
                    default:
                        break;
                }
                type = target;
                return true;
            case BINARY:
                switch (type) {
                    case BOOLEAN:
                    case INTEGER: {
                        // c_int2bin, c_bool2bin: 8 bytes, big-endian
                        long value = type == SampleType.BOOLEAN ? (integer != 0 ? 1 : 0) : integer;
                        StringBuilder out = scratch();
                        for (int shift = 56; shift >= 0; shift -= 8) {
                            out.append((char) ((value >>> shift) & 0xff));
                        }
                        setString(out);
                        break;
                    }
                    case ADDRESS: {
                        // c_addr2bin: the address's 4 or 16 bytes
                        byte[] bytes = address.getAddress();
                        StringBuilder out = scratch();
                        for (byte b : bytes) {
                            out.append((char) (b & 0xff));
                        }
                        setString(out);
                        break;
                    }
                    default:
                        break;
                }
                type = target;
                return true;
            case ADDRESS:
                switch (type) {
                    case INTEGER:
                        return setAddress(ipv4((int) integer)) != null;
                    case STRING: {
                        InetAddress parsed = parseIpv4(text, start, end);
                        if (parsed == null) {
                            parsed = parseIpv6(text, start, end);
                        }
                        return parsed != null && setAddress(parsed) != null;
                    }
                    default:
                        return false;
                }
            case METHOD:
                if (type != SampleType.STRING && type != SampleType.BINARY) {
                    return false;
                }
                type = SampleType.METHOD;
                return true;
            default:
                return false;
        }
    }

    private boolean stringToInteger() {
        if (end <= start) {
            return false;
        }
        int i = start;
        boolean negative = text.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        for (; i < end; i++) {
            int digit = text.charAt(i) - '0';
            if (digit < 0 || digit > 9) {
                break;
            }
            value = value * 10 + digit;
        }
        setInteger(negative ? -value : value);
        return true;
    }

    private static InetAddress ipv4(int value) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (value >>> 24), (byte) (value >>> 16),
                    (byte) (value >>> 8), (byte) value});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An IPv6 literal (hex digits, ':' and '.' only, so that no name is ever resolved), or null. */
    private static @Nullable InetAddress parseIpv6(CharSequence text, int start, int end) {
        if (end - start < 2 || end - start > 45) {
            return null;
        }
        boolean colon = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c == ':') {
                colon = true;
            } else if (Character.digit(c, 16) < 0 && c != '.') {
                return null;
            }
        }
        if (!colon) {
            return null;
        }
        try {
            return InetAddress.getByName(text.subSequence(start, end).toString());
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static @Nullable InetAddress parseIpv4(CharSequence text, int start, int end) {
        int value = 0;
        int part = 0;
        int parts = 0;
        int digits = 0;
        for (int i = start; i <= end; i++) {
            char c = i < end ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                part = part * 10 + (c - '0');
                if (++digits > 3 || part > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0) {
                value = (value << 8) | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return parts == 4 ? ipv4(value) : null;
    }

    /**
     * Writes an address as HAProxy does ({@code inet_ntop()}): dotted IPv4; IPv6 in lower-case hex
     * with the first longest run of two or more zero groups written "::", and glibc's IPv4-compatible
     * ({@code ::1.2.3.4}) and IPv4-mapped ({@code ::ffff:1.2.3.4}) forms.
     */
    public static StringBuilder appendAddress(StringBuilder out, InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 4) {
            return out.append(bytes[0] & 0xff).append('.').append(bytes[1] & 0xff).append('.')
                    .append(bytes[2] & 0xff).append('.').append(bytes[3] & 0xff);
        }
        int bestStart = -1;
        int bestLength = 0;
        for (int i = 0; i < 8; ) {
            if (group(bytes, i) != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && group(bytes, i) == 0) {
                i++;
            }
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        if (bestLength < 2) {
            bestStart = -1;
        }
        if (bestStart == 0 && (bestLength == 6 || bestLength == 5 && group(bytes, 5) == 0xffff)) {
            out.append(bestLength == 5 ? "::ffff:" : "::");
            return out.append(bytes[12] & 0xff).append('.').append(bytes[13] & 0xff).append('.')
                    .append(bytes[14] & 0xff).append('.').append(bytes[15] & 0xff);
        }
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (i > 0 && i != bestStart + bestLength) {
                out.append(':');
            }
            out.append(Integer.toHexString(group(bytes, i)));
        }
        return out;
    }

    private static int group(byte[] bytes, int index) {
        return ((bytes[2 * index] & 0xff) << 8) | (bytes[2 * index + 1] & 0xff);
    }

    /** The string value as a new String (for tests and diagnostics, not the hot path). */
    @Override
    public String toString() {
        return switch (type) {
            case BOOLEAN -> Boolean.toString(integer != 0);
            case INTEGER -> Long.toString(integer);
            case ADDRESS -> address == null ? "" : appendAddress(new StringBuilder(), address).toString();
            default -> text == null ? "" : text.subSequence(start, end).toString();
        };
    }
}
