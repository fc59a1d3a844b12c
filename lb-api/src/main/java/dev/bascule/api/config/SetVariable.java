package dev.bascule.api.config;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The global section's {@code set-var NAME EXPR} (the expression's sample, kept with its type) or
 * {@code set-var-fmt NAME FORMAT} (the rendered text), run once at start; exactly one of the two is
 * present. The rules' {@code set-var(...)} actions are served by the action SPI.
 *
 * @param name       the variable, with its scope ({@code txn.user})
 * @param expression the sample expression of {@code set-var}
 * @param format     the log-format string of {@code set-var-fmt}
 * @param conditions {@code set-var(NAME,ifexists,...)}: the {@code Variables.IF_*} flags that must hold
 */
public record SetVariable(String name, Optional<LogFormat.Expression> expression, Optional<LogFormat> format,
                          int conditions) {
    /** Without conditions. */
    public SetVariable(String name, Optional<LogFormat.Expression> expression, Optional<LogFormat> format) {
        this(name, expression, format, 0);
    }

    public SetVariable {
        requireNonNull(name, "name");
        requireNonNull(expression, "expression");
        requireNonNull(format, "format");
        if (expression.isPresent() == format.isPresent()) {
            throw new IllegalArgumentException("set-var takes an expression or a format");
        }
    }
}
