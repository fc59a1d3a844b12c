package dev.bascule.api.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One converter of a sample expression as written: {@code field(2,/)} is {@code field} with
 * {@code 2} and {@code /}.
 */
public record ConverterCall(String name, List<String> arguments) {
    public ConverterCall {
        requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
    }
}
