package dev.bascule.transport.netty.http;

import java.util.Arrays;

/**
 * The head of an HTTP/1 message parsed on its bytes, after HAProxy 2.6's
 * {@code h1_headers_to_hdr_list()}: a resumable state machine that validates every byte as it
 * arrives (so garbage is rejected at once, not at the end of a head that never comes), and, on a
 * complete head, records where the start line and each header field are. Nothing is copied or
 * decoded here: the decoder builds the message from the recorded positions.
 *
 * <p>Strict as HAProxy is without {@code option accept-invalid-http-request}: a method and header
 * names are tokens, the request target is printable ASCII, the version is made of
 * {@code HTTP/.0-9} bytes, the value of a header may be anything but CR and LF, lines end with
 * CRLF or a bare LF, and obsolete line folding becomes spaces in the value. An HTTP/0.9 request
 * (no version) is refused.
 */
final class H1Head {
    // byte classes of HAProxy's http_char_classes[]
    static final int TOKEN = 1;
    static final int VER = 2;
    static final int SPHT = 4;
    static final int CRLF = 8;
    static final int DIGIT = 16;
    private static final byte[] CLASS = new byte[256];

    static {
        String tchar = "!#$%&'*+-.^_`|~";
        for (int c = '0'; c <= '9'; c++) {
            CLASS[c] = TOKEN | VER | DIGIT;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            CLASS[c] = TOKEN | VER;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            CLASS[c] = TOKEN;
        }
        for (int i = 0; i < tchar.length(); i++) {
            CLASS[tchar.charAt(i)] |= TOKEN;
        }
        CLASS['.'] |= VER;
        CLASS['/'] |= VER;
        CLASS[' '] = SPHT;
        CLASS['\t'] = SPHT;
        CLASS['\r'] = CRLF;
        CLASS['\n'] = CRLF;
    }

    static boolean is(int c, int klass) {
        return (CLASS[c] & klass) != 0;
    }

    static boolean isLws(int c) {
        return (CLASS[c] & (SPHT | CRLF)) != 0;
    }

    // states
    private static final int RQMETH = 0;
    private static final int RQMETH_SP = 1;
    private static final int RQURI = 2;
    private static final int RQURI_SP = 3;
    private static final int RQVER = 4;
    private static final int RPVER = 5;
    private static final int RPVER_SP = 6;
    private static final int RPCODE = 7;
    private static final int RPCODE_SP = 8;
    private static final int RPREASON = 9;
    private static final int LINE_EOL = 10;
    private static final int LINE_END = 11;
    private static final int HDR_FIRST = 12;
    private static final int HDR_NAME = 13;
    private static final int HDR_L1_SP = 14;
    private static final int HDR_L1_LF = 15;
    private static final int HDR_L1_LWS = 16;
    private static final int HDR_VAL = 17;
    private static final int HDR_L2_LF = 18;
    private static final int HDR_L2_LWS = 19;
    private static final int LAST_LF = 20;

    /** {@link #parse} results besides a positive head length. */
    static final int MORE = 0;
    static final int INVALID = -1;
    static final int FULL = -2;

    private final boolean response;
    private final int maxFields;

    // resumable scan
    private int state;
    private int next;
    private int sol;
    private int col;
    private int sov;
    private int eol;

    // the start line, offsets from the head's first byte
    int part1End;
    int part2Start;
    int part2End;
    int part3Start;
    int part3End;
    int status;
    /** Header fields: name start, name end, value start, value end for each. */
    int[] fields;
    int fieldCount;
    /**
     * The fields {@code tune.http.maxhdr} counts: all but a {@code Connection} field holding only
     * {@code close} and {@code keep-alive}, which HAProxy's parser takes as flags and drops.
     */
    private int counted;
    private int first;
    /** Where the error is, for the logs. */
    int errorAt;

    /**
     * @param response whether a status line starts the messages
     * @param maxFields HAProxy's {@code tune.http.maxhdr}: the fields a message may have, the
     *                  end-of-headers mark counting as one as HAProxy counts it
     */
    H1Head(boolean response, int maxFields) {
        this.response = response;
        this.maxFields = maxFields;
        this.fields = new int[4 * maxFields];
        reset();
    }

    /** Before a new message. */
    void reset() {
        state = response ? RPVER : RQMETH;
        next = 0;
    }

    /** Before a trailers block: header fields only. */
    void resetFields() {
        state = HDR_FIRST;
        next = 0;
    }

    /** Whether the scan is past the first byte of the message. */
    boolean started() {
        return next > 0;
    }

    /** How far the scan went: bytes {@code [0, scanned())} were checked already. */
    int scanned() {
        return next;
    }

