package dev.bascule.core.service;

import dev.bascule.core.stats.StatsReport;

/**
 * A service a request can be handed to with {@code http-request use-service <name>}, as HAProxy's
 * services ({@code service_keywords_register()}): it answers the request in the proxy's place.
 * Stateless and shared; called on the event loop that took the request.
 */
public interface HttpService {
    /** The name {@code use-service} takes ({@code prometheus-exporter}). */
    String name();

    /** The name the log line gives as the server ({@code <PROMEX>}, HAProxy's applet name). */
    String logName();

    /** The content type of a successful answer. */
    String contentType();

    /**
     * Writes the body answering the request target {@code uri} into {@code out}, from
     * {@code report} as it is at {@code nowMillis}.
     *
     * @return false when the request is refused (HAProxy's 400); {@code out} is then untouched
     */
    boolean answer(String uri, StatsReport report, long nowMillis, StringBuilder out);
}
