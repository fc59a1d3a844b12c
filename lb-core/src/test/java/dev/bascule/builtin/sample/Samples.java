package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.sample.ConvertedFetch;
import dev.bascule.core.sample.SampleHost;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Test helpers: look up the plugin's factories and run them as the rule engine would. */
final class Samples {
    private static final BuiltinSamplesPlugin PLUGIN = new BuiltinSamplesPlugin();

    private Samples() {
    }

    static SampleFetch fetch(String keyword, String... arguments) throws InvalidArgumentException {
        return fetchFactory(keyword).create(List.of(arguments));
    }

    static SampleFetchFactory fetchFactory(String keyword) {
        return PLUGIN.sampleFetches().stream().filter(f -> f.keyword().equals(keyword)).findFirst().orElseThrow();
    }

    /**
     * A fetch followed by converters written as in a configuration: {@code "lower"},
     * {@code "field(2,/)"}; arguments split on commas (tests keep to simple ones).
     */
    static SampleFetch expression(String keyword, List<String> arguments, String... converters)
            throws InvalidArgumentException {
        List<dev.bascule.api.config.ConverterCall> calls = new ArrayList<>();
        for (String converter : converters) {
            int open = converter.indexOf('(');
            calls.add(open < 0 ? new dev.bascule.api.config.ConverterCall(converter, List.of())
                    : new dev.bascule.api.config.ConverterCall(converter.substring(0, open),
                            Arrays.asList(converter.substring(open + 1, converter.length() - 1).split(",", -1))));
        }
        SampleFetchFactory factory = fetchFactory(keyword);
        // as a configuration of its own compiles it: the host's context gives pattern files and variables
        ConverterContext context = new SampleHost().context(new SourceLocation("test.cfg", 1), false);
        return ConvertedFetch.of(REGISTRY, factory.create(arguments, context), factory.outputType(), calls, context);
    }

    /** The plugin's converters, as a registry. */
    static final dev.bascule.api.loader.KeywordRegistry REGISTRY = new dev.bascule.api.loader.KeywordRegistry() {
        @Override
        public java.util.Optional<dev.bascule.api.sample.SampleConverterFactory> sampleConverter(String keyword) {
            return PLUGIN.sampleConverters().stream().filter(c -> c.keyword().equals(keyword)).findFirst()
                    .map(c -> (dev.bascule.api.sample.SampleConverterFactory) c);
        }

        @Override
        public java.util.Optional<dev.bascule.api.balance.BalancingAlgorithmFactory> balancingAlgorithm(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.SortedSet<String> balancingAlgorithmNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public java.util.Optional<dev.bascule.api.check.HealthCheckFactory> healthCheck(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.SortedSet<String> healthCheckNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public java.util.Optional<SampleFetchFactory> sampleFetch(String keyword) {
            return PLUGIN.sampleFetches().stream().filter(f -> f.keyword().equals(keyword)).findFirst();
        }

        @Override
        public java.util.SortedSet<String> sampleFetchNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public java.util.Optional<dev.bascule.api.sample.AclMatcherFactory> aclMatcher(String name) {
            return PLUGIN.aclMatchers().stream().filter(m -> m.name().equals(name)).findFirst()
                    .map(m -> (dev.bascule.api.sample.AclMatcherFactory) m);
        }

        @Override
        public java.util.SortedSet<String> aclMatcherNames() {
            return new java.util.TreeSet<>();
        }

        @Override
        public java.util.Optional<dev.bascule.api.sample.AclKeyword> aclKeyword(String name) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.SortedSet<String> aclKeywordNames() {
            return new java.util.TreeSet<>();
        }
    };

    static AclMatcher matcher(String method, String... patterns) throws InvalidArgumentException {
        return matcher(method, false, patterns);
    }

    static AclMatcher matcher(String method, boolean ignoreCase, String... patterns) throws InvalidArgumentException {
        return PLUGIN.aclMatchers().stream().filter(m -> m.name().equals(method)).findFirst().orElseThrow()
                .compile(Arrays.asList(patterns), new MatchOptions(ignoreCase));
    }

    /** The single value a non-ACL caller gets, as text, or null when there is none. */
    static String single(SampleFetch fetch, TrafficView traffic) {
        Sample sample = new Sample().reset(false);
        return fetch.fetch(traffic, sample) ? sample.toString() : null;
    }

    /** Every value an ACL caller gets, one per call, following {@link Sample#more()}. */
    static List<String> all(SampleFetch fetch, TrafficView traffic) {
        List<String> values = new ArrayList<>();
        Sample sample = new Sample().reset(true);
        while (fetch.fetch(traffic, sample)) {
            values.add(sample.toString());
            if (!sample.more()) {
                break;
            }
        }
        return values;
    }

    /** A string sample over the middle of a larger sequence, to prove matchers respect the range. */
    static Sample text(String value) {
        String padded = "#~" + value + "~#";
        return new Sample().setString(padded, 2, 2 + value.length());
    }
}
