package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Phase;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reads a log-format string as HAProxy's {@code parse_logformat_string()} does: {@code %%} is a
 * percent sign, {@code %[expr]} a sample expression, {@code %name} (letters and digits) a
 * variable, {@code %{opts}} before either its options; anything else is text.
 */
final class LogFormatParser {
    /** The log-format variables a header value can use: the connection's addresses, the host, the process. */
    static final Set<String> HEADER_VARIABLES = Set.of("ci", "cp", "fi", "fp", "f", "ft", "b", "s",
            "H", "pid", "rt", "Ts", "ms");

    private final AclParser samples;

    LogFormatParser(AclParser samples) {
        this.samples = samples;
    }

    /**
     * Parses {@code text}; {@code variables} are the variable names the context can render
     * ({@code %ci}...): another name of HAProxy's table is "not implemented", an unknown one an error.
     */
    LogFormat parse(String text, Set<String> variables, String context, Phase phase) throws AclParser.AclException {
        List<LogFormat.Node> nodes = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        // the options of each %{...}o: they apply to every part after it (HAProxy's defoptions)
        List<String> inherited = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new AclParser.AclException("unexpected end of format string after '%' in '" + text + "'");
            }
            char next = text.charAt(i + 1);
            if (next == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int at = i + 1;
            List<String> options = List.of();
            if (next == '{') {
                int close = text.indexOf('}', at);
                if (close < 0) {
                    throw new AclParser.AclException("missing '}' after '%{' in '" + text + "'");
                }
                options = Arrays.asList(text.substring(at + 1, close).split(","));
                at = close + 1;
                if (at >= text.length() || !(text.charAt(at) == '[' || Character.isLetterOrDigit(text.charAt(at)))) {
                    throw new AclParser.AclException("parse argument modifier without variable name near '%{"
                            + text.substring(i + 2, close) + "}'");
                }
            }
            if (at < text.length() && text.charAt(at) == '[') {
                int close = closingBracket(text, at + 1);
                if (close < 0) {
                    throw new AclParser.AclException("missing ']' after '" + text.substring(at + 1) + "'");
                }
                flush(literal, nodes);
                nodes.add(samples.expression(text.substring(at + 1, close), withInherited(inherited, options), phase,
                        text.substring(at + 1)));
                i = close + 1;
                continue;
            }
            if (at < text.length() && Character.isLetter(text.charAt(at))) {
                int end = at;
                while (end < text.length() && Character.isLetterOrDigit(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(at, end);
                if (name.equals("o")) {
                    // HAProxy's global option: no part of its own
                    inherited.addAll(options);
                    i = end;
                    continue;
                }
                if (!variables.contains(name)) {
                    if (LOG_FORMAT_VARIABLES.contains(name)) {
                        throw new AclParser.AclException("log-format variable '%" + name + "' is not implemented yet by Bascule"
                                + " in " + context);
                    }
                    throw new AclParser.AclException("no such format variable '" + name + "'. If you wanted to emit the '%'"
                            + " character verbatim, you need to use '%%'");
                }
                flush(literal, nodes);
                nodes.add(new LogFormat.Variable(name, withInherited(inherited, options)));
                i = end;
                continue;
            }
            if (at < text.length() && (Character.isDigit(text.charAt(at)) || text.charAt(at) == ' '
                    || text.charAt(at) == '\t')) {
                throw new AclParser.AclException("unexpected variable name near '" + text.charAt(at) + "' at position " + at
                        + " line : '" + text + "'. Maybe you want to write a single '%', use the syntax '%%'");
            }
            // '%' followed by something else: text, as HAProxy keeps it
            literal.append(c);
            i++;
        }
        flush(literal, nodes);
        return new LogFormat(text, nodes);
    }

    private static List<String> withInherited(List<String> inherited, List<String> own) {
        if (inherited.isEmpty()) {
            return own;
        }
        List<String> all = new ArrayList<>(inherited);
        all.addAll(own);
        return all;
    }

    private static void flush(StringBuilder literal, List<LogFormat.Node> nodes) {
        if (literal.length() > 0) {
            nodes.add(new LogFormat.Literal(literal.toString()));
            literal.setLength(0);
        }
    }

    /** The ']' closing a sample expression starting at {@code from}, skipping brackets and quotes inside it. */
    private static int closingBracket(String text, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ']') {
                return i;
            }
        }
        return -1;
    }

    /** HAProxy 2.6's log-format variables ({@code logformat_keywords} in log.c). */
    static final Set<String> LOG_FORMAT_VARIABLES = Set.of("o", "B", "CC", "CS", "H", "HM", "HP", "HPO", "HQ", "HU",
            "HV", "ID", "ST", "T", "Ta", "Tc", "Td", "Th", "Ti", "Tl", "Tq", "TR", "Tr", "Ts", "Tt", "Tu", "Tw", "U", "ac", "b",
            "bc", "bi", "bp", "bq", "ci", "cp", "f", "fc", "fi", "fp", "ft", "hr", "hrl", "hs", "hsl", "lc", "ms", "pid",
            "r", "rc", "rt", "s", "sc", "si", "sp", "sq", "sslc", "sslv", "t", "tr", "trg", "trl", "ts", "tsc");
}
