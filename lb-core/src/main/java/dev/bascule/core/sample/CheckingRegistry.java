package dev.bascule.core.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;

import java.util.List;
import java.util.Optional;
import java.util.SortedSet;

import static java.util.Objects.requireNonNull;

/**
 * The registry the host lends a configuration loader, which checks each converter it reads by
 * creating it ({@code create(arguments)}, as any plugin can): a converter it creates gets
 * {@link SampleHost#standalone()}, so that {@code map(file)} is checked against the file as it
 * will be when the configuration is compiled. Everything else is the plugins' registry as it is.
 * Every method of {@link KeywordRegistry} is delegated (a test checks it).
 */
public final class CheckingRegistry implements KeywordRegistry {
    private final KeywordRegistry plugins;

    public CheckingRegistry(KeywordRegistry plugins) {
        this.plugins = requireNonNull(plugins, "plugins");
    }

    @Override
    public Optional<BalancingAlgorithmFactory> balancingAlgorithm(String name) {
        return plugins.balancingAlgorithm(name);
    }

    @Override
    public SortedSet<String> balancingAlgorithmNames() {
        return plugins.balancingAlgorithmNames();
    }

    @Override
    public Optional<HealthCheckFactory> healthCheck(String name) {
        return plugins.healthCheck(name);
    }

    @Override
    public SortedSet<String> healthCheckNames() {
        return plugins.healthCheckNames();
    }

    @Override
    public Optional<SampleFetchFactory> sampleFetch(String keyword) {
        return plugins.sampleFetch(keyword);
    }

    @Override
    public SortedSet<String> sampleFetchNames() {
        return plugins.sampleFetchNames();
    }

    @Override
    public Optional<SampleConverterFactory> sampleConverter(String keyword) {
        return plugins.sampleConverter(keyword).map(Standalone::new);
    }

    @Override
    public SortedSet<String> sampleConverterNames() {
        return plugins.sampleConverterNames();
    }

    @Override
    public Optional<AclMatcherFactory> aclMatcher(String name) {
        return plugins.aclMatcher(name);
    }

    @Override
    public SortedSet<String> aclMatcherNames() {
        return plugins.aclMatcherNames();
    }

    @Override
    public Optional<AclKeyword> aclKeyword(String name) {
        return plugins.aclKeyword(name);
    }

    @Override
    public SortedSet<String> aclKeywordNames() {
        return plugins.aclKeywordNames();
    }

    @Override
    public Optional<ActionFactory> action(String written) {
        return plugins.action(written);
    }

    @Override
    public SortedSet<String> actionNames() {
        return plugins.actionNames();
    }

    @Override
    public SortedSet<String> serviceNames() {
        return plugins.serviceNames();
    }

    /** A converter factory whose context-free {@code create} gets the standalone context. */
    private record Standalone(SampleConverterFactory factory) implements SampleConverterFactory {
        @Override
        public String keyword() {
            return factory.keyword();
        }

        @Override
        public SampleType inputType() {
            return factory.inputType();
        }

        @Override
        public SampleType outputType() {
            return factory.outputType();
        }

        @Override
        public SampleConverter create(List<String> arguments) throws InvalidArgumentException {
            return factory.create(arguments, SampleHost.standalone());
        }

        @Override
        public SampleConverter create(List<String> arguments, ConverterContext context)
                throws InvalidArgumentException {
            return factory.create(arguments, context);
        }
    }
}
