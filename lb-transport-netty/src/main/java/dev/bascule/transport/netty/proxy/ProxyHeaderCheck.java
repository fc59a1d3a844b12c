package dev.bascule.transport.netty.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * Judges the first bytes a client sent as HAProxy's {@code conn_recv_proxy()} does: bytes that
 * are no header fail at once, with HAProxy's message (a short read is "truncated"); unlike
 * HAProxy, which peeks once and fails on the start of a header too, the start of a header waits
 * for its end (closed before it: "truncated"). A v1 line names {@code TCP4}, {@code TCP6} or
 * {@code UNKNOWN}; a v2 header's TLVs are checked as HAProxy checks them. What passes goes on to Netty's decoder, which parses the header
 * in full; {@link ProxyHeaderGate} removes this handler once the header is accepted. Should the
 * decoder refuse it and close, the close is a reset, as HAProxy's on bytes it only peeked at.
 */
final class ProxyHeaderCheck extends ChannelDuplexHandler {
    /** HAProxy's {@code conn_err_code_str()} texts. */
    static final String EMPTY = "Connection closed while waiting for PROXY protocol header";
    static final String ABORT = "Connection error while waiting for PROXY protocol header";
    static final String TIMEOUT = "Timeout while waiting for PROXY protocol header";
    static final String TRUNCATED = "Truncated PROXY protocol header received";
    static final String NOT_HEADER = "Received something which does not look like a PROXY protocol header";
    static final String BAD_HEADER = "Received an invalid PROXY protocol header";
    static final String BAD_PROTOCOL = "Received an unhandled protocol in the PROXY protocol header";

    private static final byte[] V1 = "PROXY ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] V2 = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};
    /** The v2 signature, version and command, family and length. */
    private static final int V2_HEADER = 16;
    /** The longest v1 line, CRLF included. */
    private static final int V1_MAX = 107;

