package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.api.sample.Phase;

import java.util.List;

/**
 * HAProxy's grammar for sample expressions, log-format strings and reply arguments, lent to the
 * host for the arguments of plugin actions: the same parsers, hence the same messages, as the loader's own
 * keywords. Each call uses parsers of its own.
 */
public final class HaproxySampleSyntax implements SampleSyntax {
    private final KeywordRegistry registry;

    public HaproxySampleSyntax(KeywordRegistry registry) {
        this.registry = registry;
    }

    @Override
    public LogFormat.Expression expression(String text, Phase phase) throws InvalidArgumentException {
        try {
            return new AclParser(registry).expression(text, List.of(), phase, text);
        } catch (AclParser.AclException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    @Override
    public LogFormat format(String text, Phase phase) throws InvalidArgumentException {
        try {
            return new LogFormatParser(new AclParser(registry)).parse(text, LogFormatParser.HEADER_VARIABLES,
                    "values", phase);
        } catch (AclParser.AclException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    @Override
    public Reply reply(List<String> words, int from, int defaultStatus, Phase phase, LbConfig config)
            throws InvalidArgumentException {
        ErrorFiles.Sections sections = new ErrorFiles.Sections();
        sections.byName.putAll(config.httpErrors());
        try {
            // the loader reported the warnings when it read the line
            HttpReturnParser.Result result = new HttpReturnParser(words, warning -> { }, new LogFormatParser(
                    new AclParser(registry)), config.global().http(), sections, phase).parse(from, defaultStatus);
            return new Reply(result.reply(), result.silent(), result.next());
        } catch (HttpReturnParser.ReplyException e) {
            throw new InvalidArgumentException(e.getMessage());
        }
    }

    @Override
    public long timeMillis(String text) throws InvalidArgumentException {
        return ActionUnits.timeMillis(text);
    }

    @Override
    public long size(String text) throws InvalidArgumentException {
        return ActionUnits.size(text);
    }
}
