package dev.bascule.transport.netty.http;

import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.rules.CompiledFormat;
import dev.bascule.core.rules.HeaderNameMatcher;
import dev.bascule.core.rules.HttpRule;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The header edits of the HTTP path, shared by the handler and its benchmark. */
public final class HeaderRewrites {
    private HeaderRewrites() {
    }

    /**
     * Applies an {@code add-header}, {@code set-header} or {@code del-header} rule to
     * {@code headers}; {@code scratch} is an empty list the call may use and leaves empty. A value
     * with log-format expressions is rendered against {@code traffic} (with {@code sample} as the
     * fetches' holder) before the header changes.
     */
    public static void apply(HttpRule rule, HttpHeaders headers, List<CharSequence> scratch, TrafficView traffic,
                             Sample sample) {
        switch (rule.kind()) {
            case ADD_HEADER:
                headers.add(rule.headerName(), value(rule, traffic, sample));
                break;
            case SET_HEADER:
                headers.set(rule.headerName(), value(rule, traffic, sample));
                break;
            case DEL_HEADER:
                // Netty's header iterator is read-only: collect the names, then remove every line of each
                HeaderNameMatcher matcher = rule.headerMatcher();
                Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers.iteratorCharSequence();
                while (entries.hasNext()) {
                    CharSequence name = entries.next().getKey();
                    if (matcher.matches(name)) {
                        scratch.add(name);
                    }
                }
                for (int i = 0; i < scratch.size(); i++) {
                    headers.remove(scratch.get(i));
                }
                scratch.clear();
                break;
            case SET_VAR:
            case UNSET_VAR:
                rule.applyVariable(traffic, sample);
                break;
            case REPLACE_HEADER:
                replace(rule, headers, traffic, sample);
                break;
            default:
                throw new IllegalStateException("not a header action: " + rule);
        }
    }

    /**
     * {@code replace-header} / {@code replace-value} (HAProxy's {@code http_replace_hdrs()}): each
     * line (or each comma-separated value, for replace-value, re-joined with ", ") the regex finds a
     * match in becomes the rendered format, with the groups put in.
     */
    private static void replace(HttpRule rule, HttpHeaders headers, TrafficView traffic, Sample sample) {
        java.util.List<String> values = headers.getAll(rule.headerName());
        if (values.isEmpty()) {
            return;
        }
        boolean eachValue = rule.status() == 1;
        String replacement = rule.valueFormat().render(traffic, sample);
        java.util.List<String> replaced = new java.util.ArrayList<>(values.size());
        boolean changed = false;
        for (String value : values) {
            String result;
            if (eachValue) {
                // each value in place: the commas stay, and the blanks of the values left alone
                StringBuilder joined = new StringBuilder(value.length());
                int start = 0;
                while (start <= value.length()) {
                    int comma = value.indexOf(',', start);
                    int end = comma < 0 ? value.length() : comma;
                    int from = start;
                    int to = end;
                    while (from < to && Character.isWhitespace(value.charAt(from))) {
                        from++;
                    }
                    while (to > from && Character.isWhitespace(value.charAt(to - 1))) {
                        to--;
                    }
                    String item = value.substring(from, to);
                    java.util.regex.Matcher matcher = rule.rewriteRegex().matcher(item);
                    if (matcher.find()) {
                        // HAProxy replaces the value with the blanks around it
                        joined.append(RequestLineRewrites.expand(replacement, matcher));
                    } else {
                        joined.append(value, start, end);
                    }
                    if (comma < 0) {
                        break;
                    }
                    joined.append(',');
                    start = comma + 1;
                }
                result = joined.toString();
            } else {
                java.util.regex.Matcher matcher = rule.rewriteRegex().matcher(value);
                result = matcher.find() ? RequestLineRewrites.expand(replacement, matcher) : value;
            }
            changed |= !result.equals(value);
            replaced.add(result);
        }
        if (changed) {
            // the lines keep their place among the others
            java.util.List<java.util.Map.Entry<String, String>> all = headers.entries();
            headers.clear();
            int occurrence = 0;
            for (java.util.Map.Entry<String, String> entry : all) {
                if (io.netty.util.AsciiString.contentEqualsIgnoreCase(entry.getKey(), rule.headerName())) {
                    headers.add(entry.getKey(), replaced.get(occurrence++));
                } else {
                    headers.add(entry.getKey(), entry.getValue());
                }
            }
        }
    }

    private static String value(HttpRule rule, TrafficView traffic, Sample sample) {
        CompiledFormat format = rule.valueFormat();
        return format == null ? rule.headerValue() : format.render(traffic, sample);
    }

    /** Hop-by-hop headers do not cross the proxy; the server connection is kept alive. */
    public static void prepareForServer(HttpRequest request) {
        HttpHeaders headers = request.headers();
        headers.remove(HttpHeaderNames.KEEP_ALIVE);
        headers.remove(HttpHeaderNames.PROXY_CONNECTION);
        if (request.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            // (a chunked HTTP/1.0 request closes its connection: HAProxy says nothing then)
            headers.remove(HttpHeaderNames.CONNECTION);
        } else {
            headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
    }
}
