package dev.bascule.core.rules;

/**
 * The compiled {@code tcp-request} and {@code tcp-response} rules of one proxy, each set in order.
 * Their kinds are {@link RuleKind#ALLOW} ({@code accept}), {@link RuleKind#DENY} ({@code reject}),
 * {@link RuleKind#CLOSE}, {@link RuleKind#SET_VAR} and {@link RuleKind#UNSET_VAR}.
 */
public final class TcpRules {
    /** A proxy without tcp rules. */
    public static final TcpRules NONE = new TcpRules(new HttpRule[0], new HttpRule[0], new HttpRule[0], 0,
            new HttpRule[0], 0);

    private final HttpRule[] connection;
    private final HttpRule[] session;
    private final HttpRule[] content;
    private final long inspectDelayMillis;
    private final HttpRule[] response;
    private final long responseInspectDelayMillis;

    TcpRules(HttpRule[] connection, HttpRule[] session, HttpRule[] content, long inspectDelayMillis,
             HttpRule[] response, long responseInspectDelayMillis) {
        this.connection = connection;
        this.session = session;
        this.content = content;
        this.inspectDelayMillis = inspectDelayMillis;
        this.response = response;
        this.responseInspectDelayMillis = responseInspectDelayMillis;
    }

    /** {@code tcp-request connection} rules. */
    public HttpRule[] connection() {
        return connection;
    }

    /** {@code tcp-request session} rules. */
    public HttpRule[] session() {
        return session;
    }

    /** {@code tcp-request content} rules. */
    public HttpRule[] content() {
        return content;
    }

    /** {@code tcp-request inspect-delay}, 0 when unset. */
    public long inspectDelayMillis() {
        return inspectDelayMillis;
    }

    /** {@code tcp-response content} rules. */
    public HttpRule[] response() {
        return response;
    }

    /** {@code tcp-response inspect-delay}, 0 when unset. */
    public long responseInspectDelayMillis() {
        return responseInspectDelayMillis;
    }

    /** True when there is no rule at all. */
    public boolean isEmpty() {
        return connection.length == 0 && session.length == 0 && content.length == 0 && response.length == 0;
    }
}