    /** A header that failed the check: its message is HAProxy's. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** The first read held a whole header, now with the decoder. */
    private boolean passed;
    /** The start of a header that came in pieces, waiting for the rest. */
    private ByteBuf pending;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (passed || !(msg instanceof ByteBuf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ByteBuf bytes = (ByteBuf) msg;
        if (pending != null) {
            pending.writeBytes(bytes);
            bytes.release();
            bytes = pending;
            pending = null;
        }
        String failure = judge(bytes);
        if (failure == TRUNCATED && startsLikeAHeader(bytes)) {
            // HAProxy peeks once and gives up; a header written in pieces waits for its end
            // here (a close or timeout client ends the wait), so that it does not depend on timing
            pending = ctx.alloc().buffer(Math.max(bytes.readableBytes() * 2, 64));
            pending.writeBytes(bytes);
            bytes.release();
            ctx.read();
            return;
        }
        if (failure != null) {
            bytes.release();
            ctx.fireExceptionCaught(new Failure(failure));
            return;
        }
        passed = true;
        ctx.fireChannelRead(bytes);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
            ctx.fireExceptionCaught(new Failure(TRUNCATED));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /** Whether {@code bytes} may be the start of a v1 or v2 header. */
    static boolean startsLikeAHeader(ByteBuf bytes) {
        int start = bytes.readerIndex();
        int length = bytes.readableBytes();
        if (isPrefixOf(bytes, start, length, V1)) {
            if (length <= V1.length) {
                return true;
            }
            int available = length - V1.length;
            for (String token : new String[] {"TCP4 ", "TCP6 ", "UNKNOWN\r\n"}) {
                boolean same = true;
                for (int i = 0; i < Math.min(available, token.length()) && same; i++) {
                    same = bytes.getByte(start + V1.length + i) == token.charAt(i);
                }
                if (same) {
                    return length < V1_MAX;
                }
            }
            return false;
        }
        return isPrefixOf(bytes, start, length, V2) && (length <= 12 || (bytes.getByte(start + 12) & 0xF0) == 0x20);
    }

    private static boolean isPrefixOf(ByteBuf bytes, int start, int length, byte[] signature) {
        for (int i = 0; i < Math.min(length, signature.length); i++) {
            if (bytes.getByte(start + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        if (passed && ctx.channel().isActive()) {
            // the decoder refused the header
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ctx.close(promise);
    }

    /** Null when {@code first} holds a whole header that may be valid, else HAProxy's error. */
    static String judge(ByteBuf first) {
        int start = first.readerIndex();
        int length = first.readableBytes();
        if (length < V1.length) {
            return TRUNCATED;
        }
        if (matches(first, start, V1)) {
            if (length < 9) {
                return TRUNCATED;
            }
            String protocol = protocol(first, start, length);
            if (protocol != null) {
                return protocol;
            }
            int limit = Math.min(length, V1_MAX);
            for (int i = start + V1.length; i < start + limit - 1; i++) {
                if (first.getByte(i) == '\r' && first.getByte(i + 1) == '\n') {
                    return null;
                }
            }
            return length < V1_MAX ? TRUNCATED : BAD_HEADER;
        }
        if (length < V2_HEADER) {
            return TRUNCATED;
        }
        if (!matches(first, start, V2) || (first.getByte(start + 12) & 0xF0) != 0x20) {
            return NOT_HEADER;
        }
        int command = first.getByte(start + 12) & 0x0F;
        int total = V2_HEADER + first.getUnsignedShort(start + 14);
        if (length < total) {
            return TRUNCATED;
        }
        if (command == 0) {
            // LOCAL: the rest is not looked at
            return null;
        }
        return command > 1 ? BAD_HEADER : v2Proxy(first, start, total);
    }

    /**
     * A v2 PROXY command: TCP over IPv4 or IPv6 with room for its addresses, then TLVs that end
     * where the header does, a {@code CRC32C} one that matches, an {@code AUTHORITY} of at most
     * 255 bytes, a {@code UNIQUE_ID} of at most 128. HAProxy 2.6 reads the TLVs of any other family
     * from the header's first byte, which never makes a valid list: a bad header too.
     */
    private static String v2Proxy(ByteBuf buf, int start, int total) {
        int family = buf.getUnsignedByte(start + 13);
        int offset;
        if (family == 0x11) {
            offset = V2_HEADER + 12;
        } else if (family == 0x21) {
            offset = V2_HEADER + 36;
        } else {
            return BAD_HEADER;
        }
        if (offset > total) {
            return BAD_HEADER;
        }
        while (offset < total) {
            if (offset + 3 > total) {
                return BAD_HEADER;
            }
            int type = buf.getUnsignedByte(start + offset);
            int length = buf.getUnsignedShort(start + offset + 1);
            int value = offset + 3;
            offset = value + length;
            if (offset > total) {
                return BAD_HEADER;
            }
            if (type == 0x03 && (length != 4 || !crc32cMatches(buf, start, total, value))) {
                return BAD_HEADER;
            }
            if ((type == 0x02 && length > 255) || (type == 0x05 && length > 128)) {
                return BAD_HEADER;
            }
        }
        return null;
    }

    /** The header's CRC32C, computed with its own field as zeros. */
    private static boolean crc32cMatches(ByteBuf buf, int start, int total, int field) {
        long expected = buf.getUnsignedInt(start + field);
        CRC32C crc = new CRC32C();
        for (int i = 0; i < total; i++) {
            crc.update(i >= field && i < field + 4 ? 0 : buf.getByte(start + i));
        }
        return crc.getValue() == expected;
    }

    private static String protocol(ByteBuf buf, int start, int length) {
        int at = start + V1.length;
        int available = length - V1.length;
        return startsWith(buf, at, available, "TCP4 ") || startsWith(buf, at, available, "TCP6 ")
                || startsWith(buf, at, available, "UNKNOWN\r\n") ? null : BAD_PROTOCOL;
    }

    private static boolean startsWith(ByteBuf buf, int at, int available, String token) {
        if (available < token.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (buf.getByte(at + i) != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(ByteBuf buf, int at, byte[] signature) {
        for (int i = 0; i < signature.length; i++) {
            if (buf.getByte(at + i) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
