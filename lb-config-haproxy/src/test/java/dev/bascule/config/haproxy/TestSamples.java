package dev.bascule.config.haproxy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;

import java.util.List;
import java.util.Set;

/**
 * Fetches and match methods for loader tests: the loader only checks names, types and
 * arguments, so these never run.
 */
final class TestSamples {
    private TestSamples() {
    }

    static SampleFetchFactory fetch(String keyword, SampleType type, int maxArguments) {
        return fetch(keyword, type, maxArguments, Phase.HTTP_REQUEST);
    }

    static SampleFetchFactory fetch(String keyword, SampleType type, int maxArguments, Phase... phases) {
        return new SampleFetchFactory() {
            @Override
            public String keyword() {
                return keyword;
            }

            @Override
            public SampleType outputType() {
                return type;
            }

            @Override
            public Set<Phase> availableIn() {
                return Set.of(phases);
            }

            @Override
            public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
                if (arguments.size() > maxArguments) {
                    throw new InvalidArgumentException("'" + keyword + "' takes at most " + maxArguments
                            + " argument(s)");
                }
                return (traffic, out) -> false;
            }
        };
    }

    static AclMatcherFactory matcher(String name, boolean needsPatterns, SampleType... accepts) {
        return new AclMatcherFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Set<SampleType> accepts() {
                return Set.of(accepts);
            }

            @Override
            public AclMatcher compile(List<String> patterns, MatchOptions options) throws InvalidArgumentException {
                if (!needsPatterns && !patterns.isEmpty()) {
                    throw new InvalidArgumentException("'" + name + "' takes no pattern");
                }
                return sample -> false;
            }
        };
    }

    static SampleFetchFactory[] fetches() {
        return new SampleFetchFactory[] {fetch("req.hdr", SampleType.STRING, 2), fetch("path", SampleType.STRING, 0),
            fetch("ssl_fc", SampleType.BOOLEAN, 0), fetch("src", SampleType.ADDRESS, 0),
            fetch("method", SampleType.METHOD, 0), fetch("always_true", SampleType.BOOLEAN, 0, Phase.values()), worded("bool"),
            fetch("http_auth", SampleType.BOOLEAN, 1), fetch("http_auth_group", SampleType.STRING, 1),
            fetch("req.len", SampleType.INTEGER, 0, Phase.HTTP_REQUEST)};
    }

    /** A fetch whose argument errors are worded as HAProxy's, as the built-in ones word them. */
    static SampleFetchFactory worded(String keyword) {
        SampleFetchFactory plain = fetch(keyword, SampleType.BOOLEAN, 1);
        return new SampleFetchFactory() {
            @Override
            public String keyword() {
                return keyword;
            }

            @Override
            public SampleType outputType() {
                return SampleType.BOOLEAN;
            }

            @Override
            public Set<Phase> availableIn() {
                return plain.availableIn();
            }

            @Override
            public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
                if (arguments.isEmpty()) {
                    throw new InvalidArgumentException("fetch method '" + keyword
                            + "' : expected type 'string' at position 1, but got nothing");
                }
                if (!arguments.get(0).equals("1")) {
                    throw new InvalidArgumentException("invalid args in fetch method '" + keyword
                            + "' : Expects 'true', 'false', '0' or '1'");
                }
                return plain.create(arguments);
            }
        };
    }

    static AclMatcherFactory[] matchers() {
        return new AclMatcherFactory[] {matcher("str", true, SampleType.STRING, SampleType.METHOD),
            matcher("beg", true, SampleType.STRING), matcher("end", true, SampleType.STRING),
            matcher("bool", false, SampleType.BOOLEAN, SampleType.INTEGER),
            matcher("ip", true, SampleType.ADDRESS, SampleType.STRING),
            matcher("found", false, SampleType.values())};
    }

    static AclKeyword[] aclKeywords() {
        return new AclKeyword[] {new AclKeyword("hdr", "req.hdr", "str"), new AclKeyword("hdr_end", "req.hdr", "end"),
            new AclKeyword("path_beg", "path", "beg")};
    }

    /** A converter that only checks its argument count. */
    static SampleConverterFactory converter(String keyword, SampleType in, SampleType out, int maxArguments) {
        return new SampleConverterFactory() {
            @Override
            public String keyword() {
                return keyword;
            }

            @Override
            public SampleType inputType() {
                return in;
            }

            @Override
            public SampleType outputType() {
                return out;
            }

            @Override
            public SampleConverter create(List<String> arguments) throws InvalidArgumentException {
                if (arguments.size() > maxArguments) {
                    throw new InvalidArgumentException("'" + keyword + "' takes at most " + maxArguments + " argument(s)");
                }
                return (traffic, sample) -> true;
            }
        };
    }

    static SampleConverterFactory[] converters() {
        return new SampleConverterFactory[] {converter("lower", SampleType.STRING, SampleType.STRING, 0),
            converter("field", SampleType.STRING, SampleType.STRING, 3),
            converter("length", SampleType.STRING, SampleType.INTEGER, 0)};
    }
}
