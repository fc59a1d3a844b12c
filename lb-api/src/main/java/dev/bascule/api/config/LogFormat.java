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

    /** {@code %ci}, {@code %{+Q}r}: a variable of HAProxy's log-format table, with its options ({@code +Q}). */
    public record Variable(String name, List<String> options) implements Node {
        public Variable {
            requireNonNull(name, "name");
            options = List.copyOf(options);
        }

        public boolean quoted() {
            return options.contains("+Q");
        }
    }
}
