package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.SampleFormat;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * {@code http-response set-status} and the request line's {@code set-path}, {@code set-pathq},
 * {@code set-query}, {@code set-uri} and {@code set-method} (HAProxy's {@code parse_http_set_status()}
 * and {@code parse_set_req_line()}). An absolute-form target keeps its scheme and authority when
 * its path changes.
 */
final class MessageActions {
    private MessageActions() {
    }

    /** {@code set-status <code> [reason <text>]}. */
    static final class SetStatus extends BuiltinAction {
        SetStatus() {
            super("set-status", false, false, EnumSet.of(RuleSet.HTTP_RESPONSE, RuleSet.HTTP_AFTER_RESPONSE));
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            long status = arguments.isEmpty() ? -1 : CText.atol(arguments.get(0));
            if (status < 100 || status > 999) {
                throw new InvalidArgumentException("expects an HTTP status code between 100 and 999.");
            }
            String reason = null;
            if (arguments.size() > 1) {
                if (!arguments.get(1).equals("reason")) {
                    throw new UnexpectedWordException(arguments.get(1));
                }
                if (arguments.size() < 3) {
                    throw new InvalidArgumentException("expects a string after 'reason'.");
                }
                reason = arguments.get(2);
                UnexpectedWordException.checkUsed(arguments, 3);
            }
            int code = (int) status;
            String text = reason;
            return context -> {
                context.head().setStatus(code, text);
                return ActionResult.CONTINUE;
            };
        }
    }

    /** The part of the request line a {@code set-*} action writes. */
    enum Part {
        PATH, PATHQ, QUERY, URI, METHOD
    }

    /** {@code set-path|set-pathq|set-query|set-uri|set-method <fmt>}. */
    static final class SetRequestLine extends BuiltinAction {
        private final Part part;

        SetRequestLine(Part part) {
            super("set-" + part.name().toLowerCase(Locale.ROOT), false, false, EnumSet.of(RuleSet.HTTP_REQUEST));
            this.part = part;
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.isEmpty()) {
                throw new InvalidArgumentException("expects exactly 1 argument <format>.");
            }
            UnexpectedWordException.checkUsed(arguments, 1);
            SampleFormat format = setup.format(arguments.get(0));
            return context -> {
                write(context.head(), part, format.render(context.traffic(), context.sample()));
                return ActionResult.CONTINUE;
            };
        }
    }

    /** The current text of {@code part} of the request. */
    static String read(HttpHead request, Part part) {
        if (part == Part.METHOD) {
            return request.method().toString();
        }
        String uri = request.uri().toString();
        int pathStart = pathStart(uri);
        int query = uri.indexOf('?', pathStart);
        int pathEnd = query < 0 ? uri.length() : query;
        return switch (part) {
            case PATH -> uri.substring(pathStart, pathEnd);
            case PATHQ -> uri.substring(pathStart);
            case QUERY -> query < 0 ? "" : uri.substring(query + 1);
            default -> uri;
        };
    }

    /** Writes {@code value} as {@code part} of the request. */
    static void write(HttpHead request, Part part, String value) {
        if (part == Part.METHOD) {
            request.setMethod(value);
            return;
        }
        String uri = request.uri().toString();
        int pathStart = pathStart(uri);
        int query = uri.indexOf('?', pathStart);
        int pathEnd = query < 0 ? uri.length() : query;
        switch (part) {
            case PATH -> request.setUri(uri.substring(0, pathStart) + value + uri.substring(pathEnd));
            case PATHQ -> request.setUri(uri.substring(0, pathStart) + value);
            case QUERY -> request.setUri(uri.substring(0, pathEnd) + (value.isEmpty() ? "" : "?" + value));
            default -> request.setUri(value);
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

}
