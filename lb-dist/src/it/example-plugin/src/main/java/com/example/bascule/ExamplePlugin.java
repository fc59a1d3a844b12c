package com.example.bascule;

import dev.bascule.api.Plugin;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;

import java.util.Collection;
import java.util.List;

/**
 * The example plugin's entry point: Bascule finds this class by scanning the packages named in
 * {@code META-INF/bascule-plugin.properties}, creates it once with its public no-argument
 * constructor, and registers every factory it returns under the factory's keyword.
 *
 * <p>The methods run at start-up (they may run more than once, so they only hand out factories
 * made here). Each keyword starts with {@code example.}, the plugin's name, as HAProxy's Lua
 * keywords start with {@code lua.}: a keyword served twice is a start-up error, and a later
 * Bascule may add a built-in of any unprefixed name.
 */
public final class ExamplePlugin implements Plugin {
    private final List<BalancingAlgorithmFactory> algorithms = List.of(new HeaderPinAlgorithmFactory());
    private final List<SampleFetchFactory> fetches = List.of(new PathDepthFetchFactory());
    private final List<SampleConverterFactory> converters = List.of(new MaskConverterFactory());
    private final List<ActionFactory> actions = List.of(new TagActionFactory());

    /** {@code balance example.pin(<header>)}. */
    @Override
    public Collection<BalancingAlgorithmFactory> balancingAlgorithms() {
        return algorithms;
    }

    /** {@code example.path_depth}. */
    @Override
    public Collection<SampleFetchFactory> sampleFetches() {
        return fetches;
    }

    /** {@code example.mask(<keep>[,<char>])}. */
    @Override
    public Collection<SampleConverterFactory> sampleConverters() {
        return converters;
    }

    /** {@code http-request example.tag <header> <expression> [or-deny <status>]}. */
    @Override
    public Collection<ActionFactory> actions() {
        return actions;
    }
}
