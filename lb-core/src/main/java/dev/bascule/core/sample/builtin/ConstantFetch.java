package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleFetch;

import java.util.List;
import java.util.UUID;

/** HAProxy's constant fetches ({@code str}, {@code int}, {@code bool}) and {@code uuid}. */
final class ConstantFetch {
    private ConstantFetch() {
    }

    static SampleFetch string(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1) {
            throw new InvalidArgumentException("'" + keyword + "' expects 1 argument");
        }
        // str and str() read an empty string, as HAProxy's mandatory string argument does
        String value = arguments.isEmpty() ? "" : arguments.get(0);
        return (traffic, out) -> {
            out.setString(value);
            return true;
        };
    }

    static SampleFetch integer(String keyword, List<String> arguments) throws InvalidArgumentException {
        long value = number(keyword, arguments);
        return (traffic, out) -> {
            out.setInteger(value);
            return true;
        };
    }

    static SampleFetch bool(String keyword, List<String> arguments) throws InvalidArgumentException {
        boolean value = number(keyword, arguments) != 0;
        return (traffic, out) -> {
            out.setBoolean(value);
            return true;
        };
    }

    private static long number(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() != 1) {
            throw new InvalidArgumentException("'" + keyword + "' expects 1 argument");
        }
        return Arguments.integer(arguments.get(0), 1);
    }

    /** {@code uuid([4])}: a random version 4 UUID, as text (a new one per call, as HAProxy's). */
    static SampleFetch uuid(String keyword, List<String> arguments) throws InvalidArgumentException {
        if (arguments.size() > 1 || arguments.size() == 1 && !arguments.get(0).strip().equals("4")) {
            throw new InvalidArgumentException("Unsupported UUID version: '" + arguments.get(0) + "'");
        }
        return (traffic, out) -> {
            out.setString(UUID.randomUUID().toString());
            return true;
        };
    }
}
