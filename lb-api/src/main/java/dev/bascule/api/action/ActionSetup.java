package dev.bascule.api.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;

import java.util.List;
import java.util.Set;

/**
 * What the host offers an {@link ActionFactory} parsing one line: where it is, the
 * configuration language's parsers, and what a converter's context offers (variables, pattern
 * files, replacement templates). Control plane only; valid during
 * {@link ActionFactory#create} only. Grows through default methods.
 */
public interface ActionSetup extends ConverterContext {
    /** Where the line is. */
    @Override
    SourceLocation location();

    /** The rule set the line belongs to. */
    RuleSet ruleSet();

    /** The name of the proxy section the line is written in. */
    String proxy();

    /**
     * A sample expression ({@code req.hdr(host),lower}) compiled into one fetch, its fetch and
     * converters served by the plugins, checked for this rule set (a response fetch in a request
     * rule is refused, as HAProxy refuses it).
     *
     * @throws InvalidArgumentException with the configuration language's message when the
     *                                  expression does not parse or names no served keyword
     */
    SampleFetch expression(String text) throws InvalidArgumentException;

    /**
     * A log-format string ({@code "%[src]:%[dst_port]"}) compiled once; its
     * {@link SampleFormat#render} runs per message. In HTTP rule sets a sample that cannot be
     * fetched is written as nothing (HAProxy's {@code LOG_OPT_HTTP}), elsewhere as {@code -}.
     *
     * @throws InvalidArgumentException with the configuration language's message when it does not parse
     */
    default SampleFormat format(String text) throws InvalidArgumentException {
        return format(text, ruleSet().http());
    }

    /**
     * As {@link #format(String)}, saying whether a sample that cannot be fetched is written as
     * nothing ({@code http}, HAProxy's {@code LOG_OPT_HTTP}: header values, replies) or as
     * {@code -}, as in a log line (HAProxy parses {@code set-var-fmt}'s format so).
     */
    SampleFormat format(String text, boolean http) throws InvalidArgumentException;

    /**
     * The configuration language's reply grammar (HAProxy's {@code http_parse_http_reply()}):
     * {@code [status <code>] [content-type <type>] [default-errorfiles | errorfile <file> |
     * errorfiles <name> | file <file> | lf-file <file> | string <text> | lf-string <format>]
     * [hdr <name> <format>]...}, read from {@code arguments} at index {@code from} up to the first
     * word it does not take. Files are read now, {@code errorfiles} names an {@code http-errors}
     * section, log-format parts are compiled for this rule set; the proxy's own replies
     * ({@code default-errorfiles}) are resolved by the host when the reply is sent. Warnings
     * (an ignored {@code content-type}, a truncated file) are reported by the host at the line.
     * Control plane only; the template is immutable and shared.
     *
     * @param defaultStatus the status when the arguments name none ({@code deny}: 403 in
     *                      {@code http-request}, 502 in {@code http-response}; {@code return}: 200)
     * @throws InvalidArgumentException with the language's message when the arguments are not acceptable
     * @since 1.1
     */
    default ParsedReply httpReply(List<String> arguments, int from, int defaultStatus)
            throws InvalidArgumentException {
        throw new InvalidArgumentException("this host parses no http reply.");
    }

    /**
     * Declares a new request capture slot of {@code length} characters in the frontend the line is
     * written in ({@code http-request capture <expr> len <length>}, HAProxy's
     * {@code parse_http_req_capture()}), where {@code %hr} and {@code capture.req.hdr(<slot>)} read
     * it; returns its index, from 0. Called again for the same line when the host compiles it,
     * it returns the same slot without declaring another.
     *
     * @throws InvalidArgumentException with the language's messages when the proxy has no frontend
     *                                  capability, then when {@code length} is not positive, as
     *                                  HAProxy checks them; or when the rule set is not
     *                                  {@code http-request}
     * @since 1.1
     */
    default int declareCapture(int length) throws InvalidArgumentException {
        throw new InvalidArgumentException("this host declares no capture slot.");
    }

    /**
     * Refers to capture slot {@code id} of the frontend, of the rule set's direction (request slots
     * in {@code http-request}, response slots in {@code http-response} and
     * {@code http-after-response}): the host reports a slot the proxy does not have once the proxy
     * is read, as HAProxy's {@code check_http_req_capture()} does; returns {@code id}. At run time
     * a slot the stream's frontend lacks makes {@link ActionContext#capture} do nothing.
     *
     * @since 1.1
     */
    default int captureSlot(int id) throws InvalidArgumentException {
        return id;
    }

    /**
     * A duration in the configuration language's syntax (HAProxy's {@code parse_time_err()}:
     * {@code 500} or {@code 500ms}, {@code 10s}, {@code 2m}...), in milliseconds.
     *
     * @throws InvalidArgumentException with HAProxy's words for an action's argument ({@code time
     *                                  overflow (...).}, {@code time underflow (...).},
     *                                  {@code unexpected character 'x'.})
     * @since 1.1
     */
    default long timeMillis(String text) throws InvalidArgumentException {
        throw new InvalidArgumentException("this host parses no time.");
    }

    /**
     * A size in the configuration language's syntax (HAProxy's {@code parse_size_err()}: digits
     * and an optional {@code k}, {@code m} or {@code g}, powers of 1024), in bytes.
     *
     * @throws InvalidArgumentException with HAProxy's words ({@code unexpected character 'x'.})
     * @since 1.1
     */
    default long size(String text) throws InvalidArgumentException {
        throw new InvalidArgumentException("this host parses no size.");
    }

    /**
     * What the line's samples see: the rule set's {@link RuleSet#phase()}, but the request for a
     * {@code tcp-request content} rule of an HTTP proxy.
     *
     * @since 1.1
     */
    default Phase phase() {
        return ruleSet().phase();
    }

    /**
     * Where the fetch called {@code keyword} (without its arguments) can be used, as its factory
     * says ({@link dev.bascule.api.sample.SampleFetchFactory#availableIn()}); empty when no plugin
     * serves it. For actions that word an unavailable fetch their own way, as HAProxy's
     * {@code track-sc} does.
     *
     * @since 1.1
     */
    default Set<Phase> fetchAvailability(String keyword) {
        return Set.of();
    }

    /**
     * The stick counter {@code slot} of this rule set, tracking in the table called {@code table}
     * (the proxy's own when null), HAProxy's {@code track-sc<slot> ... [table <table>]}. A table
     * that does not exist is reported by the host as HAProxy reports it ({@code unable to find
     * table ... referenced by track-sc<slot>}), once every section is read.
     *
     * @throws InvalidArgumentException when the table does not exist and the host knows it now
     * @since 1.1
     */
    default StickCounter stickCounter(int slot, @Nullable String table)
            throws InvalidArgumentException {
        throw new InvalidArgumentException("this host has no stick counters.");
    }

    /**
     * The services the host can hand a request to ({@code use-service <name>}, HAProxy's
     * {@code service_keywords}), for example {@code prometheus-exporter}; none by default.
     *
     * @since 1.1
     */
    default Set<String> services() {
        return Set.of();
    }
}
