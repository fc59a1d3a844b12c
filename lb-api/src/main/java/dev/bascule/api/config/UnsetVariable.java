package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/** {@code unset-var(NAME)}. */
public record UnsetVariable(String name) implements HttpCommonAction, TcpAction {
    public UnsetVariable {
        requireNonNull(name, "name");
    }
}
