package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.SetVariable;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.CText;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Variables;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The actions the rule keywords share ({@code http-request}, {@code http-response},
 * {@code http-after-response}, {@code tcp-request} and {@code tcp-response}): headers, variables,
 * the global {@code set-var}; the actions served by factories ({@link PluginActions}).
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
        if (!Variables.validName(name)) {
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
                        Set.of("pid", "H"), "'set-var-fmt' formats", Phase.TCP_CONNECTION))));
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
    static Phase phaseOf(ProxyLine line) {
        return line.keyword().equals("http-response") || line.keyword().equals("http-after-response")
                ? Phase.HTTP_RESPONSE : Phase.HTTP_REQUEST;
    }


}
