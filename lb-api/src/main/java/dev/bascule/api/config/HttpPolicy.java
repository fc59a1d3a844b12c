package dev.bascule.api.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The HTTP rules of one proxy section, in the order HAProxy runs them: {@code http-request}
 * rules, then {@code redirect} rules (in a frontend, before {@code use_backend}), and on the way
 * back {@code http-response} rules; plus {@code option forwardfor}.
 *
 * @param requestRules  {@code http-request} lines, in order
 * @param redirectRules {@code redirect} lines, in order: {@link ActionCall}s of the {@code redirect}
 *                      action (since 1.1; their target is plain text, its {@code %} written {@code %%})
 * @param responseRules {@code http-response} lines, in order
 * @param forwardFor    {@code option forwardfor}
 * @param bufferRequest {@code option http-buffer-request}: the request body is waited for (up to a
 *                      buffer's worth) before the section's rules run
 * @param monitorUri    {@code monitor-uri}: requests for it are answered 200 by the proxy itself
 * @param uniqueIdFormat {@code unique-id-format}: how each request's unique ID is made
 * @param uniqueIdHeader {@code unique-id-header}: the header carrying that ID to the server
 * @param errorReplies  {@code errorfile}, {@code errorfiles}: the replies replacing the built-in
 *                      pages, by status; an empty one closes the connection without a reply
 * @param originalTo    {@code option originalto} (its {@code if-none} is always false)
 * @param afterResponseRules {@code http-after-response} lines, in order: run on every response,
 *                      the server's and the proxy's own
 * @param monitorFail   {@code monitor fail if|unless} conditions: the monitor URI answers 503
 *                      when one holds
 * @param stats         {@code stats enable}, {@code stats uri}...: the statistics page the section
 *                      answers once its {@code http-request} rules let a request through
 * @param tarpitTimeout {@code timeout tarpit} (else {@code timeout connect} in a section with a
 *                      backend, as HAProxy): how long {@code http-request tarpit} holds a request of
 *                      this section's rules; empty for no delay
 * @param ignorePersist {@code ignore-persist if|unless} conditions: a request for which one holds
 *                      does not follow the backend's persistence cookie
 */
public record HttpPolicy(List<HttpRequestRule> requestRules, List<HttpRequestRule> redirectRules,
                         List<HttpResponseRule> responseRules, Optional<ForwardFor> forwardFor,
                         boolean bufferRequest, Optional<String> monitorUri, Optional<LogFormat> uniqueIdFormat,
                         Optional<String> uniqueIdHeader,
                         Map<Integer, Optional<HttpRequestAction.Return>> errorReplies,
                         Optional<ForwardFor> originalTo, List<HttpResponseRule> afterResponseRules,
                         List<Condition> monitorFail, Optional<StatsPage> stats,
                         Optional<Duration> tarpitTimeout, List<Condition> ignorePersist) {
    /** No rule. */
    public static final HttpPolicy NONE = new HttpPolicy(List.of(), List.of(), List.of(), Optional.empty());

    /** A section that does not wait for request bodies. */
    public HttpPolicy(List<HttpRequestRule> requestRules, List<HttpRequestRule> redirectRules,
                      List<HttpResponseRule> responseRules, Optional<ForwardFor> forwardFor) {
        this(requestRules, redirectRules, responseRules, forwardFor, false);
    }

    /** A section without monitor URI nor unique IDs. */
    public HttpPolicy(List<HttpRequestRule> requestRules, List<HttpRequestRule> redirectRules,
                      List<HttpResponseRule> responseRules, Optional<ForwardFor> forwardFor, boolean bufferRequest) {
        this(requestRules, redirectRules, responseRules, forwardFor, bufferRequest, Optional.empty(), Optional.empty(),
                Optional.empty(), Map.of(), Optional.empty(), List.of(), List.of(), Optional.empty(), Optional.empty(),
                List.of());
    }

    public HttpPolicy {
        requestRules = List.copyOf(requestRules);
        redirectRules = List.copyOf(redirectRules);
        for (HttpRequestRule rule : redirectRules) {
            if (!(rule.action() instanceof ActionCall call && call.keyword().equals("redirect"))) {
                throw new IllegalArgumentException("redirectRules: " + rule.action() + " is not a redirect");
            }
        }
        responseRules = List.copyOf(responseRules);
        requireNonNull(forwardFor, "forwardFor");
        requireNonNull(monitorUri, "monitorUri");
        requireNonNull(uniqueIdFormat, "uniqueIdFormat");
        requireNonNull(uniqueIdHeader, "uniqueIdHeader");
        errorReplies = Map.copyOf(errorReplies);
        requireNonNull(originalTo, "originalTo");
        afterResponseRules = List.copyOf(afterResponseRules);
        monitorFail = List.copyOf(monitorFail);
        requireNonNull(stats, "stats");
        requireNonNull(tarpitTimeout, "tarpitTimeout");
        ignorePersist = List.copyOf(ignorePersist);
    }
}
