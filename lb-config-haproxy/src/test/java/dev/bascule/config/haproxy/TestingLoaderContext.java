package dev.bascule.config.haproxy;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.loader.AccountLookupException;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.LoaderContext;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.builtin.action.BuiltinActionsPlugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A loader context with a fixed registry and environment. */
record TestingLoaderContext(KeywordRegistry registry, Map<String, String> environment) implements LoaderContext {
    /** Knows {@code roundrobin} (taking no argument) and the fetches of {@link TestSamples}. */
    static final KeywordRegistry ROUND_ROBIN =
            TestingKeywordRegistry.withAlgorithms(new NoArgumentAlgorithmFactory("roundrobin"))
                    .plusSampleFetches(TestSamples.fetches())
                    .plusAclMatchers(TestSamples.matchers())
                    .plusAclKeywords(TestSamples.aclKeywords())
                    .plusSampleConverters(TestSamples.converters())
                    .plusActions(new BuiltinActionsPlugin().actions())
                    .plusServices("prometheus-exporter");

    TestingLoaderContext {
        requireNonNull(registry, "registry");
        environment = Map.copyOf(environment);
    }

    /**
     * The host's condition evaluator, reduced to what these tests write: {@code 1}, {@code 0} and
     * {@code defined(NAME)} against the environment (the whole language is lb-core's, tested there).
     */
    @Override
    public boolean condition(String expression) {
        if (expression.equals("1") || expression.equals("0")) {
            return expression.equals("1");
        }
        if (expression.startsWith("defined(") && expression.endsWith(")")) {
            return environment.containsKey(expression.substring("defined(".length(), expression.length() - 1));
        }
        throw new dev.bascule.api.loader.InvalidConditionException("unparsable conditional expression '" + expression
                + "'", 0);
    }

    /** {@code getpwnam()} reduced to the files of this machine: {@code /etc/passwd}. */
    @Override
    public int userId(String name) throws AccountLookupException {
        return accountId(Path.of("/etc/passwd"), name);
    }

    /** {@code getgrnam()} reduced to the files of this machine: {@code /etc/group}. */
    @Override
    public int groupId(String name) throws AccountLookupException {
        return accountId(Path.of("/etc/group"), name);
    }

    /** The third field of the line of {@code database} whose first is {@code name}. */
    private static int accountId(Path database, String name) throws AccountLookupException {
        try {
            for (String line : Files.readAllLines(database)) {
                String[] fields = line.split(":", -1);
                if (fields.length > 2 && fields[0].equals(name)) {
                    return Integer.parseInt(fields[2]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AccountLookupException(0, "Success");
    }

    /** {@code roundrobin} only, no environment variable. */
    static TestingLoaderContext plain() {
        return new TestingLoaderContext(ROUND_ROBIN, Map.of());
    }

    static TestingLoaderContext withEnvironment(Map<String, String> environment) {
        return new TestingLoaderContext(ROUND_ROBIN, environment);
    }
}
