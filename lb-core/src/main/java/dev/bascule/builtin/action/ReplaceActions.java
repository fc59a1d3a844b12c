package dev.bascule.builtin.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.api.sample.SampleFormat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The regex rewrites: {@code replace-header} and {@code replace-value} (HAProxy's
 * {@code http_replace_hdrs()}: each line, or each comma-separated value re-joined as it was, the
 * regex finds a match in becomes the rendered format with the groups put in), and
 * {@code replace-path}, {@code replace-pathq} and {@code replace-uri}, which change the part only
 * when the regex finds a match. The format is rendered per message, then read as a replacement
 * template ({@link RegexReplacement#expand}).
 */
final class ReplaceActions {
    private ReplaceActions() {
    }

    private static Pattern regex(String regex) throws InvalidArgumentException {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new InvalidArgumentException("invalid regex '" + regex + "' : " + e.getDescription() + ".");
        }
    }

    private static String expand(String template, CharSequence input, Matcher matcher) {
        StringBuilder out = new StringBuilder(template.length() + 16);
        RegexReplacement.expand(out, template, input, matcher);
        return out.toString();
    }

    /** {@code replace-header} ({@code eachValue} false) or {@code replace-value}: {@code NAME REGEX FMT}. */
    static final class Header extends BuiltinAction {
        private final boolean eachValue;

        Header(boolean eachValue) {
            super(eachValue ? "replace-value" : "replace-header", false, false, HeaderActions.HTTP);
            this.eachValue = eachValue;
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.size() < 3) {
                throw new InvalidArgumentException("expects exactly 3 arguments.");
            }
            Pattern pattern = regex(arguments.get(1));
            SampleFormat format = setup.format(arguments.get(2));
            UnexpectedWordException.checkUsed(arguments, 3);
            String name = arguments.get(0).toLowerCase(Locale.ROOT);
            boolean values = eachValue;
            return context -> {
                replace(context.head(), name, pattern, format.render(context.traffic(), context.sample()), values);
                return ActionResult.CONTINUE;
            };
        }

        private static void replace(HttpHead head, String name, Pattern pattern, String template, boolean eachValue) {
            List<String> lines = head.headerValues(name);
            if (lines.isEmpty()) {
                return;
            }
            List<String> replaced = new ArrayList<>(lines.size());
            boolean changed = false;
            for (String value : lines) {
                String result = eachValue ? eachValue(value, pattern, template) : whole(value, pattern, template);
                changed |= !result.equals(value);
                replaced.add(result);
            }
            if (changed) {
                head.replaceHeaderValues(name, replaced);
            }
        }

        private static String whole(String value, Pattern pattern, String template) {
            Matcher matcher = pattern.matcher(value);
            return matcher.find() ? expand(template, value, matcher) : value;
        }

        /** Each value in place: the commas stay, and the blanks of the values left alone. */
        private static String eachValue(String value, Pattern pattern, String template) {
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
                Matcher matcher = pattern.matcher(item);
                if (matcher.find()) {
                    // HAProxy replaces the value with the blanks around it
                    RegexReplacement.expand(joined, template, item, matcher);
                } else {
                    joined.append(value, start, end);
                }
                if (comma < 0) {
                    break;
                }
                joined.append(',');
                start = comma + 1;
            }
            return joined.toString();
        }
    }

    /** {@code replace-path|replace-pathq|replace-uri REGEX FMT}. */
    static final class RequestLine extends BuiltinAction {
        private final MessageActions.Part part;

        RequestLine(MessageActions.Part part) {
            super("replace-" + part.name().toLowerCase(Locale.ROOT), false, false, EnumSet.of(RuleSet.HTTP_REQUEST));
            this.part = part;
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.size() < 2) {
                throw new InvalidArgumentException("expects exactly 2 arguments <match-regex> and <replace-format>.");
            }
            Pattern pattern = regex(arguments.get(0));
            SampleFormat format = setup.format(arguments.get(1));
            UnexpectedWordException.checkUsed(arguments, 2);
            MessageActions.Part target = part;
            return context -> {
                String template = format.render(context.traffic(), context.sample());
                String current = MessageActions.read(context.head(), target);
                Matcher matcher = pattern.matcher(current);
                if (matcher.find()) {
                    MessageActions.write(context.head(), target, expand(template, current, matcher));
                }
                return ActionResult.CONTINUE;
            };
        }
    }
}
