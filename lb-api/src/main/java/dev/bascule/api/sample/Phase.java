package dev.bascule.api.sample;

/** When a fetch can be evaluated. */
public enum Phase {
    /** {@code tcp-request connection}: only the connection's addresses are known. */
    TCP_CONNECTION,
    /** {@code tcp-request content}: the first bytes may be inspected. */
    TCP_CONTENT,
    /** {@code http-request}: the request head is parsed. */
    HTTP_REQUEST,
    /** {@code http-response}: the response head is parsed. */
    HTTP_RESPONSE,
    /**
     * A {@code log-format} line, written at the stream's end: the connection, the session, what the
     * transaction kept (captures, variables, the status); no header is left.
     */
    LOG
}
