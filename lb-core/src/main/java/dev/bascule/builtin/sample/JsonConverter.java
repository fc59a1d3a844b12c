package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;

import java.util.List;

/**
 * HAProxy's {@code json([input-code])} converter ({@code sample.c}): escapes a string to be put
 * between double quotes in JSON. The input is read byte by byte ({@code ascii}, the default) or
 * decoded by HAProxy's own UTF-8 reader ({@code utf8_next()} in {@code tools.c}), whose verdicts
 * the modes act on: {@code utf8} and {@code utf8p} fail the conversion on a bad sequence, the
 * {@code s} modes skip it; the {@code p} modes let overlong encodings through.
 */
final class JsonConverter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private static final int OK = 0x00;
    private static final int OVERLONG = 0x10;
    private static final int INVALID_RANGE = 0x20;
    private static final int BAD_SEQUENCE = 0x40;

    private enum Mode { ASCII, UTF8, UTF8S, UTF8P, UTF8PS }

    private JsonConverter() {
    }

    static SampleConverter create(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 1);
        String code = arguments.isEmpty() ? "" : arguments.get(0);
        Mode mode = switch (code) {
            case "", "ascii" -> Mode.ASCII;
            case "utf8" -> Mode.UTF8;
            case "utf8s" -> Mode.UTF8S;
            case "utf8p" -> Mode.UTF8P;
            case "utf8ps" -> Mode.UTF8PS;
            default -> throw new InvalidArgumentException("Unexpected input code type. Allowed value are 'ascii',"
                    + " 'utf8', 'utf8s', 'utf8p' and 'utf8ps'");
        };
        return (traffic, sample) -> {
            CharSequence text = sample.text();
            int end = sample.end();
            StringBuilder out = sample.scratch();
            int i = sample.start();
            while (i < end) {
                int c;
                if (mode == Mode.ASCII) {
                    c = text.charAt(i++) & 0xff;
                } else {
                    long next = utf8Next(text, i, end);
                    c = (int) next;
                    int status = (int) (next >>> 32) & 0xf0;
                    i += (int) (next >>> 32) & 0x0f;
                    if (status != OK) {
                        boolean strict = mode == Mode.UTF8 || mode == Mode.UTF8S;
                        if (strict || (status & (INVALID_RANGE | BAD_SEQUENCE)) != 0) {
                            if (mode == Mode.UTF8 || mode == Mode.UTF8P) {
                                return false;
                            }
                            continue;
                        }
                    }
                    if ((c & 0xffffffffL) > 0xffff) {
                        if (mode == Mode.UTF8 || mode == Mode.UTF8P) {
                            return false;
                        }
                        continue;
                    }
                }
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    case '/' -> out.append("\\/");
                    case '\b' -> out.append("\\b");
                    case '\f' -> out.append("\\f");
                    case '\r' -> out.append("\\r");
                    case '\n' -> out.append("\\n");
                    case '\t' -> out.append("\\t");
                    default -> {
                        if (c < 0x20 || c > 0x7e) {
                            // not printable in the C locale
                            out.append('\\').append('u').append(HEX[(c >> 12) & 15]).append(HEX[(c >> 8) & 15])
                                    .append(HEX[(c >> 4) & 15]).append(HEX[c & 15]);
                        } else {
                            out.append((char) c);
                        }
                    }
                }
            }
            sample.setString(out);
            return true;
        };
    }

    /**
     * HAProxy's {@code utf8_next()} on the bytes {@code text[at, end)}: the decoded value in the
     * low 32 bits, the status and the number of bytes read in bits 32-39.
     */
    static long utf8Next(CharSequence text, int at, int end) {
        int length = end - at;
        int lead = text.charAt(at) & 0xff;
        int value;
        int continuation;
        if (lead <= 0x7f) {
            return pack(OK | 1, lead);
        } else if (lead <= 0xbf) {
            return pack(BAD_SEQUENCE | 1, lead);
        } else if (lead <= 0xdf) {
            value = lead & 0x1f;
            continuation = 1;
        } else if (lead <= 0xef) {
            value = lead & 0x0f;
            continuation = 2;
        } else if (lead <= 0xf7) {
            value = lead & 0x07;
            continuation = 3;
        } else if (lead <= 0xfb) {
            value = lead & 0x03;
            continuation = 4;
        } else if (lead <= 0xfd) {
            value = lead & 0x01;
            continuation = 5;
        } else {
            return pack(BAD_SEQUENCE | 1, lead);
        }
        if (length < continuation + 1) {
            return pack(BAD_SEQUENCE | 1, lead);
        }
        int p = at + 1;
        for (int n = 0; n < continuation; n++, p++) {
            int b = text.charAt(p) & 0xff;
            if ((b & 0xc0) != 0x80) {
                return pack(BAD_SEQUENCE | ((p - at) & 0x0f), value);
            }
            value = value << 6 | (b & 0x3f);
        }
        int read = p - at;
        long unsigned = value & 0xffffffffL;
        int status = OK;
        if (unsigned <= 0x7f && read > 1 || unsigned >= 0x80 && unsigned <= 0x7ff && read > 2
                || unsigned >= 0x800 && unsigned <= 0xffff && read > 3
                || unsigned >= 0x10000 && unsigned <= 0x1fffff && read > 4) {
            status |= OVERLONG;
        }
        if (unsigned >= 0xd800 && unsigned <= 0xdfff || unsigned >= 0xfffe && unsigned <= 0xffff) {
            status |= INVALID_RANGE;
        }
        return pack(status | (read & 0x0f), value);
    }

    private static long pack(int statusAndLength, int value) {
        return (long) (statusAndLength & 0xff) << 32 | (value & 0xffffffffL);
    }
}
