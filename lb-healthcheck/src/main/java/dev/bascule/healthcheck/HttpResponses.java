package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An HTTP check's response as HAProxy's HTTP/1 mux hands it to {@code tcpcheck_eval_expect_http()}: the
 * status line and headers once they are all in, and the body without its chunked framing.
 *
 * @param code     the status code
 * @param reason   the reason phrase
 * @param headers  names (as received) and values, in order
 * @param body     the body received so far, de-chunked, up to its announced length
 * @param complete whether the whole message is in ({@code HTX_FL_EOM})
 */
record HttpResponses(int code, String reason, List<String[]> headers, byte[] body, boolean complete) {
    /** What {@link #parse} found: a response, or nothing yet, or a response HAProxy cannot parse. */
    record Parsed(@Nullable HttpResponses response, boolean invalid) {
        static final Parsed WAITING = new Parsed(null, false);
        static final Parsed INVALID = new Parsed(null, true);
    }

    /**
     * @param data      what arrived so far
     * @param last      whether nothing more will come
     * @param bodyless  whether the request was a HEAD (its response has no body)
     */
    static Parsed parse(byte[] data, boolean last, boolean bodyless) {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int separator = 4;
        int bare = text.indexOf("\n\n");
        if (bare >= 0 && (end < 0 || bare < end)) {
            end = bare;
            separator = 2;
        }
        if (end < 0) {
            return last ? Parsed.INVALID : Parsed.WAITING;
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || status[1].length() != 3
                || !status[1].chars().allMatch(Character::isDigit)) {
            return Parsed.INVALID;
        }
        int code = Integer.parseInt(status[1]);
        List<String[]> headers = new ArrayList<>();
        long length = -1;
        boolean chunked = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                return Parsed.INVALID;
            }
            String name = lines[i].substring(0, colon).trim();
            String value = lines[i].substring(colon + 1).trim();
            headers.add(new String[] {name, value});
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-length")) {
                try {
                    length = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    return Parsed.INVALID;
                }
            } else if (lower.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        int start = end + separator;
        if (bodyless || code == 204 || code == 304 || code < 200) {
            return response(code, status, headers, new byte[0], true);
        }
        if (chunked) {
            return dechunk(data, start, code, status, headers, last);
        }
        int available = data.length - start;
        if (length >= 0) {
            int size = (int) Math.min(available, length);
            byte[] body = new byte[size];
            System.arraycopy(data, start, body, 0, size);
            return response(code, status, headers, body, available >= length);
        }
        byte[] body = new byte[available];
        System.arraycopy(data, start, body, 0, available);
        return response(code, status, headers, body, last);
    }

    private static Parsed response(int code, String[] status, List<String[]> headers, byte[] body,
                                   boolean complete) {
        return new Parsed(new HttpResponses(code, status.length > 2 ? status[2] : "", List.copyOf(headers), body,
                complete), false);
    }

    private static Parsed dechunk(byte[] data, int start, int code, String[] status, List<String[]> headers,
                                  boolean last) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = start;
        while (true) {
            int eol = indexOfCrlf(data, at);
            if (eol < 0) {
                break;
            }
            String sizeText = new String(data, at, eol - at, StandardCharsets.ISO_8859_1);
            int semicolon = sizeText.indexOf(';');
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                return Parsed.INVALID;
            }
            if (size == 0) {
                return response(code, status, headers, body.toByteArray(), true);
            }
            int chunk = eol + 2;
            int available = (int) Math.min(size, data.length - chunk);
            body.write(data, chunk, available);
            if (available < size || chunk + size + 2 > data.length) {
                break;
            }
            at = (int) (chunk + size + 2);
        }
        return response(code, status, headers, body.toByteArray(), last);
    }

    private static int indexOfCrlf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /**
     * The header values as HAProxy's {@code http_find_header()} sees them: split on commas unless
     * {@code full} ({@code fhdr}), each trimmed.
     */
    List<String[]> values(boolean full) {
        List<String[]> values = new ArrayList<>();
        for (String[] header : headers) {
            if (full) {
                values.add(header);
                continue;
            }
            for (String item : splitValues(header[1])) {
                values.add(new String[] {header[0], item});
            }
        }
        return values;
    }

    /** Splits on the commas outside double quotes, as {@code http_find_header()} does. */
    private static List<String> splitValues(String value) {
        List<String> items = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                items.add(value.substring(start, i).trim());
                start = i + 1;
            }
        }
        items.add(value.substring(start).trim());
        return items;
    }
}