    /**
     * Scans the bytes {@code [scanned(), end)} of the head starting at {@code b[0]}, going on from
     * where the last call stopped. With {@code record}, the scan must start at the beginning and the
     * positions of the start line and the fields are recorded; obsolete folding is blanked in {@code b}.
     *
     * @return the head's length (including its empty line) when it is complete, {@link #MORE} when
     *         bytes are missing, {@link #INVALID} on a byte HAProxy refuses, {@link #FULL} when there
     *         are more header fields than {@code tune.http.maxhdr} allows
     */
    int parse(byte[] b, int end, boolean record) {
        int ptr = next;
        int st = state;
        if (record) {
            // the end-of-headers mark counts as a field (HAProxy's H1 mux parses without pseudo-headers)
            first = 0;
            fieldCount = 0;
            counted = 0;
        }
        int s = sol;
        int cl = col;
        int sv = sov;
        int el = eol;
        while (true) {
            if (ptr >= end) {
                state = st;
                next = ptr;
                sol = s;
                col = cl;
                sov = sv;
                eol = el;
                return MORE;
            }
            int c = b[ptr] & 0xff;
            switch (st) {
                case RQMETH:
                    if (is(c, TOKEN)) {
                        ptr++;
                    } else if (is(c, SPHT) && ptr > 0) {
                        part1End = ptr++;
                        st = RQMETH_SP;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RQMETH_SP:
                    if (!isLws(c)) {
                        part2Start = ptr;
                        st = RQURI;
                    } else if (is(c, SPHT)) {
                        ptr++;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RQURI:
                    if (c >= 33 && c <= 126) {
                        // the bulk of a request line: stay in a tight loop
                        ptr++;
                        while (ptr < end && (c = b[ptr] & 0xff) >= 33 && c <= 126) {
                            ptr++;
                        }
                    } else if (is(c, SPHT)) {
                        part2End = ptr++;
                        st = RQURI_SP;
                    } else {
                        // a control or non-ASCII byte, or the end of an HTTP/0.9 line
                        return invalid(ptr);
                    }
                    break;
                case RQURI_SP:
                    if (!isLws(c)) {
                        part3Start = ptr;
                        st = RQVER;
                    } else if (is(c, SPHT)) {
                        ptr++;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RQVER:
                    if (is(c, VER)) {
                        ptr++;
                    } else if (is(c, CRLF)) {
                        part3End = ptr;
                        st = LINE_EOL;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RPVER:
                    if (is(c, VER)) {
                        ptr++;
                    } else if (is(c, SPHT) && ptr > 0) {
                        part1End = ptr++;
                        st = RPVER_SP;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RPVER_SP:
                    if (!isLws(c)) {
                        part2Start = ptr;
                        st = RPCODE;
                    } else if (is(c, SPHT)) {
                        ptr++;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case RPCODE:
                    if (is(c, DIGIT)) {
                        ptr++;
                    } else if (!isLws(c)) {
                        return invalid(ptr);
                    } else if (is(c, SPHT)) {
                        part2End = ptr++;
                        st = RPCODE_SP;
                    } else {
                        part2End = ptr;
                        part3Start = ptr;
                        part3End = ptr;
                        st = LINE_EOL;
                    }
                    break;
                case RPCODE_SP:
                    if (!isLws(c)) {
                        part3Start = ptr;
                        st = RPREASON;
                    } else if (is(c, SPHT)) {
                        ptr++;
                    } else {
                        part3Start = ptr;
                        part3End = ptr;
                        st = LINE_EOL;
                    }
                    break;
                case RPREASON:
                    if (!is(c, CRLF)) {
                        ptr++;
                    } else {
                        part3End = ptr;
                        st = LINE_EOL;
                    }
                    break;
                case LINE_EOL:
                    // at the CR or LF ending the start line
                    if (c == '\r') {
                        ptr++;
                    }
                    st = LINE_END;
                    break;
                case LINE_END:
                    if (c != '\n') {
                        return invalid(ptr);
                    }
                    ptr++;
                    st = HDR_FIRST;
                    break;
                case HDR_FIRST:
                    s = ptr;
                    if (!is(c, CRLF)) {
                        st = HDR_NAME;
                    } else {
                        if (c == '\r') {
                            ptr++;
                        }
                        st = LAST_LF;
                    }
                    break;
                case HDR_NAME:
                    if (is(c, TOKEN)) {
                        ptr++;
                        while (ptr < end && is(b[ptr] & 0xff, TOKEN)) {
                            ptr++;
                        }
                    } else if (c == ':') {
                        cl = ptr;
                        if (cl <= s) {
                            return invalid(ptr);
                        }
                        ptr++;
                        st = HDR_L1_SP;
                    } else {
                        return invalid(ptr);
                    }
                    break;
                case HDR_L1_SP:
                    if (is(c, SPHT)) {
                        ptr++;
                        break;
                    }
                    sv = ptr;
                    if (!is(c, CRLF)) {
                        st = HDR_VAL;
                    } else {
                        if (c == '\r') {
                            ptr++;
                        }
                        st = HDR_L1_LF;
                    }
                    break;
                case HDR_L1_LF:
                    if (c != '\n') {
                        return invalid(ptr);
                    }
                    ptr++;
                    st = HDR_L1_LWS;
                    break;
                case HDR_L1_LWS:
                    if (is(c, SPHT)) {
                        // folding: the line break becomes spaces
                        if (record) {
                            for (; sv < ptr; sv++) {
                                b[sv] = ' ';
                            }
                        }
                        st = HDR_L1_SP;
                        break;
                    }
                    // a field with an empty value
                    el = sv;
                    if (record && !field(s, cl, sv, el, b)) {
                        return full(ptr);
                    }
                    s = ptr;
                    st = afterField(c);
                    if (c == '\r') {
                        ptr++;
                    }
                    break;
                case HDR_VAL:
                    if (c != '\r' && c != '\n') {
                        // the bulk of a head: values, anything but CR and LF
                        ptr++;
                        while (ptr < end && (c = b[ptr]) != '\r' && c != '\n') {
                            ptr++;
                        }
                        break;
                    }
                    el = ptr;
                    if (c == '\r') {
                        ptr++;
                    }
                    st = HDR_L2_LF;
                    break;
                case HDR_L2_LF:
                    if (c != '\n') {
                        return invalid(ptr);
                    }
                    ptr++;
                    st = HDR_L2_LWS;
                    break;
                case HDR_L2_LWS:
                    if (is(c, SPHT)) {
                        if (record) {
                            for (; el < ptr; el++) {
                                b[el] = ' ';
                            }
                        }
                        st = HDR_VAL;
                        break;
                    }
                    if (record && !field(s, cl, sv, el, b)) {
                        return full(ptr);
                    }
                    s = ptr;
                    st = afterField(c);
                    if (c == '\r') {
                        ptr++;
                    }
                    break;
                case LAST_LF:
                    if (c != '\n') {
                        return invalid(ptr);
                    }
                    ptr++;
                    if (record && counted >= maxFields) {
                        return full(ptr);
                    }
                    state = response ? RPVER : RQMETH;
                    next = 0;
                    return ptr;
                default:
                    throw new IllegalStateException("state " + st);
            }
        }
    }

    private static int afterField(int c) {
        return is(c, CRLF) ? LAST_LF : HDR_NAME;
    }

    /** Records a complete field, its value trimmed as HAProxy trims it; false when there is no room left. */
    private boolean field(int nameStart, int colon, int valueStart, int valueEnd, byte[] b) {
        while (valueStart < valueEnd && isLws(b[valueStart] & 0xff)) {
            valueStart++;
        }
        while (valueEnd - 1 > valueStart && isLws(b[valueEnd - 1] & 0xff)) {
            valueEnd--;
        }
        boolean uncounted = connectionFlagsOnly(b, nameStart, colon, valueStart, valueEnd);
        if (!uncounted && counted >= maxFields) {
            return false;
        }
        if (4 * fieldCount >= fields.length) {
            // a message with uncounted Connection fields beyond the limit: rare, grown then
            fields = Arrays.copyOf(fields, fields.length + 16);
        }
        if (!uncounted) {
            counted++;
        }
        int at = 4 * fieldCount++;
        fields[at] = nameStart;
        fields[at + 1] = colon;
        fields[at + 2] = valueStart;
        fields[at + 3] = valueEnd;
        return true;
    }

    /**
     * A {@code Connection} field whose comma-separated tokens are all {@code close} or
     * {@code keep-alive} (any case), or none: HAProxy's {@code h1_parse_connection_header()} leaves
     * it empty and the field is not stored.
     */
    private static boolean connectionFlagsOnly(byte[] b, int nameStart, int nameEnd, int valueStart, int valueEnd) {
        if (nameEnd - nameStart != 10 || !regionIs(b, nameStart, "connection")) {
            return false;
        }
        int token = valueStart;
        while (token <= valueEnd) {
            int comma = token;
            while (comma < valueEnd && b[comma] != ',') {
                comma++;
            }
            int from = token;
            int to = comma;
            while (from < to && isLws(b[from] & 0xff)) {
                from++;
            }
            while (to > from && isLws(b[to - 1] & 0xff)) {
                to--;
            }
            boolean flag = to - from == 5 && regionIs(b, from, "close")
                    || to - from == 10 && regionIs(b, from, "keep-alive") || to == from;
            if (!flag) {
                return false;
            }
            token = comma + 1;
        }
        return true;
    }

    /** Whether {@code b} holds {@code lower} at {@code at}, ASCII case ignored. */
    private static boolean regionIs(byte[] b, int at, String lower) {
        for (int i = 0; i < lower.length(); i++) {
            int c = b[at + i] & 0xff;
            if ((c >= 'A' && c <= 'Z' ? c + 32 : c) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first recorded header field (after the start line's pseudo-headers). */
    int firstField() {
        return first;
    }

    private int invalid(int at) {
        errorAt = at;
        reset();
        return INVALID;
    }

    private int full(int at) {
        errorAt = at;
        reset();
        return FULL;
    }
}
