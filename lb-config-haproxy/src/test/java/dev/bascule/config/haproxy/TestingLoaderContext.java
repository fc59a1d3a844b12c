package dev.bascule.config.haproxy;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.loader.LoaderContext;

import java.util.Map;

/** A loader context with a fixed registry and environment. */
record TestingLoaderContext(KeywordRegistry registry, Map<String, String> environment) implements LoaderContext {
    TestingLoaderContext {
        requireNonNull(registry, "registry");
        environment = Map.copyOf(environment);
    }

    /** {@code roundrobin} only, no environment variable. */
    static TestingLoaderContext plain() {
        return new TestingLoaderContext(TestingKeywordRegistry.roundRobin(), Map.of());
    }

    static TestingLoaderContext withEnvironment(Map<String, String> environment) {
        return new TestingLoaderContext(TestingKeywordRegistry.roundRobin(), environment);
    }
}
