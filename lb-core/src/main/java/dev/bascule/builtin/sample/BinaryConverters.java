package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleType;

import java.util.Arrays;
import java.util.List;

/**
 * HAProxy's converters between binary and text ({@code sample.c}, {@code base64.c}): {@code hex},
 * {@code hex2i}, {@code base64}, {@code b64dec}, {@code ub64enc}, {@code ub64dec}, {@code bytes}.
 * A binary sample's bytes are the characters 0-255 of its text.
 */
final class BinaryConverters {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final String BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final String BASE64_URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private BinaryConverters() {
    }

    /** {@code hex}: each byte as two upper-case hex digits. */
    static final SampleConverter HEX_STRING = (traffic, sample) -> {
        StringBuilder out = sample.scratch();
        for (int i = sample.start(); i < sample.end(); i++) {
            int b = sample.text().charAt(i) & 0xff;
            out.append(HEX[b >> 4]).append(HEX[b & 15]);
        }
        sample.setString(out);
        return true;
    };

    /** {@code hex2i}: a string of hex digits to an integer; any other character fails the conversion. */
    static final SampleConverter HEX_TO_INTEGER = (traffic, sample) -> {
        long value = 0;
        for (int i = sample.start(); i < sample.end(); i++) {
            int digit = Character.digit(sample.text().charAt(i), 16);
            if (digit < 0) {
                return false;
            }
            value = (value << 4) | digit;
        }
        sample.setInteger(value);
        return true;
    };

    static SampleConverter encoder(String alphabet, boolean padding) {
        return (traffic, sample) -> {
            StringBuilder out = sample.scratch();
            CharSequence text = sample.text();
            int i = sample.start();
            int end = sample.end();
            for (; i + 2 < end; i += 3) {
                int n = (text.charAt(i) & 0xff) << 16 | (text.charAt(i + 1) & 0xff) << 8 | (text.charAt(i + 2) & 0xff);
                out.append(alphabet.charAt(n >> 18)).append(alphabet.charAt((n >> 12) & 63))
                        .append(alphabet.charAt((n >> 6) & 63)).append(alphabet.charAt(n & 63));
            }
            int left = end - i;
            if (left > 0) {
                int n = (text.charAt(i) & 0xff) << 16 | (left == 2 ? (text.charAt(i + 1) & 0xff) << 8 : 0);
                out.append(alphabet.charAt(n >> 18)).append(alphabet.charAt((n >> 12) & 63));
                if (left == 2) {
                    out.append(alphabet.charAt((n >> 6) & 63));
                } else if (padding) {
                    out.append('=');
                }
                if (padding) {
                    out.append('=');
                }
            }
            sample.setString(out);
            sample.castTo(SampleType.STRING);
            return true;
        };
    }

    /**
     * HAProxy's reverse tables ({@code base64rev}, {@code ubase64rev} in {@code base64.c}): each
     * character's 6-bit value, -1 when invalid, {@link #PAD} for the standard alphabet's '='.
     * Like HAProxy's, the URL table reads '=' as 63, the value of '_'.
     */
    private static final int PAD = 64;
    private static final int[] BASE64_VALUES = values(BASE64, PAD);
    private static final int[] BASE64_URL_VALUES = values(BASE64_URL, 63);

    private static int[] values(String alphabet, int equals) {
        int[] values = new int[256];
        Arrays.fill(values, -1);
        for (int i = 0; i < alphabet.length(); i++) {
            values[alphabet.charAt(i)] = i;
        }
        values['='] = equals;
        return values;
    }

    private static void quantum(StringBuilder out, int t0, int t1, int t2, int t3, int count) {
        if (count > 0) {
            out.append((char) (((t0 << 2) + (t1 >> 4)) & 0xff));
        }
        if (count > 1) {
            out.append((char) (((t1 << 4) + (t2 >> 2)) & 0xff));
        }
        if (count > 2) {
            out.append((char) (((t2 << 6) + t3) & 0xff));
        }
    }

