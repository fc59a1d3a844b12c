package dev.bascule.core.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.FetchContext;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.core.sample.pattern.PatternRef;
import dev.bascule.core.sample.pattern.PatternRegistry;

import static java.util.Objects.requireNonNull;

/**
 * The host side of the sample SPI for one configuration: its pattern references and its
 * {@code proc.} variables, which the fetches and converters it creates reach through the
 * {@link FetchContext} or {@link ConverterContext} they are created with, never through statics.
 * Control plane: used by the threads compiling the configuration.
 */
public final class SampleHost {
    /** See {@link #standalone()}: holds nothing, every reference it reads is new. */
    private static final ConverterContext STANDALONE = new ConverterContext() {
        @Override
        public PatternReference mapFile(String file) throws InvalidArgumentException {
            return PatternRef.standalone(file, true, PatternRegistry.readMap(file));
        }

        @Override
        public RegexReplacement regexReplacement(String template) {
            return replacement(template);
        }
    };

    private final PatternRegistry patterns;
    private final ProcessVariables variables;

    public SampleHost(PatternRegistry patterns, ProcessVariables variables) {
        this.patterns = requireNonNull(patterns, "patterns");
        this.variables = requireNonNull(variables, "variables");
    }

    /** Pattern references and variables of its own: a compiler outside a running configuration. */
    public SampleHost() {
        this(new PatternRegistry(), new ProcessVariables());
    }

    public PatternRegistry patterns() {
        return patterns;
    }

    public ProcessVariables variables() {
        return variables;
    }

    /**
     * The context of a converter created outside the compilation of a configuration, for a
     * loader checking what it reads ({@link CheckingRegistry}): a pattern file is read into a
     * reference of the converter's own, a variable is declared nowhere (the compilation declares
     * it in the configuration).
     */
    public static ConverterContext standalone() {
        return STANDALONE;
    }

    /**
     * The context of the fetches and converters written at {@code location} (a converter context
     * is also a fetch context); {@code deferred} as {@link PatternRegistry.Use}.
     */
    public ConverterContext context(SourceLocation location, boolean deferred) {
        requireNonNull(location, "location");
        return new ConverterContext() {
            @Override
            public SourceLocation location() {
                return location;
            }

            @Override
            public void declareVariable(String name) {
                variables.declare(name);
            }

            @Override
            public PatternReference mapFile(String file) throws InvalidArgumentException {
                return patterns.mapFile(file, new PatternRegistry.Use(location, deferred, true));
            }

            @Override
            public RegexReplacement regexReplacement(String template) {
                return replacement(template);
            }
        };
    }

    /** The template read by the rewrites of the core's own rules ({@link RegexReplace}). */
    private static RegexReplacement replacement(String template) {
        requireNonNull(template, "template");
        return (out, input, match) -> RegexReplacement.expand(out, template, input, match);
    }
}
