package dev.bascule.api.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A log-format string as HAProxy's {@code parse_logformat_string()} reads it: literal text,
 * {@code %[fetch,converters]} sample expressions and {@code %name} variables, each with the
 * options written in {@code %{...}}. Used for header values, dynamic backend names and logs.
 *
 * @param text  the string as written
 * @param nodes its parts, in order
 */
public record LogFormat(String text, List<Node> nodes) {
    public LogFormat {
        requireNonNull(text, "text");
        nodes = List.copyOf(nodes);
    }

    /** A format that is only {@code text}. */
    public static LogFormat literal(String text) {
        return new LogFormat(text, text.isEmpty() ? List.of() : List.of(new Literal(text)));
    }

    /** Whether the format has no expression and no variable. */
    public boolean isLiteral() {
        return nodes.stream().allMatch(node -> node instanceof Literal);
    }

    /** Option {@code Q}: the value between double quotes. */
    public static final int QUOTE = 1;
    /** Option {@code X}: numbers and addresses in hexadecimal. */
    public static final int HEX = 2;
    /** Option {@code E}: {@code " \\ ]} escaped with a backslash. */
    public static final int ESCAPE = 4;
    /** Option {@code M}: {@code -} for an empty value (on by default in {@code log-format} lines). */
    public static final int MANDATORY = 8;

    /**
     * The option flags of a part: {@code initial} (what the context forces), changed by each
     * {@code +X} / {@code -X} of {@code options} in turn, as HAProxy's {@code parse_logformat_var_args()};
     * an unknown name changes nothing.
     */
    public static int flags(List<String> options, int initial) {
        int flags = initial;
        for (String option : options) {
            // HAProxy reads the name after the last sign: "+Q+X" is "+X"
            int sign = Math.max(option.lastIndexOf('+'), option.lastIndexOf('-'));
            if (sign < 0 || sign != option.length() - 2) {
                continue;
            }
            int mask = switch (option.charAt(sign + 1)) {
                case 'Q' -> QUOTE;
                case 'X' -> HEX;
                case 'E' -> ESCAPE;
                case 'M' -> MANDATORY;
                default -> 0;
            };
            flags = option.charAt(sign) == '+' ? flags | mask : flags & ~mask;
        }
        return flags;
    }

    /** One part of a format. */
    public sealed interface Node permits Literal, Expression, Variable {
    }

    /** Text copied as it is ({@code %%} already turned into {@code %}). */
    public record Literal(String text) implements Node {
        public Literal {
            requireNonNull(text, "text");
        }
    }

    /** {@code %[fetch(args),conv(args)...]}. */
    public record Expression(String fetch, List<String> arguments, List<ConverterCall> converters, List<String> options)
            implements Node {
        public Expression {
            requireNonNull(fetch, "fetch");
            arguments = List.copyOf(arguments);
            converters = List.copyOf(converters);
            options = List.copyOf(options);
        }
    }

    /**
     * {@code %ci}, {@code %{+Q}r}: a variable of HAProxy's log-format table, with its options
     * ({@code +Q}): those of the {@code %{...}o} before it, then its own, in the order written.
     */
    public record Variable(String name, List<String> options) implements Node {
        public Variable {
            requireNonNull(name, "name");
            options = List.copyOf(options);
        }

        public boolean quoted() {
            return (flags(options, 0) & QUOTE) != 0;
        }
    }
}
