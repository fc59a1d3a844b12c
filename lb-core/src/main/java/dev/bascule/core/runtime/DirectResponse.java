package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.HeaderField;

import java.util.List;

/**
 * A response produced by the proxy itself ({@code http-request return}), compiled once.
 *
 * @param status  the status code
 * @param headers the headers, content-type included, in order
 * @param body    the payload; never mutated
 */
public record DirectResponse(int status, List<HeaderField> headers, byte[] body) {
    public DirectResponse {
        headers = List.copyOf(headers);
        requireNonNull(body, "body");
    }
}
