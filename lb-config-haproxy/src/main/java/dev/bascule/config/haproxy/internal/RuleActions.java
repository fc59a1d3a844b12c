package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.SetVariable;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.TrackCounter;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The actions the rule keywords share ({@code http-request}, {@code http-response},
 * {@code http-after-response}, {@code tcp-request} and {@code tcp-response}): headers, variables,
 * {@code track-sc}, the global {@code set-var}.
 */
final class RuleActions {
    private final KeywordRegistry registry;
    private final Diagnostics diagnostics;
    private final AclParser aclParser;
    private final LogFormatParser logFormats;
    /** The global {@code tune.*} values as read so far. */
    private final Supplier<HttpTuning> tuning;
    /** The http-errors sections of the configuration, as they are read. */
    private final Supplier<ErrorFiles.Sections> errorSections;
    private final PluginActions served;

    /** The actions served by factories (built-in and plugins'). */
    PluginActions served() {
        return served;
    }

    RuleActions(KeywordRegistry registry, Diagnostics diagnostics, AclParser aclParser, LogFormatParser logFormats,
                Supplier<HttpTuning> tuning, Supplier<ErrorFiles.Sections> errorSections) {
        this.registry = registry;
        this.diagnostics = diagnostics;
        this.aclParser = aclParser;
        this.logFormats = logFormats;
        this.tuning = tuning;
        this.errorSections = errorSections;
        this.served = new PluginActions(registry, aclParser, logFormats, tuning, errorSections);
    }

    /** A {@code track-sc} action and the index of the word after its last argument. */
    record TrackResult(TrackCounter track, int next) {
    }

    /**
     * {@code track-scN KEY [table NAME]} from word {@code at} (the key), HAProxy's
     * {@code parse_http_track_sc()} / {@code tcp_parse_track_sc()}; null after an alert. The table
     * is checked once every section is read ({@link ConfigAssembler}).
     */
    TrackResult parseTrack(ProxyLine line, int at, String action, Phase phase, String owner, String end) {
        String number = action.substring("track-sc".length());
        long slot = CText.atol(number);
        if (number.isEmpty() || !number.chars().allMatch(Character::isDigit)) {
            line.alert(owner + "Wrong track-sc number '" + number + "'" + end);
            return null;
        }
        if (slot > 2) {
            // haproxy 2.6.12's words
            line.alert(owner + slot + " track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value" + end);
            return null;
        }
        String key = line.word(at);
        if (key.isEmpty()) {
            line.alert(owner + "missing fetch method" + end);
            return null;
        }
        String fetch = key.replaceFirst("[(,].*", "");
        Optional<dev.bascule.api.sample.SampleFetchFactory> factory = registry.sampleFetch(fetch);
        if (factory.isPresent() && !factory.get().availableIn().contains(phase)) {
            line.alert(owner + "fetch method '" + key + "' extracts information from '"
                    + (factory.get().availableIn().contains(Phase.HTTP_REQUEST) ? "HTTP request headers"
                    : "HTTP response headers") + "', none of which is available here" + end);
            return null;
        }
        LogFormat.Expression expression;
        try {
            expression = aclParser.expression(key, List.of(), phase, key);
        } catch (AclParser.AclException e) {
            line.alert(owner + e.getMessage() + end);
            return null;
        }
        Optional<String> table = Optional.empty();
        int next = at + 1;
        if (line.word(next).equals("table")) {
            String name = line.word(next + 1);
            if (name.isEmpty() && end.equals(".")) {
                line.alert(owner + "missing table name" + end);
                return null;
            }
            // tcp-request takes a missing name as '', which no table has
            table = Optional.of(name);
            next += name.isEmpty() ? 1 : 2;
        }
        return new TrackResult(new TrackCounter((int) slot, expression, table), next);
    }


    /**
     * {@code set-var NAME EXPR} / {@code set-var-fmt NAME FMT} of the global section (HAProxy's
     * {@code vars_parse_global_set_var()}): a {@code proc.} variable set at start.
     */
    Optional<SetVariable> globalVariable(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        boolean format = keyword.equals("set-var-fmt");
        String name = args.size() > 1 ? args.get(1) : "";
        String argument = args.size() > 2 ? args.get(2) : "";
        if (name.isEmpty() || argument.isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' requires a process-wide variable name ('proc.<name>') and "
                    + (format ? "a format string." : "a sample expression."));
            return Optional.empty();
        }
        if (!dev.bascule.api.sample.Variables.validName(name)) {
            diagnostics.alert(location, "'" + keyword + "(" + name + ")' : invalid variable '" + name + "'. Expects"
                    + " 'proc', 'sess', 'txn', 'req' or 'res' as a scope, then a dot and a name.");
            return Optional.empty();
        }
        if (!name.startsWith("proc.")) {
            diagnostics.alert(location, "'" + keyword + "': cannot set variable '" + name + "', only scope 'proc' is"
                    + " permitted in the global section.");
            return Optional.empty();
        }
        try {
            if (format) {
                return Optional.of(new SetVariable(name, Optional.empty(), Optional.of(logFormats.parse(argument,
                        java.util.Set.of("pid", "H"), "'set-var-fmt' formats", Phase.TCP_CONNECTION))));
            }
            LogFormat.Expression expression = aclParser.expression(argument, List.of(), Phase.TCP_CONNECTION,
                    argument);
            if (!HaproxyKeywords.INTERNAL_FETCHES.contains(expression.fetch())) {
                diagnostics.alert(location, "fetch method 'set-var(" + name + ")' extracts information from the"
                        + " traffic, none of which is available here");
                return Optional.empty();
            }
            return Optional.of(new SetVariable(name, Optional.of(expression), Optional.empty()));
        } catch (AclParser.AclException e) {
            diagnostics.alert(location, "'" + keyword + "' : " + e.getMessage());
            return Optional.empty();
        }
    }

    /** What a rule's samples may see: the response for http-response and http-after-response lines. */
    static dev.bascule.api.sample.Phase phaseOf(ProxyLine line) {
        return line.keyword().equals("http-response") || line.keyword().equals("http-after-response")
                ? dev.bascule.api.sample.Phase.HTTP_RESPONSE : dev.bascule.api.sample.Phase.HTTP_REQUEST;
    }


}
