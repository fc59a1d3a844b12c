package dev.bascule.core.format;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.LogFormat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * The field writers of HAProxy's log-format engine ({@code lf_text_len()}, {@code lf_ip()},
 * {@code lf_port()}, {@code lf_encode_chunk()}), shared by every dialect's variables.
 */
public final class FormatText {
    /** The local host's name up to its first dot ({@code %H}). */
    public static final String HOST_NAME = hostName();
    /** The process id ({@code %pid}). */
    public static final long PID = ProcessHandle.current().pid();
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private FormatText() {
    }

    /** A double quote with option Q. */
    public static void quote(int flags, StringBuilder out) {
        if ((flags & LogFormat.QUOTE) != 0) {
            out.append('"');
        }
    }

    /** HAProxy's {@code lf_text_len()}: quoted with Q, escaped with E, {@code -} for nothing with M (not with Q). */
    public static void text(@Nullable CharSequence value, int flags, StringBuilder out) {
        text(value, 0, value == null ? 0 : value.length(), flags, out);
    }

    /** As {@link #text(CharSequence, int, StringBuilder)} for {@code value[start, end)}. */
    public static void text(@Nullable CharSequence value, int start, int end, int flags, StringBuilder out) {
        boolean quoted = (flags & LogFormat.QUOTE) != 0;
        if (quoted) {
            out.append('"');
        }
        if (value != null && end > start) {
            if ((flags & LogFormat.ESCAPE) != 0) {
                for (int i = start; i < end; i++) {
                    char c = value.charAt(i);
                    if (c == '"' || c == '\\' || c == ']') {
                        out.append('\\');
                    }
                    out.append(c);
                }
            } else {
                out.append(value, start, end);
            }
        } else if (!quoted && (flags & LogFormat.MANDATORY) != 0) {
            out.append('-');
        }
        if (quoted) {
            out.append('"');
        }
    }

    /**
     * HAProxy's {@code lf_encode_chunk()} with {@code http_encode_map}: {@code %XX} for the bytes a
     * header value cannot hold (0x00-0x08, 0x0A-0x1F, 0x7F); with E, {@code " \\ ]} get a backslash.
     */
    public static void httpText(CharSequence value, int start, int end, int flags, StringBuilder out) {
        boolean escape = (flags & LogFormat.ESCAPE) != 0;
        int plain = start;
        while (plain < end && !special(value.charAt(plain), escape)) {
            plain++;
        }
        // the usual case, nothing to encode: one copy
        out.append(value, start, plain);
        for (int i = plain; i < end; i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                out.append('%').append(HEX_DIGITS[(c >> 4) & 15]).append(HEX_DIGITS[c & 15]);
            } else {
                if (escape && (c == '"' || c == '\\' || c == ']')) {
                    out.append('\\');
                }
                out.append(c);
            }
        }
    }

    private static boolean special(char c, boolean escape) {
        return (c < 0x20 && c != '\t') || c == 0x7F || (escape && (c == '"' || c == '\\' || c == ']'));
    }

    /**
     * HAProxy's {@code lf_ip()}: the address as text ({@code known}, its text made once, when not
     * null), or its bytes in hexadecimal with X; nothing known is text.
     */
    public static void address(@Nullable InetSocketAddress address, @Nullable String known, int flags,
                               StringBuilder out) {
        if (address == null || address.getAddress() == null) {
            text(null, flags, out);
        } else if ((flags & LogFormat.HEX) != 0) {
            for (byte b : address.getAddress().getAddress()) {
                hex(b & 0xFF, 2, out);
            }
        } else {
            text(known != null ? known : address.getAddress().getHostAddress(), flags, out);
        }
    }

    /** HAProxy's {@code lf_port()}: a number, or four hexadecimal digits with X; nothing known is text. */
    public static void port(@Nullable InetSocketAddress address, int flags, StringBuilder out) {
        if (address == null) {
            text(null, flags, out);
        } else if ((flags & LogFormat.HEX) != 0) {
            hex(address.getPort(), 4, out);
        } else {
            out.append(address.getPort());
        }
    }

    /** A number, or with X at least {@code digits} upper-case hexadecimal digits of its low 32 bits ({@code %04X}). */
    public static void number(long value, int flags, int digits, StringBuilder out) {
        if ((flags & LogFormat.HEX) != 0) {
            hex(value & 0xFFFFFFFFL, digits, out);
        } else {
            out.append(value);
        }
    }

    /** {@code value} in upper-case hexadecimal, at least {@code digits} digits. */
    public static void hex(long value, int digits, StringBuilder out) {
        int length = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 3) / 4);
        for (int i = length; i < digits; i++) {
            out.append('0');
        }
        for (int shift = (length - 1) * 4; shift >= 0; shift -= 4) {
            out.append(HEX_DIGITS[(int) (value >>> shift) & 15]);
        }
    }

    /** {@code value} (0-999) on three digits. */
    public static void pad3(int value, StringBuilder out) {
        out.append((char) ('0' + value / 100)).append((char) ('0' + value / 10 % 10)).append((char) ('0' + value % 10));
    }

    private static String hostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            int dot = name.indexOf('.');
            return dot > 0 ? name.substring(0, dot) : name;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
