package dev.bascule.api.loader;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Phase;

import java.util.List;

import static java.util.Objects.requireNonNull;

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

    /**
     * The language's reply arguments ({@code status}, {@code content-type}, {@code string},
     * {@code errorfile}, {@code errorfiles}, {@code hdr}...; HAProxy's {@code http_parse_http_reply()})
     * read from {@code words} at index {@code from}, for the host compiling an action's
     * {@link dev.bascule.api.action.ActionSetup#httpReply}. Files are read again, {@code errorfiles}
     * names one of {@code config}'s {@link LbConfig#httpErrors()} sections, and nothing is reported:
     * the loader reported the line's warnings when it read it.
     *
     * @param phase what the reply's log-format parts see
     * @throws InvalidArgumentException with the language's message when it is not acceptable
     * @since 1.1
     */
    default Reply reply(List<String> words, int from, int defaultStatus, Phase phase, LbConfig config)
            throws InvalidArgumentException {
        throw new InvalidArgumentException("the configuration loader parses no http reply");
    }

    /**
     * A reply as the language's arguments describe it.
     *
     * @param reply  the reply; {@link HttpRequestAction.Return#proxyErrorReply()}: the proxy's reply
     *               for its status ({@code default-errorfiles}, an {@code http-errors} section without
     *               that status)
     * @param silent no reply at all (an empty {@code errorfile}): the connection closes; only the
     *               reply's status is meaningful then
     * @param next   the index of the first word after the reply's own
     * @since 1.1
     */
    record Reply(HttpRequestAction.Return reply, boolean silent, int next) {
        public Reply {
            requireNonNull(reply, "reply");
        }
    }

    /**
     * A duration in the language's syntax, in milliseconds, for the host compiling an action's
     * {@link dev.bascule.api.action.ActionSetup#timeMillis}.
     *
     * @throws InvalidArgumentException with the language's message when it is not acceptable
     * @since 1.1
     */
    default long timeMillis(String text) throws InvalidArgumentException {
        throw new InvalidArgumentException("the configuration loader parses no time");
    }

    /**
     * A size in the language's syntax, in bytes ({@link dev.bascule.api.action.ActionSetup#size}).
     *
     * @throws InvalidArgumentException with the language's message when it is not acceptable
     * @since 1.1
     */
    default long size(String text) throws InvalidArgumentException {
        throw new InvalidArgumentException("the configuration loader parses no size");
    }
}
