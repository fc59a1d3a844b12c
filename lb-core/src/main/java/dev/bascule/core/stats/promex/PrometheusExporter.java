package dev.bascule.core.stats.promex;

import dev.bascule.core.service.HttpService;
import dev.bascule.core.stats.StatsReport;

/**
 * The {@code prometheus-exporter} service: HAProxy 2.6's metrics, in the text exposition format
 * (version 0.0.4), for the scopes the query asks for ({@link PromexQuery}). The values are the
 * statistics page's ({@link StatsReport}): a field the page leaves empty is {@code NaN}, as HAProxy
 * writes an empty field.
 */
public final class PrometheusExporter implements HttpService {
    public static final String NAME = "prometheus-exporter";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String logName() {
        return "<PROMEX>";
    }

    @Override
    public String contentType() {
        return "text/plain; version=0.0.4";
    }

    @Override
    public boolean answer(String uri, StatsReport report, long nowMillis, StringBuilder out) {
        PromexQuery query = PromexQuery.parse(uri);
        if (query == null) {
            return false;
        }
        new PromexWriter(report, query, nowMillis, out).write();
        return true;
    }
}
