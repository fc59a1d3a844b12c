package dev.bascule.core.cli;

import dev.bascule.api.loader.InvalidConditionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates HAProxy's configuration conditions, as {@code -cc}, {@code .if} and {@code .elif}
 * do ({@code cfgcond.c}): terms are numbers (non-zero is true), predicates {@code defined},
 * {@code feature}, {@code streq}, {@code strneq}, {@code version_atleast}, {@code version_before},
 * {@code ssllib_name_startswith}, {@code openssl_version_atleast}, {@code openssl_version_before}
 * (of the TLS library, {@link dev.bascule.core.Versions#SSL_LIBRARY}) and parenthesised expressions, negated by {@code !}, combined by {@code &&} (binding first) and
 * {@code ||}. The whole expression is parsed before anything is evaluated, and a parse error
 * names the text where parsing stopped and its position, with HAProxy's words.
 */
public final class ConditionEvaluator {
    /** HAProxy's {@code MAX_CFG_RECURSION}. */
    private static final int MAX_DEPTH = 1024;

    private sealed interface Node permits Value, Predicate, Group, Or, And, Negated {
    }

    private record Value(boolean value) implements Node {
    }

    private record Predicate(String name, List<String> args) implements Node {
    }

    private record Group(Node inner) implements Node {
    }

    private record Or(Node left, Node right) implements Node {
    }

    private record And(Node left, Node right) implements Node {
    }

    /** A term and how many {@code !} precede it. */
    private record Negated(Node node, boolean negated) implements Node {
    }

    private final String text;
    private final String version;
    private final Set<String> features;
    private final Map<String, String> environment;
    /** Where the last successful parse step stopped (HAProxy's {@code *text}). */
    private int position;

    private ConditionEvaluator(String text, String version, Set<String> features, Map<String, String> environment) {
        this.text = text;
        this.version = version;
        this.features = features;
        this.environment = environment;
    }

    /**
     * Evaluates {@code expression}; an empty one is false.
     *
     * @param version     the HAProxy version compared against by {@code version_*}
     * @param features    the build features {@code feature()} knows, e.g. {@code OPENSSL}
     * @throws InvalidConditionException with HAProxy's message when it does not parse
     */
    public static boolean evaluate(String expression, String version, Set<String> features,
                                   Map<String, String> environment) {
        if (expression.isEmpty()) {
            return false;
        }
        ConditionEvaluator condition = new ConditionEvaluator(expression, version, features, environment);
        int[] at = {0};
        Node node = condition.expression(at, MAX_DEPTH);
        if (node == null) {
            throw new InvalidConditionException("unparsable conditional expression '" + expression + "'", at[0]);
        }
        int end = condition.skipBlanks(at[0]);
        if (end < expression.length()) {
            throw new InvalidConditionException("unexpected character '" + expression.charAt(end)
                    + "' at the end of conditional expression '" + expression + "'", end);
        }
        return condition.eval(node);
    }

    // ------------------------------------------------------------------ parsing, as cfgcond.c

    /** {@code cfg_parse_cond_expr()}: null when nothing parses here (HAProxy's 0); errors are thrown. */
    private Node expression(int[] at, int depth) {
        int in = at[0];
        if (in >= text.length()) {
            return null;
        }
        if (depth <= 0) {
            throw new InvalidConditionException("unparsable conditional expression '" + text.substring(in) + "'", in);
        }
        int[] cursor = {in};
        Node left = and(cursor, depth - 1);
        if (left == null) {
            throw new InvalidConditionException("unparsable conditional expression '" + text.substring(cursor[0]) + "'",
                    cursor[0]);
        }
        in = skipBlanks(cursor[0]);
        at[0] = in;
        if (!text.startsWith("||", in)) {
            return left;
        }
        cursor[0] = skipBlanks(in + 2);
        Node right = expression(cursor, depth - 1);
        if (right == null) {
            // HAProxy's parser is "desynchronized": the caller reports the text from the '||'
            return null;
        }
        at[0] = cursor[0];
        return new Or(left, right);
    }

    /** {@code cfg_parse_cond_and()}. */
    private Node and(int[] at, int depth) {
        int in = at[0];
        if (in >= text.length()) {
            return null;
        }
        if (depth <= 0) {
            throw new InvalidConditionException("unparsable conditional sub-expression '" + text.substring(in) + "'", in);
        }
        int[] cursor = {in};
        Node left = term(cursor, depth - 1);
        if (left == null) {
            throw new InvalidConditionException("unparsable conditional sub-expression '" + text.substring(cursor[0]) + "'",
                    cursor[0]);
        }
        in = skipBlanks(cursor[0]);
        at[0] = in;
        if (!text.startsWith("&&", in)) {
            return left;
        }
        cursor[0] = skipBlanks(in + 2);
        Node right = and(cursor, depth - 1);
        if (right == null) {
            return null;
        }
        at[0] = cursor[0];
        return new And(left, right);
    }

    /** {@code cfg_parse_cond_term()}. */
    private Node term(int[] at, int depth) {
        int start = at[0];
        int in = skipBlanks(start);
        if (in >= text.length()) {
            return null;
        }
        if (depth <= 0) {
            throw new InvalidConditionException("unparsable conditional expression '" + text.substring(start) + "'", start);
        }
        boolean negated = false;
        while (in < text.length() && text.charAt(in) == '!') {
            negated = !negated;
            in = skipBlanks(in + 1);
        }
        int number = number(in);
        if (number > in) {
            at[0] = number;
            return negate(new Value(numberValue(in, number) != 0), negated);
        }
        if (in < text.length() && text.charAt(in) == '(') {
            int[] cursor = {skipBlanks(in + 1)};
            Node inner = expression(cursor, depth - 1);
            if (inner == null) {
                throw new InvalidConditionException("unparsable conditional expression '" + text.substring(start) + "'", start);
            }
            int close = skipBlanks(cursor[0]);
            if (close >= text.length() || text.charAt(close) != ')') {
                throw new InvalidConditionException("expected ')' after conditional expression '" + text.substring(start) + "'",
                        start);
            }
            at[0] = skipBlanks(close + 1);
            return negate(new Group(inner), negated);
        }
        int wordEnd = in;
        while (wordEnd < text.length() && text.charAt(wordEnd) != ' ' && text.charAt(wordEnd) != '(') {
            wordEnd++;
        }
        String word = text.substring(in, wordEnd);
        int arity = switch (word) {
            case "defined", "feature", "version_atleast", "version_before", "ssllib_name_startswith",
                 "openssl_version_atleast", "openssl_version_before" -> 1;
            case "streq", "strneq" -> 2;
            default -> -1;
        };
        if (arity < 0) {
            throw new InvalidConditionException("unparsable conditional expression '" + text.substring(start) + "'", start);
        }
        List<String> args = new ArrayList<>();
        int end = arguments(wordEnd, word, arity, args);
        at[0] = end;
        return negate(new Predicate(word, args), negated);
    }

    private static Node negate(Node node, boolean negated) {
        return negated ? new Negated(node, true) : node;
    }

    /**
     * {@code make_arg_list()} for string arguments: {@code (a,b)} with quotes and backslashes, an
     * empty {@code ()} being one empty argument, as no parenthesis at all. Returns where the
     * predicate ends.
     */
    private int arguments(int from, String predicate, int arity, List<String> args) {
        if (from >= text.length() || text.charAt(from) != '(') {
            // no parenthesis: HAProxy reads one empty argument
            args.add("");
            if (arity > 1) {
                throw new InvalidConditionException("missing arguments (got 1/" + arity + "), type 'string' expected"
                        + " in argument 1 of predicate '" + predicate + "' used in conditional expression", from);
            }
            return from;
        }
        String suffix = " in argument 1 of predicate '" + predicate + "' used in conditional expression";
        int in = from + 1;
        StringBuilder current = new StringBuilder();
        while (true) {
            if (in >= text.length()) {
                throw new InvalidConditionException("expected ')'" + suffix, text.length());
            }
            char c = text.charAt(in);
            if (c == ')') {
                args.add(current.toString());
                break;
            }
            if (c == ',') {
                args.add(current.toString());
                current.setLength(0);
                if (args.size() == arity) {
                    throw new InvalidConditionException("expected ')' before '" + text.substring(in) + "'" + suffix, in);
                }
                in++;
            } else if (c == '"' || c == '\'') {
                int close = text.indexOf(c, in + 1);
                if (close < 0) {
                    throw new InvalidConditionException("expected ')'" + suffix, text.length());
                }
                current.append(text, in + 1, close);
                in = close + 1;
            } else if (c == '\\' && in + 1 < text.length()) {
                current.append(text.charAt(in + 1));
                in += 2;
            } else {
                current.append(c);
                in++;
            }
        }
        if (args.size() < arity) {
            throw new InvalidConditionException("missing arguments (got " + args.size() + "/" + arity
                    + "), type 'string' expected" + suffix, in);
        }
        return in + 1;
    }

    /** Where C's {@code strtol(in, &end, 0)} would stop: a sign, then decimal, octal or 0x hexadecimal digits. */
    private int number(int in) {
        int i = in;
        if (i < text.length() && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
            i++;
        }
        int digits = i;
        if (text.startsWith("0x", i) || text.startsWith("0X", i)) {
            int hex = i + 2;
            while (hex < text.length() && Character.digit(text.charAt(hex), 16) >= 0) {
                hex++;
            }
            if (hex > i + 2) {
                return hex;
            }
            // "0x" alone: strtol reads the 0
            return i + 1;
        }
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i > digits ? i : in;
    }

    private long numberValue(int start, int end) {
        String digits = text.substring(start, end);
        boolean negative = digits.startsWith("-");
        if (digits.startsWith("+") || negative) {
            digits = digits.substring(1);
        }
        long value = 0;
        int radix = digits.startsWith("0x") || digits.startsWith("0X") ? 16 : digits.length() > 1 && digits.startsWith("0") ? 8 : 10;
        String body = radix == 16 ? digits.substring(2) : digits;
        for (int i = 0; i < body.length(); i++) {
            int digit = Character.digit(body.charAt(i), radix);
            if (digit < 0) {
                break;
            }
            value = value * radix + digit;
        }
        return negative ? -value : value;
    }

    private int skipBlanks(int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    // ------------------------------------------------------------------ evaluation

    private boolean eval(Node node) {
        if (node instanceof Value value) {
            return value.value();
        } else if (node instanceof Negated negated) {
            return !eval(negated.node());
        } else if (node instanceof Group group) {
            return eval(group.inner());
        } else if (node instanceof Or or) {
            return eval(or.left()) || eval(or.right());
        } else if (node instanceof And and) {
            return eval(and.left()) && eval(and.right());
        }
        Predicate predicate = (Predicate) node;
        List<String> args = predicate.args();
        return switch (predicate.name()) {
            case "defined" -> environment.containsKey(args.get(0));
            // HAProxy looks the name up in its "+A +B" feature string: an empty one is found in any
            case "feature" -> args.get(0).isEmpty() ? !features.isEmpty() : features.contains(args.get(0));
            case "streq" -> args.get(0).equals(args.get(1));
            case "strneq" -> !args.get(0).equals(args.get(1));
            // HAProxy's compare_current_version() answers -3 for a version it cannot read: at least, not before
            case "version_atleast" -> compareVersion(args.get(0)) <= 0;
            case "ssllib_name_startswith" -> dev.bascule.core.Versions.SSL_LIBRARY.startsWith(args.get(0));
            case "openssl_version_atleast" -> compareVersion(args.get(0), dev.bascule.core.Versions.SSL_LIBRARY_COMPAT) <= 0;
            case "openssl_version_before" -> compareVersion(args.get(0), dev.bascule.core.Versions.SSL_LIBRARY_COMPAT) > 0;
            default -> compareVersion(args.get(0)) > 0;
        };
    }

    private int compareVersion(String other) {
        return compareVersion(other, version);
    }

    private static int compareVersion(String other, String version) {
        try {
            return HaproxyVersion.compare(other, version);
        } catch (IllegalArgumentException e) {
            return -3;
        }
    }
}