    /**
     * {@code b64dec}: HAProxy's {@code base64dec()}: a length that is a multiple of 4, padding
     * only at the end of a quantum and after at least two characters of it ("Y===" decodes to
     * nothing, "====" fails).
     */
    static final SampleConverter BASE64_DECODE = (traffic, sample) -> {
        CharSequence text = sample.text();
        int start = sample.start();
        int end = sample.end();
        if ((end - start) % 4 != 0) {
            return false;
        }
        StringBuilder out = sample.scratch();
        int t0 = 0;
        int t1 = 0;
        int t2 = 0;
        int filled = 0;
        int pad = 0;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            int b = c < 256 ? BASE64_VALUES[c] : -1;
            if (b < 0 || pad > 0 && b != PAD || pad > 0 && filled < 2) {
                return false;
            }
            if (b == PAD) {
                pad++;
            }
            switch (filled++) {
                case 0 -> t0 = b;
                case 1 -> t1 = b;
                case 2 -> t2 = b;
                default -> {
                    quantum(out, t0, t1, t2, b, 3 - pad);
                    filled = 0;
                    pad = 0;
                }
            }
        }
        sample.setString(out);
        sample.castTo(SampleType.BINARY);
        return true;
    };

    /**
     * {@code ub64dec}: HAProxy's {@code base64urldec()}: no padding needed (a length of 4n+1
     * fails), any '=' read as the value 63.
     */
    static final SampleConverter BASE64_URL_DECODE = (traffic, sample) -> {
        CharSequence text = sample.text();
        int start = sample.start();
        int end = sample.end();
        int missing = switch ((end - start) % 4) {
            case 0 -> 0;
            case 2 -> 2;
            case 3 -> 1;
            default -> -1;
        };
        if (missing < 0) {
            return false;
        }
        StringBuilder out = sample.scratch();
        int t0 = 0;
        int t1 = 0;
        int t2 = 0;
        int filled = 0;
        for (int i = start; i < end + missing; i++) {
            int b;
            if (i < end) {
                char c = text.charAt(i);
                b = c < 256 ? BASE64_URL_VALUES[c] : -1;
                if (b < 0) {
                    return false;
                }
            } else {
                b = PAD;
            }
            switch (filled++) {
                case 0 -> t0 = b;
                case 1 -> t1 = b;
                case 2 -> t2 = b;
                default -> {
                    quantum(out, t0, t1, t2, b, i < end ? 3 : 3 - missing);
                    filled = 0;
                }
            }
        }
        sample.setString(out);
        sample.castTo(SampleType.BINARY);
        return true;
    };

    static final SampleConverter BASE64_ENCODE = encoder(BASE64, true);
    static final SampleConverter BASE64_URL_ENCODE = encoder(BASE64_URL, false);

    /**
     * {@code bytes(offset[,length])}: a part of the binary input; empty when the offset is past
     * its end or negative (HAProxy compares unsigned); a negative length takes the rest.
     */
    static SampleConverter bytes(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.isEmpty()) {
            throw new InvalidArgumentException("expected type 'integer' at position 1, but got nothing");
        }
        SampleArguments.atMost(keyword, arguments, 2);
        long offset = SampleArguments.integer(arguments.get(0), 1);
        long length = SampleArguments.optionalInteger(arguments, 1, -1);
        return (traffic, sample) -> {
            int size = sample.end() - sample.start();
            if (offset < 0 || offset >= size) {
                sample.setString(sample.text(), sample.start(), sample.start());
            } else {
                int start = sample.start() + (int) offset;
                int end = length < 0 || length >= size - offset ? sample.end() : start + (int) length;
                sample.setString(sample.text(), start, end);
            }
            sample.castTo(SampleType.BINARY);
            return true;
        };
    }

    /** {@code htonl}: the integer's low 32 bits as 4 big-endian bytes. */
    static final SampleConverter HTONL = (traffic, sample) -> {
        long value = sample.integer();
        StringBuilder out = sample.scratch();
        out.append((char) ((value >>> 24) & 0xff)).append((char) ((value >>> 16) & 0xff))
                .append((char) ((value >>> 8) & 0xff)).append((char) (value & 0xff));
        sample.setString(out);
        sample.castTo(SampleType.BINARY);
        return true;
    };

    /**
     * {@code be2dec(separator,chunk_size[,truncate])}: each chunk of big-endian bytes as an
     * unsigned decimal number, separated; with {@code truncate}, a short last chunk is dropped.
     */
    static SampleConverter be2dec(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 3);
        String separator = arguments.isEmpty() ? "" : arguments.get(0);
        long chunkSize = SampleArguments.optionalInteger(arguments, 1, 0);
        long truncate = SampleArguments.optionalInteger(arguments, 2, 0);
        if (chunkSize <= 0 || chunkSize > 8) {
            throw new InvalidArgumentException("chunk_size out of [1..8] range (" + chunkSize + ")");
        }
        if (truncate != 0 && truncate != 1) {
            throw new InvalidArgumentException("Unsupported truncate value (" + truncate + ")");
        }
        int chunk = (int) chunkSize;
        return (traffic, sample) -> {
            CharSequence text = sample.text();
            int start = sample.start();
            int size = sample.end() - start;
            int last = truncate != 0 ? size - chunk + 1 : size;
            StringBuilder out = sample.scratch();
            int position = 0;
            while (position < last) {
                if (position > 0) {
                    out.append(separator);
                }
                long number = 0;
                for (int i = 0; i < chunk && position < size; i++) {
                    number = number << 8 | (text.charAt(start + position++) & 0xff);
                }
                appendUnsigned(out, number);
            }
            sample.setString(out);
            return true;
        };
    }

    private static void appendUnsigned(StringBuilder out, long number) {
        if (number >= 0) {
            out.append(number);
        } else {
            long quotient = (number >>> 1) / 5;
            out.append(quotient).append((char) ('0' + (number - quotient * 10)));
        }
    }

    /**
     * {@code be2hex([separator[,chunk_size[,truncate]]])}: the bytes as upper-case hex, a
     * separator between chunks; with {@code truncate}, a short last chunk is dropped.
     */
    static SampleConverter be2hex(String keyword, List<String> arguments) throws InvalidArgumentException {
        SampleArguments.atMost(keyword, arguments, 3);
        String separator = arguments.isEmpty() ? "" : arguments.get(0);
        long chunkSize = SampleArguments.optionalInteger(arguments, 1, 0);
        long truncate = SampleArguments.optionalInteger(arguments, 2, 0);
        if (chunkSize <= 0 && (!separator.isEmpty() || truncate != 0)) {
            throw new InvalidArgumentException("chunk_size needs to be positive (" + chunkSize + ")");
        }
        if (truncate != 0 && truncate != 1) {
            throw new InvalidArgumentException("Unsupported truncate value (" + truncate + ")");
        }
        return (traffic, sample) -> {
            CharSequence text = sample.text();
            int start = sample.start();
            int size = sample.end() - start;
            long last = truncate != 0 ? size - chunkSize + 1 : size;
            long chunk = separator.isEmpty() && truncate == 0 ? size : chunkSize;
            StringBuilder out = sample.scratch();
            int position = 0;
            while (position < last) {
                if (position > 0) {
                    out.append(separator);
                }
                for (long i = 0; i < chunk && position < size; i++) {
                    int b = text.charAt(start + position++) & 0xff;
                    out.append(HEX[b >> 4]).append(HEX[b & 15]);
                }
            }
            sample.setString(out);
            return true;
        };
    }
}
