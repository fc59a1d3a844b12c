package dev.bascule.transport.netty.http;

import dev.bascule.api.config.RequestLineRewrite;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.rules.HttpRule;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;

import java.util.regex.Matcher;

/**
 * HAProxy's request line actions ({@code http_req_replace_stline()}): {@code set-path},
 * {@code set-pathq}, {@code set-query}, {@code set-uri}, {@code set-method} and the
 * {@code replace-*} forms, which change the part only when their regex finds a match, the
 * rendered format's {@code \1}..{@code \9} standing for its groups. An absolute-form target keeps
 * its scheme and authority when its path changes.
 */
final class RequestLineRewrites {
    private RequestLineRewrites() {
    }

    static void apply(HttpRule rule, HttpRequest request, TrafficView traffic, Sample sample) {
        RequestLineRewrite.Part part = rule.rewritePart();
        String uri = request.uri();
        int pathStart = pathStart(uri);
        int query = uri.indexOf('?', pathStart);
        int pathEnd = query < 0 ? uri.length() : query;
        String current = switch (part) {
            case PATH -> uri.substring(pathStart, pathEnd);
            case PATHQ -> uri.substring(pathStart);
            case QUERY -> query < 0 ? "" : uri.substring(query + 1);
            case URI -> uri;
            case METHOD -> request.method().name();
        };
        String value = rule.valueFormat().render(traffic, sample);
        if (rule.rewriteRegex() != null) {
            Matcher matcher = rule.rewriteRegex().matcher(current);
            if (!matcher.find()) {
                return;
            }
            value = expand(value, matcher);
        }
        switch (part) {
            case PATH -> request.setUri(uri.substring(0, pathStart) + value + uri.substring(pathEnd));
            case PATHQ -> request.setUri(uri.substring(0, pathStart) + value);
            case QUERY -> request.setUri(uri.substring(0, pathEnd) + (value.isEmpty() ? "" : "?" + value));
            case URI -> request.setUri(value);
            case METHOD -> request.setMethod(HttpMethod.valueOf(value));
            default -> throw new IllegalStateException("part " + part);
        }
    }

    /** Where the path starts: 0 for an origin-form target, after the authority for an absolute one. */
    static int pathStart(String uri) {
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.charAt(0) == '*') {
            return 0;
        }
        int scheme = uri.indexOf("://");
        if (scheme < 0) {
            return 0;
        }
        for (int i = scheme + 3; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '/' || c == '?') {
                return i;
            }
        }
        return uri.length();
    }

    /** {@code \N} becomes the N-th group (nothing when it did not take part), {@code \\} a backslash. */
    static String expand(String replacement, Matcher matcher) {
        return dev.bascule.core.rules.RegexReplace.expand(replacement, matcher);
    }
}
