package dev.bascule.api.action;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;

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
}
