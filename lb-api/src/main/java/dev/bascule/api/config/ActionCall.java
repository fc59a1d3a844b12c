package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * An action served by a plugin's {@link dev.bascule.api.action.ActionFactory}, kept as written: the
 * loader knows its rule set and condition, not its grammar. The host creates the action when it
 * compiles the configuration, and reports the factory's refusal at the rule's line.
 *
 * @param keyword   the keyword as written ({@code set-var(txn.x)} for a prefix keyword)
 * @param arguments the words after it, up to the rule's condition
 */
public record ActionCall(String keyword, List<String> arguments)
        implements HttpRequestAction, HttpResponseAction, TcpAction {
    public ActionCall {
        requireNonNull(keyword, "keyword");
        arguments = List.copyOf(arguments);
    }
}
