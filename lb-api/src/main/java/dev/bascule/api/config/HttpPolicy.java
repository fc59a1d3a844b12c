package dev.bascule.api.config;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP rules of one proxy section, in the order HAProxy runs them: {@code http-request}
 * rules, then {@code redirect} rules (in a frontend, before {@code use_backend}), and on the way
 * back {@code http-response} rules; plus {@code option forwardfor}.
 *
 * @param requestRules  {@code http-request} lines, in order
 * @param redirectRules {@code redirect} lines, in order (their actions are {@link HttpRedirect}s)
 * @param responseRules {@code http-response} lines, in order
 * @param forwardFor    {@code option forwardfor}
 */
public record HttpPolicy(List<HttpRequestRule> requestRules, List<HttpRequestRule> redirectRules,
                         List<HttpResponseRule> responseRules, Optional<ForwardFor> forwardFor) {
    /** No rule. */
    public static final HttpPolicy NONE = new HttpPolicy(List.of(), List.of(), List.of(), Optional.empty());

    public HttpPolicy {
        requestRules = List.copyOf(requestRules);
        redirectRules = List.copyOf(redirectRules);
        for (HttpRequestRule rule : redirectRules) {
            if (!(rule.action() instanceof HttpRedirect)) {
                throw new IllegalArgumentException("redirectRules: " + rule.action() + " is not a redirect");
            }
        }
        responseRules = List.copyOf(responseRules);
        requireNonNull(forwardFor, "forwardFor");
    }
}
