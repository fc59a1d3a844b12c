package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.ParsedReply;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleFormat;

import java.util.List;
import java.util.Set;

/**
 * Creates the action of a rule kept as written ({@link ActionCall}) with its plugin's
 * {@link ActionFactory}, parsing its expressions and formats with the loader's grammar.
 */
final class PluginActionCompiler {
    private PluginActionCompiler() {
    }

    static HttpRule compile(RuleCompiler compiler, ActionCall call, @Nullable CompiledCondition condition,
                            RuleSet set, SourceLocation location) throws InvalidArgumentException {
        return compile(compiler, call, condition, set, location, set.phase());
    }

    /**
     * The rule; {@code phase} is what its samples see (a {@code tcp-request content} rule of an
     * HTTP proxy sees the request).
     */
    static HttpRule compile(RuleCompiler compiler, ActionCall call, @Nullable CompiledCondition condition,
                            RuleSet set, SourceLocation location, Phase phase) throws InvalidArgumentException {
        ActionFactory factory = compiler.registry().action(call.keyword()).orElseThrow(() ->
                new LocatedArgumentException(location, "no plugin serves the action '" + call.keyword() + "'"));
        if (!factory.ruleSets().contains(set)) {
            throw new LocatedArgumentException(location, "action '" + factory.keyword() + "' is not allowed in '"
                    + set.keyword() + "' rules");
        }
        Action action;
        try {
            action = factory.create(call.keyword(), call.arguments(), new Setup(compiler, set, location, phase));
        } catch (InvalidArgumentException e) {
            // HAProxy's wording for an action's refusal
            throw new LocatedArgumentException(location, "error detected in proxy '" + compiler.proxyName()
                    + "' while parsing '" + set.keyword() + " " + call.keyword() + "' rule : " + e.getMessage());
        }
        if (action == null) {
            throw new IllegalStateException("the factory of '" + factory.keyword() + "' returned no action");
        }
        return new HttpRule(RuleKind.ACTION, condition, 0, location)
                .withAction(action, set).asFinal(factory.isFinal());
    }

    /** The setup a factory parses one line with. */
    private record Setup(RuleCompiler compiler, RuleSet ruleSet, SourceLocation location, Phase phase)
            implements ActionSetup {
        @Override
        public String proxy() {
            return compiler.proxyName();
        }

        @Override
        public SampleFetch expression(String text) throws InvalidArgumentException {
            return compiler.expression(text, phase);
        }

        @Override
        public SampleFormat format(String text, boolean http) throws InvalidArgumentException {
            return compiler.format(text, phase, http);
        }

        @Override
        public void declareVariable(String name) {
            compiler.converterContext().declareVariable(name);
        }

        @Override
        public PatternReference mapFile(String file) throws InvalidArgumentException {
            return compiler.converterContext().mapFile(file);
        }

        @Override
        public int declareCapture(int length) throws InvalidArgumentException {
            return compiler.declaredCapture(location);
        }

        @Override
        public Set<String> services() {
            return compiler.registry().serviceNames();
        }

        @Override
        public Set<Phase> fetchAvailability(String keyword) {
            return compiler.registry().sampleFetch(keyword).map(SampleFetchFactory::availableIn)
                    .orElse(Set.of());
        }

        @Override
        public StickCounter stickCounter(int slot, @Nullable String table)
                throws InvalidArgumentException {
            return compiler.stickCounter(slot, table, ruleSet);
        }

        @Override
        public long timeMillis(String text) throws InvalidArgumentException {
            return compiler.syntax().timeMillis(text);
        }

        @Override
        public long size(String text) throws InvalidArgumentException {
            return compiler.syntax().size(text);
        }

        @Override
        public ParsedReply httpReply(List<String> arguments, int from, int defaultStatus)
                throws InvalidArgumentException {
            return compiler.httpReply(arguments, from, defaultStatus);
        }

        @Override
        public RegexReplacement regexReplacement(String template) throws InvalidArgumentException {
            return compiler.converterContext().regexReplacement(template);
        }
    }
}
