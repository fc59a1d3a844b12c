package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.SampleFormat;

import java.util.EnumSet;
import java.util.List;

/**
 * {@code redirect location|prefix|scheme <target> [code N] [drop-query] [append-slash]
 * [set-cookie|clear-cookie <cookie>] [ignore-empty]} in {@code http-request} and (a location only)
 * {@code http-response}, and the proxy's {@code redirect} lines, which the loader hands to this
 * factory as {@code http-request} rules with their target's {@code %} escaped (HAProxy reads a
 * {@code redirect} line's target as it is, an action's as a log-format string). The grammar is
 * HAProxy's {@code http_parse_redirect_rule()}; the location is built as its
 * {@code http_apply_redirect_rule()} builds it, and the host sends the redirect
 * ({@link ActionContext#redirect}).
 */
final class RedirectAction extends BuiltinAction {
    RedirectAction() {
        super("redirect", false, true, EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE));
    }
    private enum Type { LOCATION, PREFIX, SCHEME }

    @Override
    public Action create(String written, List<String> arguments, ActionSetup setup) throws InvalidArgumentException {
        if (setup.ruleSet() == RuleSet.HTTP_RESPONSE && (arguments.isEmpty() || !arguments.get(0).equals("location"))) {
            // HAProxy: a response is only redirected to a location, the server's answer dropped
            throw new InvalidArgumentException("response only supports redirect type 'location'.");
        }
        Type type = null;
        String target = null;
        int code = 302;
        boolean dropQuery = false;
        boolean appendSlash = false;
        boolean ignoreEmpty = false;
        String cookie = null;
        boolean cookieSet = false;
        int cursor = 0;
        while (cursor < arguments.size() && !arguments.get(cursor).isEmpty()) {
            String argument = arguments.get(cursor);
            switch (argument) {
                case "location", "prefix", "scheme", "set-cookie", "clear-cookie", "code" -> {
                    if (cursor + 1 >= arguments.size() || arguments.get(cursor + 1).isEmpty()) {
                        throw new InvalidArgumentException("missing argument for '" + argument + "'.");
                    }
                    String value = arguments.get(cursor + 1);
                    switch (argument) {
                        case "location" -> {
                            type = Type.LOCATION;
                            target = value;
                        }
                        case "prefix" -> {
                            type = Type.PREFIX;
                            target = value;
                        }
                        case "scheme" -> {
                            type = Type.SCHEME;
                            target = value;
                        }
                        case "set-cookie" -> {
                            cookie = value;
                            cookieSet = true;
                        }
                        case "clear-cookie" -> {
                            cookie = value;
                            cookieSet = false;
                        }
                        default -> {
                            code = (int) CText.atol(value);
                            if (code < 301 || code > 308 || (code > 303 && code < 307)) {
                                throw new InvalidArgumentException("'code': unsupported HTTP code '" + value
                                        + "' (must be one of 301, 302, 303, 307 or 308).");
                            }
                        }
                    }
                    cursor += 2;
                }
                case "drop-query" -> {
                    dropQuery = true;
                    cursor++;
                }
                case "append-slash" -> {
                    appendSlash = true;
                    cursor++;
                }
                case "ignore-empty" -> {
                    ignoreEmpty = true;
                    cursor++;
                }
                default -> throw new InvalidArgumentException("expects 'code', 'prefix', 'location', 'scheme',"
                        + " 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or 'append-slash' (was '"
                        + argument + "').");
            }
        }
        if (type == null) {
            throw new InvalidArgumentException("redirection type expected ('prefix', 'location', or 'scheme').");
        }
        // a target with a '%' is a log-format string, rendered per message
        SampleFormat format = target.indexOf('%') >= 0 ? setup.format(target) : null;
        // as HAProxy: set-cookie appends "; path=/;", clear-cookie "; path=/; Max-Age=0;"
        String setCookie = cookie == null ? null : cookie + (cookieSet ? "; path=/;" : "; path=/; Max-Age=0;");
        return new Redirect(type, target, format, code, dropQuery, appendSlash, ignoreEmpty, setCookie);
    }

    /** One redirect rule: its location made per message as HAProxy's {@code http_apply_redirect_rule()} makes it. */
    private record Redirect(Type type, String target, @Nullable SampleFormat format, int code, boolean dropQuery,
                            boolean appendSlash, boolean ignoreEmpty, @Nullable String cookie) implements Action {
        @Override
        public ActionResult apply(ActionContext context) {
            String rendered = format == null ? target : format.render(context.traffic(), context.sample());
            StringBuilder location = new StringBuilder();
            HttpHead head = context.head();
            switch (type) {
                case SCHEME -> {
                    CharSequence host = head.header("host");
                    location.append(rendered).append("://").append(host == null ? "" : host);
                    appendPath(location, head.uri(), dropQuery);
                }
                case PREFIX -> {
                    // a prefix written "/" adds nothing: the self-redirection HAProxy allows
                    if (format != null || !rendered.equals("/")) {
                        location.append(rendered);
                    }
                    appendPath(location, head.uri(), dropQuery);
                }
                default -> {
                    if (rendered.isEmpty() && ignoreEmpty) {
                        // ignore-empty: the rules go on
                        return ActionResult.CONTINUE;
                    }
                    location.append(rendered);
                }
            }
            if (type != Type.LOCATION && appendSlash && location.length() > 0
                    && location.charAt(location.length() - 1) != '/') {
                location.append('/');
            }
            context.redirect(code, location, cookie);
            return ActionResult.DONE;
        }

        /** The path of the request target as HAProxy's {@code http_parse_path()} finds it, "/" when it has none. */
        private static void appendPath(StringBuilder location, CharSequence uri, boolean dropQuery) {
            String target = uri.toString();
            int start = 0;
            if (!target.startsWith("/")) {
                int scheme = target.indexOf("://");
                start = scheme < 0 ? -1 : target.indexOf('/', scheme + 3);
            }
            if (start < 0) {
                location.append('/');
                return;
            }
            int end = target.length();
            if (dropQuery) {
                int query = target.indexOf('?', start);
                if (query >= 0) {
                    end = query;
                }
            }
            location.append(target, start, end);
        }
    }
}
