package dev.bascule.core.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates HAProxy's configuration conditions, as {@code -cc} and {@code .if} do: predicates
 * {@code defined}, {@code feature}, {@code streq}, {@code strneq}, {@code version_atleast},
 * {@code version_before}, combined with {@code !}, {@code &&}, {@code ||} and parentheses.
 */
public final class Condition {
    private final String text;
    private final String version;
    private final Set<String> features;
    private final Map<String, String> environment;
    private int position;

    private Condition(String text, String version, Set<String> features, Map<String, String> environment) {
        this.text = text;
        this.version = version;
        this.features = features;
        this.environment = environment;
    }

    /**
     * Evaluates {@code expression}.
     *
     * @param version     the HAProxy version compared against by {@code version_*}
     * @param features    the build features {@code feature()} knows, e.g. {@code OPENSSL}
     * @throws IllegalArgumentException with a message for the user when it cannot be evaluated
     */
    public static boolean evaluate(String expression, String version, Set<String> features,
                                   Map<String, String> environment) {
        Condition condition = new Condition(expression, version, features, environment);
        boolean result = condition.or();
        condition.skipBlanks();
        if (condition.position < expression.length()) {
            throw new IllegalArgumentException("unparsable text '" + expression.substring(condition.position)
                    + "' at position " + (condition.position + 1));
        }
        return result;
    }

    private boolean or() {
        boolean result = and();
        while (consume("||")) {
            boolean right = and();
            result = result || right;
        }
        return result;
    }

    private boolean and() {
        boolean result = term();
        while (consume("&&")) {
            boolean right = term();
            result = result && right;
        }
        return result;
    }

    private boolean term() {
        if (consume("!")) {
            return !term();
        }
        if (consume("(")) {
            boolean result = or();
            if (!consume(")")) {
                throw new IllegalArgumentException("missing closing ')' at position " + (position + 1));
            }
            return result;
        }
        return predicate();
    }

    private boolean predicate() {
        skipBlanks();
        int start = position;
        while (position < text.length()
                && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
            position++;
        }
        String name = text.substring(start, position);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("expected a predicate at position " + (start + 1));
        }
        if (name.equals("1")) {
            return true;
        }
        if (name.equals("0")) {
            return false;
        }
        if (!consume("(")) {
            throw new IllegalArgumentException("unknown predicate '" + name + "'");
        }
        List<String> args = arguments();
        switch (name) {
            case "defined":
                return environment.containsKey(arity(name, args, 1).get(0));
            case "feature":
                return features.contains(arity(name, args, 1).get(0));
            case "streq":
                return arity(name, args, 2).get(0).equals(args.get(1));
            case "strneq":
                return !arity(name, args, 2).get(0).equals(args.get(1));
            case "version_atleast":
                return compareVersion(arity(name, args, 1).get(0)) <= 0;
            case "version_before":
                return compareVersion(arity(name, args, 1).get(0)) > 0;
            default:
                throw new IllegalArgumentException("unknown predicate '" + name + "'");
        }
    }

    private int compareVersion(String other) {
        try {
            return HaproxyVersion.compare(other, version);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid version '" + other + "'");
        }
    }

    private static List<String> arity(String name, List<String> args, int expected) {
        if (args.size() != expected) {
            throw new IllegalArgumentException("predicate '" + name + "' expects " + expected
                    + " argument" + (expected > 1 ? "s" : "") + ", got " + args.size());
        }
        return args;
    }

    private List<String> arguments() {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean any = false;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == ')') {
                if (any || !args.isEmpty()) {
                    args.add(current.toString());
                }
                return args;
            }
            if (c == ',') {
                args.add(current.toString());
                current.setLength(0);
                any = true;
            } else if (c == '"' || c == '\'') {
                int end = text.indexOf(c, position);
                if (end < 0) {
                    throw new IllegalArgumentException("unmatched quote");
                }
                current.append(text, position, end);
                position = end + 1;
                any = true;
            } else if (c == '\\' && position < text.length()) {
                current.append(text.charAt(position++));
                any = true;
            } else if (c != ' ' && c != '\t') {
                current.append(c);
                any = true;
            }
        }
        throw new IllegalArgumentException("missing closing ')' of the predicate's arguments");
    }

    private boolean consume(String token) {
        skipBlanks();
        if (text.startsWith(token, position)) {
            position += token.length();
            return true;
        }
        return false;
    }

    private void skipBlanks() {
        while (position < text.length() && (text.charAt(position) == ' ' || text.charAt(position) == '\t')) {
            position++;
        }
    }
}
