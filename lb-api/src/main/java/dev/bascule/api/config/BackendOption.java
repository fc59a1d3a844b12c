package dev.bascule.api.config;

/**
 * A backend's on/off {@code option} that changes how a server is chosen (HAProxy's
 * {@code PR_O_*} flags of the same names). Later flags join this set rather than the record's
 * positional components.
 *
 * @since 1.2
 */
public enum BackendOption {
    /**
     * {@code option persist}: a request whose persistence cookie names a server that is down is
     * still sent to that server (then to another one with {@code option redispatch} when it cannot
     * be reached), rather than balanced.
     */
    PERSIST,
    /**
     * {@code option prefer-last-server}: with an algorithm that is not a hash, a request goes to the
     * server its client connection still holds a connection to (a private one: {@code http-reuse
     * never}), when that server is usable, rather than balanced.
     */
    PREFER_LAST_SERVER
}
