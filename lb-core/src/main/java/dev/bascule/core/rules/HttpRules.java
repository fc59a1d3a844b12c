package dev.bascule.core.rules;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.runtime.DirectResponse;

import java.util.List;

/**
 * The compiled HTTP rules of one proxy: {@code http-request}, {@code redirect},
 * {@code http-response}, {@code http-after-response}, in order, and {@code option forwardfor}.
 */
public final class HttpRules {
    /** A proxy without rules. */
    public static final HttpRules NONE = new HttpRules(new HttpRule[0], new HttpRule[0], new HttpRule[0], null, null,
            false);

    private final HttpRule[] request;
    private final HttpRule[] redirects;
    private final HttpRule[] response;
    private final @Nullable ForwardFor forwardFor;
    private final @Nullable ForwardFor originalTo;
    private final boolean bufferRequest;
    private @Nullable String monitorUri;
    private @Nullable CompiledReply @Nullable [] errorReplies;
    private HttpRule[] afterResponse = new HttpRule[0];
    private CompiledCondition[] monitorFail = new CompiledCondition[0];
    private @Nullable TrafficFormat uniqueIdFormat;
    private @Nullable String uniqueIdHeader;

    HttpRules(HttpRule[] request, HttpRule[] redirects, HttpRule[] response, @Nullable ForwardFor forwardFor,
              @Nullable ForwardFor originalTo, boolean bufferRequest) {
        this.originalTo = originalTo;
        this.request = request;
        this.redirects = redirects;
        this.response = response;
        this.forwardFor = forwardFor;
        this.bufferRequest = bufferRequest;
    }

    /** Sets the frontend-level options (at compile time, before the rules are shared). */
    HttpRules withFrontendOptions(@Nullable String monitorUri, @Nullable TrafficFormat uniqueIdFormat,
                                  @Nullable String uniqueIdHeader) {
        this.monitorUri = monitorUri;
        this.uniqueIdFormat = uniqueIdFormat;
        this.uniqueIdHeader = uniqueIdHeader;
        return this;
    }

    private long tarpitMillis;

    /** Sets {@code timeout tarpit} (at compile time, before the rules are shared). */
    HttpRules withTarpit(long millis) {
        this.tarpitMillis = millis;
        return this;
    }

    /** How long {@code http-request tarpit} holds a request of these rules ({@code timeout tarpit}), 0 for no delay. */
    public long tarpitMillis() {
        return tarpitMillis;
    }

    /** Sets the {@code http-after-response} rules (at compile time, before the rules are shared). */
    HttpRules withAfterResponse(HttpRule[] rules) {
        this.afterResponse = rules;
        return this;
    }

    private dev.bascule.api.config.@Nullable StatsPage stats;

    /** Sets the statistics page (at compile time, before the rules are shared). */
    HttpRules withStats(dev.bascule.api.config.@Nullable StatsPage page, @Nullable CompiledCondition condition,
                        @Nullable CompiledReply challenge) {
        this.stats = page;
        this.statsChallengeCondition = condition;
        this.statsChallenge = challenge;
        return this;
    }

    private CompiledCondition[] statsAdmin = new CompiledCondition[0];

    /** Sets the {@code stats admin} conditions (at compile time, before the rules are shared). */
    HttpRules withStatsAdmin(CompiledCondition[] conditions) {
        this.statsAdmin = conditions;
        return this;
    }

    /** HAProxy's {@code http_handle_stats()}: whether a {@code stats admin} rule holds, giving the request the admin form. */
    public boolean statsAdmin(TrafficView traffic, Sample sample) {
        for (CompiledCondition condition : statsAdmin) {
            if (condition.test(traffic, sample)) {
                return true;
            }
        }
        return false;
    }

    private @Nullable CompiledCondition statsChallengeCondition;
    private @Nullable CompiledReply statsChallenge;

    /**
     * {@code stats auth}: the reply of the {@code auth} rule that runs when the page is asked for
     * (the proxy's 401 with the page's realm); null when the page is open.
     */
    public @Nullable CompiledReply statsChallenge() {
        return statsChallenge;
    }

