package dev.bascule.api.action;

import dev.bascule.api.sample.Phase;

/**
 * The rule sets an action keyword can be written in, as HAProxy keeps one action keyword list per
 * rule set ({@code http_req_keywords}, {@code tcp_req_conn_keywords}, ...).
 */
public enum RuleSet {
    HTTP_REQUEST("http-request", Phase.HTTP_REQUEST),
    HTTP_RESPONSE("http-response", Phase.HTTP_RESPONSE),
    HTTP_AFTER_RESPONSE("http-after-response", Phase.HTTP_RESPONSE),
    TCP_REQUEST_CONNECTION("tcp-request connection", Phase.TCP_CONNECTION),
    TCP_REQUEST_SESSION("tcp-request session", Phase.TCP_CONNECTION),
    TCP_REQUEST_CONTENT("tcp-request content", Phase.TCP_CONTENT),
    TCP_RESPONSE_CONTENT("tcp-response content", Phase.TCP_CONTENT);

    private final String keyword;
    private final Phase phase;

    RuleSet(String keyword, Phase phase) {
        this.keyword = keyword;
        this.phase = phase;
    }

    /** The rule keyword as written in a configuration, for example {@code http-request}. */
    public String keyword() {
        return keyword;
    }

    /**
     * What the samples of a rule in this set can see. A {@code tcp-request content} rule of an
     * HTTP proxy sees the parsed request: the host then compiles its expressions for
     * {@link Phase#HTTP_REQUEST}.
     */
    public Phase phase() {
        return phase;
    }

    /** Whether the rules of this set run on an HTTP message. */
    public boolean http() {
        return this == HTTP_REQUEST || this == HTTP_RESPONSE || this == HTTP_AFTER_RESPONSE;
    }

    /** Whether the rules of this set run on the response side. */
    public boolean response() {
        return this == HTTP_RESPONSE || this == HTTP_AFTER_RESPONSE || this == TCP_RESPONSE_CONTENT;
    }
}
