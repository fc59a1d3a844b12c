package dev.bascule.api.check;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Serves one kind of health check. Control plane only. */
public interface HealthCheckFactory {
    /** The check's name, for example {@code tcp} or {@code httpchk}. */
    String name();

    /**
     * Validates the arguments and returns the check for one backend.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable
     */
    HealthCheck create(List<String> arguments) throws InvalidArgumentException;

    /**
     * As {@link #create(List)}, the expressions and formats of the arguments compiled with {@code setup};
     * the default ignores it.
     */
    default HealthCheck create(List<String> arguments, CheckSetup setup) throws InvalidArgumentException {
        return create(arguments);
    }
}
