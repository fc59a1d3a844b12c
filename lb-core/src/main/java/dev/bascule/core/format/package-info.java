/**
 * HAProxy's log-format engine: a format string (as the loader read it, a {@link
 * dev.bascule.api.config.LogFormat}) compiled once into parts, then rendered per message without
 * allocating. One engine for every place HAProxy takes a log-format string: log lines
 * ({@code log-format}), header values, redirects, {@code http-request return} replies,
 * {@code set-var-fmt}, {@code use_backend} names and {@code unique-id-format}. What a variable
 * writes comes from a {@link dev.bascule.core.format.Dialect}: a finished stream's log record, or the
 * live traffic the rules see.
 */
package dev.bascule.core.format;
