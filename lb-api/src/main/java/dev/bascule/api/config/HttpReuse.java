package dev.bascule.api.config;

/** {@code http-reuse}: which requests may take an idle server connection another session left. */
public enum HttpReuse {
    /** Server connections are never shared between sessions. */
    NEVER,
    /** Only a session's later requests may take an idle connection (HAProxy's default). */
    SAFE,
    /** A session's first request too, on connections that have already been reused once. */
    AGGRESSIVE,
    /** Any request may take any idle connection. */
    ALWAYS
}
