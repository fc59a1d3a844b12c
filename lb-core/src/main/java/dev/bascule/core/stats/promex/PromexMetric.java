package dev.bascule.core.stats.promex;

import static java.util.Objects.requireNonNull;

/**
 * One metric of HAProxy's exporter.
 *
 * @param name    the name after the scope's prefix ({@code current_sessions})
 * @param counter a {@code counter}, else a {@code gauge}
 * @param field   the statistics page's field the value is read from ({@code scur}), empty when the
 *                exporter computes it
 * @param help    the {@code # HELP} text
 */
record PromexMetric(String name, boolean counter, String field, String help) {
    PromexMetric {
        requireNonNull(name, "name");
        requireNonNull(field, "field");
        requireNonNull(help, "help");
    }
}
