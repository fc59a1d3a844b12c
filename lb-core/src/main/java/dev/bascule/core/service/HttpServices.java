package dev.bascule.core.service;

import dev.bascule.api.Nullable;
import dev.bascule.core.stats.promex.PrometheusExporter;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The services {@code use-service} can name, by name (HAProxy's {@code service_keywords} list):
 * Bascule's own, not plugins'. A new service is a class and one line here.
 */
public final class HttpServices {
    private static final Map<String, HttpService> SERVICES = List.<HttpService>of(new PrometheusExporter())
            .stream().collect(Collectors.toUnmodifiableMap(HttpService::name, Function.identity()));

    /** Every service's name, sorted. */
    public static final SortedSet<String> NAMES = Collections.unmodifiableSortedSet(new TreeSet<>(SERVICES.keySet()));

    private HttpServices() {
    }

    /** The service called {@code name}, null when there is none. */
    public static @Nullable HttpService get(String name) {
        return SERVICES.get(name);
    }
}
