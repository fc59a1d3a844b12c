package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The bytes of an {@code http-check send} request as HAProxy 2.6 puts them on the wire:
 * {@code tcpcheck_eval_send()} builds the message (a {@code Connection: close} header unless the rule
 * sets one, a {@code Content-length}), then the HTTP/1 mux writes it: header names in lower case, empty
 * values dropped, {@code close}/{@code keep-alive} tokens taken out of the {@code connection} headers
 * and the connection mode written last ({@code connection: close} for HTTP/1.1, {@code connection:
 * keep-alive} for HTTP/1.0 when the rule keeps the connection), {@code content-length: 0} left out for a
 * bodyless GET, HEAD, OPTIONS or DELETE, and {@code HTTP/1.1} as the version of anything that is at least
 * 1.1 ({@code HTTP/2.0} included).
 */
final class HttpRequests {
    /** Methods whose bodyless requests carry no {@code content-length: 0} (HAProxy's HTTP/1 mux). */
    private static final Set<String> BODYLESS = Set.of("GET", "HEAD", "OPTIONS", "DELETE");

    private HttpRequests() {
    }

    /**
     * @param method  the method, {@code OPTIONS} by default
     * @param uri     the URI, {@code /} by default
     * @param version the version, {@code HTTP/1.0} by default
     * @param headers names and values, in order
     * @param state   the {@code X-Haproxy-Server-State} value ({@code http-check send-state}), null when none
     * @param body    the body, empty for none
     */
    static byte[] build(String method, String uri, String version, List<String[]> headers, @Nullable String state,
                        String body) {
        boolean http11 = http11(version);
        String target = uri;
        StringBuilder head = new StringBuilder();
        boolean connectionHeader = false;
        boolean close = false;
        List<String> lines = new ArrayList<>();
        for (String[] header : headers) {
            String name = header[0].toLowerCase(Locale.ROOT);
            String value = header[1];
            if (value.isEmpty()) {
                continue;
            }
            if (name.equals("host") && target.contains("://")) {
                // http_update_authority(): an absolute URI takes the Host header's value as authority
                int start = target.indexOf("://") + 3;
                int end = target.indexOf('/', start);
                target = target.substring(0, start) + value + (end < 0 ? "" : target.substring(end));
            }
            if (name.equals("connection")) {
                connectionHeader = true;
                List<String> kept = new ArrayList<>();
                for (String token : value.split(",")) {
                    String trimmed = token.trim();
                    if (trimmed.equalsIgnoreCase("close")) {
                        close = true;
                    } else if (!trimmed.equalsIgnoreCase("keep-alive") && !trimmed.isEmpty()) {
                        kept.add(trimmed);
                    }
                }
                if (kept.isEmpty()) {
                    continue;
                }
                value = String.join(", ", kept);
            }
            if (name.equals("te")) {
                // the mux keeps "te" only as "trailers"
                int at = value.indexOf("trailers");
                if (at < 0 || value.length() > at + 8 && value.charAt(at + 8) != ',') {
                    continue;
                }
                value = "trailers";
            }
            lines.add(name + ": " + value);
        }
        if (!connectionHeader) {
            close = true;
        }
        if (state != null) {
            lines.add("x-haproxy-server-state: " + state);
        }
        byte[] content = body.getBytes(StandardCharsets.ISO_8859_1);
        if (content.length > 0) {
            lines.add("content-length: " + content.length);
        } else if (!BODYLESS.contains(method)) {
            lines.add("content-length: 0");
        }
        if (close && http11) {
            lines.add("connection: close");
        } else if (!close && !http11) {
            lines.add("connection: keep-alive");
        }
        head.append(method).append(' ').append(target).append(' ').append(http11 ? "HTTP/1.1" : version)
                .append("\r\n");
        for (String line : lines) {
            head.append(line).append("\r\n");
        }
        head.append("\r\n").append(body);
        return head.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code tcpcheck_eval_send()}'s {@code HTX_SL_F_VER_11}: {@code HTTP/2}, or 8 characters from 1.1 up. */
    static boolean http11(String version) {
        return version.length() == 6 && version.charAt(5) == '2'
                || version.length() == 8 && (version.charAt(5) > '1'
                || version.charAt(5) == '1' && version.charAt(7) >= '1');
    }
}
