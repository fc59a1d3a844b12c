package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * {@code set-var(NAME) EXPR} (the expression's sample, kept with its type) or
 * {@code set-var-fmt(NAME) FORMAT} (the rendered text); exactly one of the two is present.
 *
 * @param name       the variable, with its scope ({@code txn.user})
 * @param expression the sample expression of {@code set-var}
 * @param format     the log-format string of {@code set-var-fmt}
 */
public record SetVariable(String name, Optional<LogFormat.Expression> expression, Optional<LogFormat> format)
        implements HttpCommonAction, TcpAction {
    public SetVariable {
        requireNonNull(name, "name");
        requireNonNull(expression, "expression");
        requireNonNull(format, "format");
        if (expression.isPresent() == format.isPresent()) {
            throw new IllegalArgumentException("set-var takes an expression or a format");
        }
    }
}
