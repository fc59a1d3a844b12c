/**
 * HAProxy 2.6's Prometheus exporter ({@code http-request use-service prometheus-exporter}, its
 * {@code addons/promex}): the statistics page's values in the text exposition format, under the
 * exporter's metric names. Internal to Bascule: may change at any time.
 */
package dev.bascule.core.stats.promex;
