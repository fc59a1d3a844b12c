package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.net.InetAddress;
import java.util.List;

/**
 * {@code req.hdr}, {@code req.fhdr} and {@code req.hdr_val}: one header's values, as HAProxy's
 * {@code smp_fetch_hdr()}/{@code smp_fetch_fhdr()} over {@code http_find_header()}.
 *
 * <p>A value is a comma-separated element of a header line ({@code req.hdr}; commas inside double
 * quotes do not split) or the whole line ({@code req.fhdr}), without surrounding blanks. The
 * occurrence argument picks one value: {@code n > 0} the n-th, {@code n < 0} the n-th from the
 * end; without it a caller that wants every value ({@link Sample#iterate()}, as an ACL) gets them
 * one per call, and any other caller gets the last one.
 *
 * <p>While iterating, {@link Sample#context()} holds {@code (line + 1) << 32 | position}: the
 * header line and where the next value starts in it; {@code 0} is the first call, and -1 follows
 * the last value, so that a caller calling until the fetch returns false stops too, as HAProxy's
 * do. Nothing is allocated: values are ranges of the view's header value sequences.
 */
final class HeaderFetch implements SampleFetch {
    private static final long EXHAUSTED = -1;

    /** What the fetch returns for each value. */
    enum Kind {
        /** {@code req.hdr}: comma-separated values, as strings. */
        VALUE,
        /** {@code req.fhdr}: full lines, as strings. */
        FULL_LINE,
        /** {@code req.hdr_val}: comma-separated values, as integers (HAProxy's {@code strl2ic()}). */
        INTEGER,
        /**
         * {@code req.hdr_ip}: comma-separated values, as addresses: an IPv4 address at the start of
         * the value (what follows it, a port say, ignored, as HAProxy's {@code url2ipv4()}), else the
         * whole value as IPv6; no sample when it is neither.
         */
        ADDRESS
    }

    private final String name;
    private final int occurrence;
    private final Kind kind;

    private HeaderFetch(String name, int occurrence, Kind kind) {
        this.name = name;
        this.occurrence = occurrence;
        this.kind = kind;
    }

    /** Checks {@code (name[,occ])} and builds the fetch. */
    static SampleFetch create(String keyword, List<String> arguments, Kind kind) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 2);
        int occurrence = FetchArguments.occurrence(keyword, arguments);
        String name = FetchArguments.optionalString(arguments, 0);
        if (name == null) {
            // HAProxy accepts the keyword without a name but never returns a value for it
            return (traffic, out) -> false;
        }
        return new HeaderFetch(name, occurrence, kind);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        if (occurrence == 0 && out.iterate()) {
            return next(traffic, out);
        }
        out.setMore(false);
        int wanted = occurrence == 0 ? -1 : occurrence;
        if (wanted < 0) {
            // negative occurrence: count the values, then walk to the one counted from the end
            int index = countValues(traffic, name, kind == Kind.FULL_LINE) + wanted;
            if (index < 0) {
                return false;
            }
            wanted = index + 1;
        }
        int seen = 0;
        boolean full = kind == Kind.FULL_LINE;
        for (int line = 0, count = traffic.requestHeaderCount(); line < count; line++) {
            if (!nameMatches(traffic.requestHeaderName(line), name)) {
                continue;
            }
            CharSequence value = traffic.requestHeaderValue(line);
            int length = value.length();
            int position = 0;
            while (true) {
                int start = skipBlanks(value, position, length);
                int stop = full ? length : valueEnd(value, start, length);
                if (++seen == wanted) {
                    return set(out, value, start, trimEnd(value, start, stop));
                }
                if (stop >= length) {
                    break;
                }
                position = stop + 1;
            }
        }
        return false;
    }

    /** Returns the value at the context's position and moves the context to the next one. */
    private boolean next(TrafficView traffic, Sample out) {
        long context = out.context();
        if (context == EXHAUSTED) {
            out.setMore(false);
            return false;
        }
        int line;
        int position;
        if (context == 0) {
            line = nextLine(traffic, 0);
            position = 0;
            if (line < 0) {
                out.setMore(false);
                return false;
            }
        } else {
            line = (int) (context >>> 32) - 1;
            position = (int) context;
        }
        CharSequence value = traffic.requestHeaderValue(line);
        int length = value.length();
        int start = skipBlanks(value, position, length);
        int stop = kind == Kind.FULL_LINE ? length : valueEnd(value, start, length);
        if (stop < length) {
            // after a comma there is always one more value, even an empty one, as in HAProxy
            out.setContext(((long) (line + 1) << 32) | (stop + 1));
            out.setMore(true);
        } else {
            int following = nextLine(traffic, line + 1);
            out.setContext(following < 0 ? EXHAUSTED : (long) (following + 1) << 32);
            out.setMore(following >= 0);
        }
        return set(out, value, start, trimEnd(value, start, stop));
    }

    private boolean set(Sample out, CharSequence value, int start, int end) {
        if (kind == Kind.ADDRESS) {
            InetAddress address = IpAddresses.leadingAddress(value, start, end);
            if (address == null) {
                return false;
            }
            out.setAddress(address);
            return true;
        }
        if (kind == Kind.INTEGER) {
            out.setInteger(Numbers.strl2ic(value, start, end));
        } else {
            out.setString(value, start, end);
        }
        return true;
    }

    private int nextLine(TrafficView traffic, int from) {
        for (int line = from, count = traffic.requestHeaderCount(); line < count; line++) {
            if (nameMatches(traffic.requestHeaderName(line), name)) {
                return line;
            }
        }
        return -1;
    }

    /** How many values the headers named {@code name} hold (every header when {@code name} is empty). */
    static int countValues(TrafficView traffic, String name, boolean fullLines) {
        int values = 0;
        for (int line = 0, count = traffic.requestHeaderCount(); line < count; line++) {
            if (!nameMatches(traffic.requestHeaderName(line), name)) {
                continue;
            }
            if (fullLines) {
                values++;
                continue;
            }
            CharSequence value = traffic.requestHeaderValue(line);
            int length = value.length();
            int position = 0;
            while (true) {
                values++;
                int stop = valueEnd(value, skipBlanks(value, position, length), length);
                if (stop >= length) {
                    break;
                }
                position = stop + 1;
            }
        }
        return values;
    }

    /** An empty name matches every header, as in {@code http_find_header()}. */
    static boolean nameMatches(CharSequence headerName, String name) {
        return name.isEmpty() || Chars.equalsIgnoreCase(headerName, name);
    }

    private static int skipBlanks(CharSequence value, int position, int length) {
        while (position < length && Chars.isLinearWhitespace(value.charAt(position))) {
            position++;
        }
        return position;
    }

    private static int trimEnd(CharSequence value, int start, int stop) {
        while (stop > start && Chars.isLinearWhitespace(value.charAt(stop - 1))) {
            stop--;
        }
        return stop;
    }

    /** HAProxy's {@code http_find_hdr_value_end()}: the next comma outside a quoted string, or the end. */
    static int valueEnd(CharSequence value, int position, int length) {
        return Chars.unquotedSeparator(value, position, length, false);
    }
}
