package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.sample.RdpCookie;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * HAProxy 2.6's content fetches on the request buffer ({@code payload.c}): {@code req.len},
 * {@code req.payload}, {@code req.payload_lv}, {@code req.ssl_hello_type}, {@code req.ssl_ver},
 * {@code req.ssl_sni}, {@code req.ssl_alpn}, their {@code res.*} counterparts and {@code wait_end}. They read
 * {@link TrafficView#requestPayload()}, one character per byte, and where bytes are missing they
 * say so ({@link Sample#setMayChange()}) so that rules waiting for content
 * ({@code tcp-request inspect-delay}) ask again once more has come. On an HTTP stream there is no
 * payload and they have no value, as HAProxy's have none on its HTX buffers.
 */
final class PayloadFetch {
    /**
     * HAProxy's {@code global.tune.bufsize} as the payload fetches bound their offsets with it: a
     * range past it can never be read.
     */
    static final int BUFSIZE = HttpTuning.DEFAULT.bufsize();
    /** What a request buffer receives at most (HAProxy's {@code channel_recv_limit()}: bufsize less the rewrite reserve). */
    static final int RECEIVE_LIMIT = HttpTuning.DEFAULT.maxHead();

    /** Parsing went past the bytes received: the value may come with more. */
    private static final int TOO_SHORT = -2;
    /** Not a TLS client hello. */
    private static final int ABSENT = -1;
    /** A TLS client hello without the extension. */
    private static final int NOT_FOUND = -3;

    private PayloadFetch() {
    }

    /** Which buffer a fetch reads: HAProxy's {@code req.*}, {@code res.*}, or the rule's direction. */
    enum Direction {
        REQUEST, RESPONSE,
        /** {@code payload}, {@code payload_lv}: the response's in a response rule, else the request's. */
        RULE;

        @Nullable CharSequence buffer(TrafficView traffic) {
            return switch (this) {
                case REQUEST -> traffic.requestPayload();
                case RESPONSE -> traffic.responsePayload();
                case RULE -> traffic.responsePayload() != null ? traffic.responsePayload() : traffic.requestPayload();
            };
        }
    }

    /** {@code req.len}: the bytes waiting in the request buffer; on an HTTP stream, HAProxy's HTX size. */
    static boolean length(TrafficView traffic, Sample out) {
        CharSequence payload = traffic.requestPayload();
        return length(payload != null ? payload.length() : traffic.requestLength(), out);
    }

    /** {@code res.len}: the bytes of the server's waiting in the response buffer ({@code mode tcp}). */
    static boolean responseLength(TrafficView traffic, Sample out) {
        CharSequence payload = traffic.responsePayload();
        return length(payload != null ? payload.length() : -1, out);
    }

    /** A length that grows with what comes; -1: none. */
    private static boolean length(long length, Sample out) {
        if (length < 0) {
            return false;
        }
        out.setInteger(length);
        out.setMayChange();
        return true;
    }

    /** {@code wait_end}: no value while the rules may still wait, then true. */
    static boolean waitEnd(TrafficView traffic, Sample out) {
        if (out.partial()) {
            out.setMayChange();
            return false;
        }
        out.setBoolean(true);
        return true;
    }

    /** {@code req.payload(offset,length)}: {@code length} bytes from {@code offset}; a length of 0 is the rest. */
    static BuiltinFetchFactory.Creator payload(Direction direction) {
        return (keyword, arguments) -> payload(keyword, arguments, direction);
    }

    private static SampleFetch payload(String keyword, List<String> arguments, Direction direction)
            throws InvalidArgumentException {
        mandatory(keyword, arguments, 2);
        FetchArguments.atMost(keyword, arguments, 2);
        // HAProxy reads them as unsigned ints: a negative one is past any buffer
        long offset = unsigned(FetchArguments.optionalInteger(keyword, arguments, 0, 0));
        long size = unsigned(FetchArguments.optionalInteger(keyword, arguments, 1, 0));
        return (traffic, out) -> {
            CharSequence payload = direction.buffer(traffic);
            if (payload == null) {
                return false;
            }
            if (size > BUFSIZE || offset + size > BUFSIZE) {
                // will never match
                return false;
            }
            if (offset + size > payload.length()) {
                out.setMayChange();
                return false;
            }
            int start = (int) offset;
            out.setString(payload, start, size == 0 ? payload.length() : start + (int) size);
            out.castTo(SampleType.BINARY);
            if (size == 0) {
                // the rest of the buffer grows with what comes
                out.setMayChange();
            }
            return true;
        };
    }

    /**
     * {@code req.payload_lv(offset1,length[,offset2])}: a length of {@code length} bytes
     * (big-endian) at {@code offset1} gives the size of the block at {@code offset2} (absolute, or
     * relative to the end of the length field when signed), right after the length by default.
     */
    static BuiltinFetchFactory.Creator payloadLengthValue(Direction direction) {
        return (keyword, arguments) -> payloadLengthValue(keyword, arguments, direction);
    }

    private static SampleFetch payloadLengthValue(String keyword, List<String> arguments, Direction direction)
            throws InvalidArgumentException {
        mandatory(keyword, arguments, 2);
        FetchArguments.atMost(keyword, arguments, 3);
        long lengthOffset = FetchArguments.optionalInteger(keyword, arguments, 0, 0);
        long lengthSize = FetchArguments.optionalInteger(keyword, arguments, 1, 0);
        // val_payload_lv()
        if (lengthOffset < 0) {
            throw invalid(keyword, "payload offset1 must be positive");
        }
        if (lengthSize == 0) {
            throw invalid(keyword, "payload length must be > 0");
        }
        String third = FetchArguments.optionalString(arguments, 2);
        boolean hasBlockOffset = third != null && !third.isEmpty();
        boolean relative = hasBlockOffset && (third.charAt(0) == '+' || third.charAt(0) == '-');
        long blockOffsetArgument = 0;
        if (hasBlockOffset) {
            try {
                blockOffsetArgument = FetchArguments.optionalInteger(keyword, arguments, 2, 0);
            } catch (InvalidArgumentException e) {
                throw invalid(keyword, "payload offset2 is not a number");
            }
            if (lengthOffset + lengthSize + blockOffsetArgument < 0) {
                throw invalid(keyword, "payload offset2 too negative");
            }
        }
        long firstOffset = unsigned(lengthOffset);
        long size = unsigned(lengthSize);
        long blockArgument = blockOffsetArgument;
        return (traffic, out) -> {
            CharSequence payload = direction.buffer(traffic);
            if (payload == null) {
                return false;
            }
            if (firstOffset + size > payload.length()) {
                out.setMayChange();
                return false;
            }
            long blockSize = 0;
            for (int i = 0; i < size; i++) {
                blockSize = ((blockSize << 8) + (payload.charAt((int) firstOffset + i) & 0xff)) & 0xffff_ffffL;
            }
            long blockOffset = firstOffset + size;
            if (hasBlockOffset) {
                blockOffset = relative ? blockOffset + blockArgument : blockArgument;
                blockOffset &= 0xffff_ffffL;
            }
            if (blockSize == 0 || blockSize > BUFSIZE || blockOffset + blockSize > BUFSIZE) {
                // will never match
                return false;
            }
            if (blockOffset + blockSize > payload.length()) {
                out.setMayChange();
                return false;
            }
            out.setString(payload, (int) blockOffset, (int) (blockOffset + blockSize));
            out.castTo(SampleType.BINARY);
            return true;
        };
    }

    /** {@code req.ssl_hello_type}: the handshake type of a complete SSLv3/TLS handshake record. */
    static boolean helloType(TrafficView traffic, Sample out) {
        return helloType(traffic.requestPayload(), out);
    }

    /** {@code res.ssl_hello_type}: the same on the server's bytes. */
    static boolean responseHelloType(TrafficView traffic, Sample out) {
        return helloType(traffic.responsePayload(), out);
    }

    private static boolean helloType(@Nullable CharSequence data, Sample out) {
        if (data == null) {
            return false;
        }
        int left = data.length();
        if (left == 0) {
            out.setMayChange();
            return false;
        }
        int first = u8(data, 0);
        if (!(first >= 0x14 && first <= 0x17 || first == 0xff)) {
            return false;
        }
        if (left < 9) {
            out.setMayChange();
            return false;
        }
        if ((u8(data, 1) << 16) + u8(data, 2) < 0x0003_0000 || (u8(data, 3) << 8) + u8(data, 4) < 4) {
            return false;
        }
        int type = u8(data, 5);
        int handshakeLength = (u8(data, 6) << 16) + (u8(data, 7) << 8) + u8(data, 8);
        if (left < 9 + handshakeLength) {
            out.setMayChange();
            return false;
        }
        out.setInteger(type);
        return true;
    }

    /**
     * {@code req.ssl_ver}: the client hello's version as {@code major << 16 | minor}, in the
     * SSLv3/TLS record format (the hello's own version, not the record's) or an SSLv2 hello, once
     * the whole message (as much as a buffer holds) is there.
     */
    static boolean version(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            return false;
        }
        try {
            return version(data, out);
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    private static boolean version(CharSequence data, Sample out) {
        int left = data.length();
        if (left == 0) {
            out.setMayChange();
            return false;
        }
        int at;
        int version;
        int messageLength;
        int first = u8(data, 0);
        if (first >= 0x14 && first <= 0x17 || first == 0xff) {
            if (left < 11) {
                out.setMayChange();
                return false;
            }
            version = (u8(data, 1) << 16) + u8(data, 2);
            messageLength = (u8(data, 3) << 8) + u8(data, 4);
            if (version < 0x0003_0000 || messageLength < 6 || messageLength > (1 << 14) + 2048) {
                return false;
            }
            left -= 5;
            at = 5;
            version = (u8(data, at + 4) << 16) + u8(data, at + 5);
        } else {
            // SSLv2 header, a hello only
            int recordLength;
            int padding;
            if ((first & 0x80) != 0) {
                if (left < 3) {
                    out.setMayChange();
                    return false;
                }
                recordLength = ((first & 0x7f) << 8) | u8(data, 1);
                padding = 0;
                left -= 2;
                at = 2;
            } else {
                if (left < 4) {
                    out.setMayChange();
                    return false;
                }
                recordLength = ((first & 0x3f) << 8) | u8(data, 1);
                padding = u8(data, 2);
                left -= 3;
                at = 3;
            }
            if (u8(data, at) != 0x01) {
                return false;
            }
            left--;
            at++;
            if (left < 8) {
                out.setMayChange();
                return false;
            }
            version = (u8(data, at) << 16) + u8(data, at + 1);
            int ciphers = (u8(data, at + 2) << 8) + u8(data, at + 3);
            int sessionId = (u8(data, at + 4) << 8) + u8(data, at + 5);
            int challenge = (u8(data, at + 6) << 8) + u8(data, at + 7);
            left -= 8;
            if (ciphers % 3 != 0 || sessionId != 0 && sessionId != 16 || challenge < 16 || challenge > 32
                    || recordLength != 9 + ciphers + sessionId + challenge) {
                return false;
            }
            messageLength = ciphers + sessionId + challenge + padding;
        }
        // no more than the buffer can receive from where the message starts
        messageLength = Math.min(messageLength, RECEIVE_LIMIT);
        if (left < messageLength) {
            out.setMayChange();
            return false;
        }
        out.setInteger(version);
        return true;
    }

    /** {@code req.rdp_cookie([name])}: the RDP connection request's cookie value ({@code mstshash} and the like). */
    static SampleFetch rdpCookie(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String name = FetchArguments.optionalString(arguments, 0);
        return (traffic, out) -> {
            CharSequence data = traffic.requestPayload();
            if (data == null) {
                return false;
            }
            long found = RdpCookie.find(data, name);
            if (found == RdpCookie.TOO_SHORT) {
                out.setMayChange();
                return false;
            }
            if (found < 0) {
                return false;
            }
            out.setString(data, RdpCookie.start(found), RdpCookie.end(found));
            return true;
        };
    }

    /** {@code req.rdp_cookie_cnt([name])}: 1 when there is such a cookie, else 0, once it can tell. */
    static SampleFetch rdpCookieCount(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleFetch cookie = rdpCookie(keyword, arguments);
        return (traffic, out) -> {
            if (traffic.requestPayload() == null) {
                return false;
            }
            boolean found = cookie.fetch(traffic, out);
            if (out.mayChange()) {
                return false;
            }
            out.setInteger(found ? 1 : 0);
            return true;
        };
    }

    /** {@code req.ssl_sni}: the host name of the client hello's server_name extension. */
    static boolean serverName(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            return false;
        }
        try {
            long found = helloExtension(data, 0, out);
            if (found < 0) {
                return false;
            }
            int extension = (int) found;
            int extensionsLeft = (int) (found >>> 32);
            int extensionLength = (u8(data, extension + 2) << 8) + u8(data, extension + 3);
            if (extensionLength < 2) {
                return false;
            }
            int listLength = (u8(data, extension + 4) << 8) + u8(data, extension + 5);
            // HAProxy compares the list with what is left of the extensions, this one included
            if (listLength < 4 || listLength > extensionsLeft - 6) {
                return false;
            }
            if (u8(data, extension + 6) != 0) {
                // not a host_name: HAProxy looks no further
                return false;
            }
            int nameLength = (u8(data, extension + 7) << 8) + u8(data, extension + 8);
            int start = extension + 9;
            out.setString(data, start, Math.min(data.length(), start + nameLength));
            return true;
        } catch (IndexOutOfBoundsException e) {
            // lengths that point past what was received: not a hello HAProxy would read
            return false;
        }
    }

    /**
     * {@code req.ssl_alpn}: the protocol names of the client hello's ALPN extension, one value
     * each, in the client's order.
     */
    static boolean alpn(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            return false;
        }
        try {
            long found = helloExtension(data, 16, out);
            if (found < 0) {
                return false;
            }
            int extension = (int) found;
            int extensionLength = (u8(data, extension + 2) << 8) + u8(data, extension + 3);
            if (extensionLength < 3) {
                return false;
            }
            // the cursor, relative to the extension, past protocol_names_len
            int nameOffset = out.context() < 6 ? 6 : (int) out.context();
            int nameLength = u8(data, extension + nameOffset);
            if (nameLength + nameOffset - 3 > extensionLength) {
                return false;
            }
            int start = extension + nameOffset + 1;
            out.setString(data, start, Math.min(data.length(), start + nameLength));
            // more protocol names may follow
            boolean more = nameLength + nameOffset - 3 < extensionLength && out.iterate();
            out.setContext(more ? nameOffset + nameLength + 1 : 0);
            out.setMore(more);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /** {@code req.ssl_ec_ext}: true when the client hello carries the supported groups (elliptic curves) extension. */
    static boolean ellipticCurves(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            return false;
        }
        try {
            if (helloExtension(data, 10, out) < 0) {
                return false;
            }
            out.setBoolean(true);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * {@code req.ssl_st_ext}: 0 when the client hello has no SessionTicket extension, 1 when it
     * has an empty one, 2 when it carries a ticket.
     */
    static boolean sessionTicket(TrafficView traffic, Sample out) {
        CharSequence data = traffic.requestPayload();
        if (data == null) {
            return false;
        }
        try {
            long found = helloExtension(data, 35, out);
            if (found == NOT_FOUND) {
                out.setInteger(0);
                return true;
            }
            if (found < 0) {
                return false;
            }
            int extension = (int) found;
            out.setInteger((u8(data, extension + 2) << 8) + u8(data, extension + 3) > 0 ? 2 : 1);
            return true;
        } catch (IndexOutOfBoundsException e) {
            return false;
        }
    }

    /**
     * HAProxy's walk through a TLS client hello ({@code smp_fetch_ssl_hello_sni()}): the offset of
     * the extension of {@code type} in the low 32 bits and what was left of the extension list
     * there (HAProxy's {@code hs_len}) in the high ones; or {@link #ABSENT} (not a hello),
     * {@link #NOT_FOUND} (a hello without it), or {@link #TOO_SHORT} (then {@code out} says the
     * value may change).
     */
    private static long helloExtension(CharSequence data, int type, Sample out) {
        int left = data.length();
        if (left == 0) {
            return tooShort(out);
        }
        if (u8(data, 0) != 0x16) {
            return ABSENT;
        }
        if (left < 3) {
            return tooShort(out);
        }
        if (u8(data, 1) < 0x03) {
            return ABSENT;
        }
        if (left < 5) {
            return tooShort(out);
        }
        int length = (u8(data, 3) << 8) + u8(data, 4);
        if (length < 1 + 3 + 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + 2) {
            return ABSENT;
        }
        int at = 5;
        left -= 5;
        if (left < 1) {
            return tooShort(out);
        }
        if (u8(data, at) != 0x01) {
            return ABSENT;
        }
        if (left < 4) {
            return tooShort(out);
        }
        length = (u8(data, at + 1) << 16) + (u8(data, at + 2) << 8) + u8(data, at + 3);
        if (length < 2 + 32 + 1 + 2 + 2 + 1 + 1 + 2 + 2) {
            return ABSENT;
        }
        // HAProxy wants the whole handshake, counting its 4-byte header in what is left
        if (left < length) {
            return tooShort(out);
        }
        at += 4;
        if (u8(data, at) < 0x03 || u8(data, at + 1) < 0x01) {
            return ABSENT;
        }
        int field = u8(data, at + 34);
        if (field > 32 || field > length - 35) {
            return ABSENT;
        }
        length -= 35 + field;
        at += 35 + field;
        if (length < 4) {
            return ABSENT;
        }
        field = (u8(data, at) << 8) + u8(data, at + 1);
        if (field < 2 || field > length) {
            return ABSENT;
        }
        length -= 2 + field;
        at += 2 + field;
        int methods = u8(data, at);
        if (length < 2 || methods < 1 || methods > length) {
            return ABSENT;
        }
        length -= 1 + methods;
        at += 1 + methods;
        if (length < 2) {
            return ABSENT;
        }
        field = (u8(data, at) << 8) + u8(data, at + 1);
        if (field > length - 2) {
            return ABSENT;
        }
        length = field;
        at += 2;
        while (length >= 4) {
            int extensionType = (u8(data, at) << 8) + u8(data, at + 1);
            int extensionLength = (u8(data, at + 2) << 8) + u8(data, at + 3);
            if (extensionLength > length - 4) {
                return ABSENT;
            }
            if (extensionType == type) {
                return (long) length << 32 | at;
            }
            length -= 4 + extensionLength;
            at += 4 + extensionLength;
        }
        return NOT_FOUND;
    }

    private static int tooShort(Sample out) {
        out.setMayChange();
        return TOO_SHORT;
    }

    private static int u8(CharSequence data, int index) {
        return data.charAt(index) & 0xff;
    }

    private static long unsigned(long value) {
        return value & 0xffff_ffffL;
    }

    /** HAProxy's {@code make_arg_list()} when mandatory integer arguments are missing. */
    private static void mandatory(String keyword, List<String> arguments, int count) throws InvalidArgumentException {
        if (arguments.size() < count) {
            throw new InvalidArgumentException("fetch method '" + keyword + "' : missing arguments (got "
                    + arguments.size() + "/" + count + "), type 'integer' expected");
        }
    }

    private static InvalidArgumentException invalid(String keyword, String reason) {
        return new InvalidArgumentException("invalid args in fetch method '" + keyword + "' : " + reason);
    }
}
