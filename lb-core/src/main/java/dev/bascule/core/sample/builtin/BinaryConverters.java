package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleType;

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

    static SampleConverter decoder(String alphabet, boolean padded) {
        return (traffic, sample) -> {
            StringBuilder out = sample.scratch();
            CharSequence text = sample.text();
            int end = sample.end();
            int length = end - sample.start();
            if (padded && length % 4 != 0) {
                return false;
            }
            int bits = 0;
            int count = 0;
            for (int i = sample.start(); i < end; i++) {
                char c = text.charAt(i);
                if (c == '=') {
                    if (!padded) {
                        return false;
                    }
                    // only at the end
                    for (int j = i; j < end; j++) {
                        if (text.charAt(j) != '=') {
                            return false;
                        }
                    }
                    break;
                }
                int value = alphabet.indexOf(c);
                if (value < 0) {
                    return false;
                }
                bits = bits << 6 | value;
                count += 6;
                if (count >= 8) {
                    count -= 8;
                    out.append((char) ((bits >> count) & 0xff));
                }
            }
            sample.setString(out);
            sample.castTo(SampleType.BINARY);
            return true;
        };
    }

    static final SampleConverter BASE64_ENCODE = encoder(BASE64, true);
    static final SampleConverter BASE64_DECODE = decoder(BASE64, true);
    static final SampleConverter BASE64_URL_ENCODE = encoder(BASE64_URL, false);
    static final SampleConverter BASE64_URL_DECODE = decoder(BASE64_URL, false);

    /** {@code bytes(offset[,length])}: a part of the binary input; nothing when the offset is past its end. */
    static SampleConverter bytes(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("expects 1 or 2 arguments");
        }
        long offset;
        long length;
        try {
            offset = Long.parseLong(arguments.get(0).strip());
            length = arguments.size() == 2 ? Long.parseLong(arguments.get(1).strip()) : -1;
        } catch (NumberFormatException e) {
            throw new InvalidArgumentException("'" + keyword + "' expects integers");
        }
        if (offset < 0 || arguments.size() == 2 && length < 0) {
            throw new InvalidArgumentException("'" + keyword + "' expects non-negative integers");
        }
        return (traffic, sample) -> {
            int size = sample.end() - sample.start();
            if (offset >= size) {
                return false;
            }
            int start = sample.start() + (int) offset;
            int end = length < 0 ? sample.end() : (int) Math.min(sample.end(), start + length);
            sample.setString(sample.text(), start, end);
            sample.castTo(SampleType.BINARY);
            return true;
        };
    }
}
