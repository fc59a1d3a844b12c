package dev.bascule.api.config;

/**
 * What a {@code tcp-request connection|session|content} or {@code tcp-response content} rule
 * does: {@code accept} and {@code reject} end the rule set, {@code set-var}, {@code set-var-fmt} and
 * {@code unset-var} go on to the next rule.
 */
public sealed interface TcpAction permits TcpAction.Accept, TcpAction.Reject, TcpAction.Close,
        TrackCounter, ActionCall {
    /** {@code accept}: the remaining rules of the set are skipped, the traffic goes on. */
    record Accept() implements TcpAction {
    }

    /**
     * {@code reject}: the connection is closed at once, nothing is forwarded (for a
     * {@code tcp-response content} rule, the server's connection too).
     */
    record Reject() implements TcpAction {
    }

    /** {@code tcp-response content close}: the server connection is closed; what was relayed stays relayed. */
    record Close() implements TcpAction {
    }
}