    /** Whether {@link #statsChallenge()}'s rule applies: the credentials are not one of the page's accounts. */
    public boolean statsChallenged(TrafficView traffic, Sample sample) {
        return statsChallenge != null && CompiledCondition.holds(statsChallengeCondition, traffic, sample);
    }

    /** {@code stats enable}, {@code stats uri}...: the page the proxy serves after its http-request rules; null when none. */
    public dev.bascule.api.config.@Nullable StatsPage stats() {
        return stats;
    }

    /** Sets the {@code monitor fail} conditions (at compile time, before the rules are shared). */
    HttpRules withMonitorFail(CompiledCondition[] conditions) {
        this.monitorFail = conditions;
        return this;
    }

    private CompiledCondition[] ignorePersist = new CompiledCondition[0];

    /** Sets the {@code ignore-persist} conditions (at compile time, before the rules are shared). */
    HttpRules withIgnorePersist(CompiledCondition[] conditions) {
        this.ignorePersist = conditions;
        return this;
    }

    /**
     * True when an {@code ignore-persist} condition holds (HAProxy's {@code SF_IGNORE_PRST}): the
     * request does not follow the persistence cookie.
     */
    public boolean ignoresPersistence(TrafficView traffic, Sample sample) {
        for (CompiledCondition condition : ignorePersist) {
            if (condition.test(traffic, sample)) {
                return true;
            }
        }
        return false;
    }

    /** True when a {@code monitor fail} condition holds: the monitor URI then answers 503. */
    public boolean monitorFails(TrafficView traffic, Sample sample) {
        for (CompiledCondition condition : monitorFail) {
            if (condition.test(traffic, sample)) {
                return true;
            }
        }
        return false;
    }

    /** How many {@code http-after-response} rules there are. */
    public int afterResponseCount() {
        return afterResponse.length;
    }

    /** The {@code http-after-response} rule at {@code index}. */
    public HttpRule afterResponse(int index) {
        return afterResponse[index];
    }

    /** An empty reply ({@code errorfile N /dev/null}): the connection closes without an answer. */
    public static final DirectResponse SILENT =
            new DirectResponse(0, List.of(), new byte[0]);

    /** Sets the section's error replies, indexed by status (at compile time). */
    HttpRules withErrorReplies(@Nullable CompiledReply @Nullable [] replies) {
        this.errorReplies = replies;
        return this;
    }

    /**
     * The section's reply for {@code status} ({@code errorfile}, {@code http-error}), a
     * {@link CompiledReply.Kind#SILENT} one for an empty one, or null for the built-in page.
     */
    public @Nullable CompiledReply errorReply(int status) {
        return errorReplies == null || status < 0 || status >= errorReplies.length ? null : errorReplies[status];
    }

    /** {@code monitor-uri}, or null. */
    public @Nullable String monitorUri() {
        return monitorUri;
    }

    /** {@code unique-id-format}, or null. */
    public @Nullable TrafficFormat uniqueIdFormat() {
        return uniqueIdFormat;
    }

    /** {@code unique-id-header}, or null. */
    public @Nullable String uniqueIdHeader() {
        return uniqueIdHeader;
    }

    /** {@code option http-buffer-request}: wait for the request body before running these rules. */
    public boolean bufferRequest() {
        return bufferRequest;
    }

    public int requestCount() {
        return request.length;
    }

    public HttpRule request(int index) {
        return request[index];
    }

    public int redirectCount() {
        return redirects.length;
    }

    public HttpRule redirect(int index) {
        return redirects[index];
    }

    public int responseCount() {
        return response.length;
    }

    public HttpRule response(int index) {
        return response[index];
    }

    /** {@code option originalto} (a header name and its except network), or null. */
    public @Nullable ForwardFor originalTo() {
        return originalTo;
    }

    /** {@code option forwardfor}, or null. */
    public @Nullable ForwardFor forwardFor() {
        return forwardFor;
    }

    public boolean isEmpty() {
        return request.length == 0 && redirects.length == 0 && response.length == 0 && forwardFor == null
                && originalTo == null
                && !bufferRequest && monitorUri == null && uniqueIdFormat == null && errorReplies == null
                && afterResponse.length == 0 && monitorFail.length == 0 && ignorePersist.length == 0;
    }
}
