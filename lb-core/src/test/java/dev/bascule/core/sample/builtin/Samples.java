package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.TrafficView;

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
