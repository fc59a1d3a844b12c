package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code http-request set-src EXPR} / {@code set-dst EXPR}: the connection's source (or
 * destination) address becomes the expression's value, an IPv4 or IPv6 address; a value that is
 * not one leaves it as it was.
 *
 * @param source     set-src (else set-dst)
 * @param expression the sample expression
 */
public record SetAddress(boolean source, LogFormat.Expression expression) implements HttpRequestAction {
    public SetAddress {
        requireNonNull(expression, "expression");
    }
}
