package dev.bascule.api.loader;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Phase;

/**
 * The configuration language's grammar for sample expressions and log-format strings, which a
 * configuration loader lends the host so that plugin actions, whose arguments the loader keeps as
 * written ({@link dev.bascule.api.config.ActionCall}), are parsed with the same grammar and the
 * same messages as the loader's own keywords. Control plane only; stateless.
 */
public interface SampleSyntax {
    /** A grammar that knows neither: every parse fails, naming the missing loader. */
    SampleSyntax NONE = new SampleSyntax() {
        @Override
        public LogFormat.Expression expression(String text, Phase phase) throws InvalidArgumentException {
            throw new InvalidArgumentException("the configuration loader parses no sample expression");
        }

        @Override
        public LogFormat format(String text, Phase phase) throws InvalidArgumentException {
            throw new InvalidArgumentException("the configuration loader parses no log-format string");
        }
    };

    /**
     * A sample expression ({@code req.hdr(host),lower}), checked against the served keywords and
     * against what {@code phase} can see.
     *
     * @throws InvalidArgumentException with the language's message when it is not acceptable
     */
    LogFormat.Expression expression(String text, Phase phase) throws InvalidArgumentException;

    /**
     * A log-format string, its expressions checked as {@link #expression} checks them.
     *
     * @throws InvalidArgumentException with the language's message when it is not acceptable
     */
    LogFormat format(String text, Phase phase) throws InvalidArgumentException;
}
