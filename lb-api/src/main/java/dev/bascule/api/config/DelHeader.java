package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code del-header NAME [-m METHOD]}: removes the header lines whose name matches.
 *
 * @param name   the name or pattern
 * @param method {@code str} (the default, case-insensitive), {@code beg}, {@code end}, {@code sub}
 *               or {@code reg}
 */
public record DelHeader(String name, String method) implements HttpCommonAction {
    public DelHeader {
        requireNonNull(name, "name");
        requireNonNull(method, "method");
    }
}
