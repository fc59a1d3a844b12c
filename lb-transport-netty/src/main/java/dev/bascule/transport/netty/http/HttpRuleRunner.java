package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.config.StatsPage;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.service.HttpService;
import dev.bascule.core.stats.ListenerCounters;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.util.ReferenceCountUtil;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Runs a stream's HTTP rules, as HAProxy's {@code http_req_get_intercept_rule()} and
 * {@code http_res_get_intercept_rule()}: a proxy's {@code http-request} rules (then its stats
 * page and {@code redirect} rules), its {@code http-response} rules and its
 * {@code http-after-response} rules, with what their actions need: captures, the
 * {@code auth} challenge, redirects rendered for the request, the replies {@code errorfile}
 * configures. An action that answers the client hands the answer to the connection; one that
 * pauses the rules ({@code wait-for-body}) leaves where to resume in the {@link HttpTransaction}.
 * One per connection, on its event loop.
 */
final class HttpRuleRunner {
    /** What the response rules return for a redirect (a deny returns its status). */
    static final int REDIRECTED = -1;

    private final ResponseRelay relay;
    private final FrontendRuntime frontend;
    private final HttpTransaction txn;
    // the rules' view of the traffic, and the holder their fetches write into: the connection's
    private final HttpTrafficView view;
    private final Sample sample;
    private final HttpLog httpLog;
    /** {@code tune.bufsize - tune.maxrewrite}: a buffer's worth of body, the most {@code wait-for-body} waits for. */
    private final int maxHead;
    /** Runs the plugin actions of the HTTP rule sets; made on the first one. */
    private @Nullable HttpActionContext actions;

    HttpRuleRunner(ResponseRelay relay, FrontendRuntime frontend, HttpTransaction txn, HttpTrafficView view,
                   Sample sample, HttpLog httpLog, int maxHead) {
        this.relay = relay;
        this.frontend = frontend;
        this.txn = txn;
        this.view = view;
        this.sample = sample;
        this.httpLog = httpLog;
        this.maxHead = maxHead;
    }

    /**
     * Runs a proxy's {@code http-request} rules, then its {@code redirect} rules, on the request.
     * Returns true when one of them answered the client (deny, return, redirect).
     */
    boolean applyRequestRules(HttpRules rules, HttpRequest request) {
        int count = rules.requestCount();
        int first = txn.resumeRule;
        txn.resumeRule = 0;
        for (int i = first; i < count; i++) {
            HttpRule rule = rules.request(i);
            if (!rule.applies(view, sample)) {
                continue;
            }
            switch (rule.kind()) {
                case ACTION:
                    switch (actions().run(rule, request, httpLog.streamLog(), httpLog.frontendLog())) {
                        case STOP:
                            i = count;
                            break;
                        case DONE: {
                            CompiledReply template = actions.template();
                            HttpService service = actions.service();
                            if (service != null) {
                                serve(request, service);
                            } else if (template != null) {
                                reply(request, template);
                            } else {
                                answerLocally(request, actions.redirected() ? redirect() : actions.reply());
                            }
                            return true;
                        }
                        case DENY:
                            if (actions.tarpitted()) {
                                tarpit(request, actions.denyStatus(), actions.denyReply(), rules.tarpitMillis());
                            } else {
                                deny(request, actions.denyStatus(), actions.denyReply());
                            }
                            return true;
                        case YIELD: {
                            // wait-for-body: HAProxy's ACT_RET_YIELD
                            long bytes = actions.bodyWaitBytes();
                            if (!txn.requestComplete && txn.bufferedBodyBytes() < (bytes > 0
                                    ? Math.min(bytes, maxHead) : maxHead)) {
                                // the rules go on from the next one once the body is there
                                txn.bodyWait = true;
                                txn.bodyWaitMillis = actions.bodyWaitMillis();
                                txn.bodyWaitBytes = bytes;
                                txn.resumeRule = i + 1;
                                return true;
                            }
                            break;
                        }
                        default:
                            break;
                    }
                    break;
                default:
                    throw new IllegalStateException("not an http-request rule: " + rule);
            }
        }
        // HAProxy's http_process_req_common(): once the http-request rules let the request through,
        // the proxy's stats page takes it, before its redirect rules
        StatsPage stats = rules.stats();
        if (stats != null && StatsApplet.requested(stats, request)) {
            if (rules.statsChallenged(view, sample)) {
                // stats auth: the credentials are none of the page's accounts
                challenge(request, rules.statsChallenge());
                return true;
            }
            boolean admin = rules.statsAdmin(view, sample);
            String form = null;
            if (admin && request.method().equals(HttpMethod.POST)) {
                // stats_process_http_post(): the whole form first, as much as a buffer holds
                if (!txn.requestComplete && txn.bufferedBodyBytes() < maxHead) {
                    txn.bodyWait = true;
                    txn.bodyWaitMillis = frontend.httpRequestTimeoutMillis();
                    txn.bodyWaitBytes = 0;
                    // back here once it is there, past the http-request rules
                    txn.resumeRule = count;
                    return true;
                }
                // null: more than a buffer holds (EXCD)
                form = txn.requestComplete ? bufferedForm() : null;
            }
            httpLog.applet("<STATS>");
            answerLocally(request, StatsApplet.reply(stats, request, txn.backend != null ? txn.backend.name() : frontend.name(),
                    frontend.statsReport(), admin, form));
            return true;
        }
        count = rules.redirectCount();
        for (int i = 0; i < count; i++) {
            HttpRule rule = rules.redirect(i);
            // redirect lines: the redirect action, which goes on only for an ignore-empty location rendered empty
            if (rule.applies(view, sample) && actions().run(rule, request, httpLog.streamLog(), httpLog.frontendLog()) == ActionResult.DONE) {
                answerLocally(request, actions.redirected() ? redirect() : actions.reply());
                return true;
            }
        }
        return false;
    }

    /**
     * {@code http-request use-service}: logged with the service's applet name and counted as
     * intercepted before it runs (as HAProxy counts it when it sets the applet); the service then
     * answers ({@link ResponseRelay#startService}).
     */
    private void serve(HttpRequest request, HttpService service) {
        httpLog.applet(service.logName());
        countIntercepted();
        relay.startService(request, service, frontend.statsReport());
    }

    /** The request body the rules waited for, as text: a stats admin form. */
    private String bufferedForm() {
        StringBuilder form = new StringBuilder();
        for (HttpContent content : txn.buffered) {
            form.append(content.content().toString(StandardCharsets.ISO_8859_1));
        }
        return form.toString();
    }

    /**
     * {@code http-request return} and {@code auth} ({@link dev.bascule.api.action.ActionContext#reply(
     * dev.bascule.api.action.ReplyTemplate)}): the reply of its own, else the proxy's reply for its
     * status ({@code default-errorfiles}; an empty errorfile of the rule's means the proxy's too).
     */
    private void reply(HttpRequest request, CompiledReply reply) {
        if (reply.challengeName() != null) {
            challenge(request, reply);
            return;
        }
        if (reply.kind() == CompiledReply.Kind.OWN) {
            answerLocally(request, LocalReplies.of(reply, view, sample));
            return;
        }
        CompiledReply configured = configuredReply(reply.status());
        if (configured != null && configured.kind() == CompiledReply.Kind.SILENT) {
            countIntercepted();
            replyConfiguredAndClose(reply.status(), configured);
            ReferenceCountUtil.release(request);
            view.clear();
            return;
        }
        answerLocally(request, configured == null ? ErrorPages.response(reply.status())
                : LocalReplies.of(configured, view, sample));
    }

    /**
     * The answer of {@code http-response return}: the rule's own reply, else the proxy's for its
     * status (HAProxy's {@code http_reply_message()}); null for an empty errorfile, which closes.
     */
    private @Nullable FullHttpResponse responseReply(CompiledReply reply) {
        if (reply.kind() == CompiledReply.Kind.OWN) {
            return LocalReplies.of(reply, view, sample);
        }
        CompiledReply configured = configuredReply(reply.status());
        if (configured != null && configured.kind() == CompiledReply.Kind.SILENT) {
            httpLog.status(reply.status());
            return null;
        }
        return configured == null ? ErrorPages.response(reply.status()) : LocalReplies.of(configured, view, sample);
    }

    /**
     * HAProxy's {@code http-request deny}: counted in the frontend's dreq (the backend's once the
     * stream has one); the reply is the rule's own ({@code configured}), else the proxy's for the status.
     */
    private void deny(HttpRequest request, int status, @Nullable CompiledReply configured) {
        httpLog.httpError();
        frontend.counters().deniedRequest();
        ListenerCounters listener = httpLog.listenerCounters();
        if (listener != null) {
            listener.deniedRequest();
        }
        if (txn.backend != null) {
            txn.backend.counters().deniedRequest();
        }
        if (configured != null) {
            // a deny with its own reply (errorfile, string, lf-string, hdr...)
            httpLog.failed('P', 'R', status);
            replyConfiguredAndClose(status, configured);
            ReferenceCountUtil.release(request);
            view.clear();
        } else {
            answerWithErrorPage(request, status);
        }
    }

    /**
     * {@code http-request tarpit}, HAProxy's {@code tarpit} label of {@code http_process_req_common()}:
     * counted as a deny; the reply (the rule's own, else the proxy's for the status) waits for
     * {@code timeout tarpit} ({@link ResponseRelay#startTarpit}).
     */
    private void tarpit(HttpRequest request, int status, @Nullable CompiledReply own, long millis) {
        httpLog.httpError();
        frontend.counters().deniedRequest();
        ListenerCounters listener = httpLog.listenerCounters();
        if (listener != null) {
            listener.deniedRequest();
        }
        if (txn.backend != null) {
            txn.backend.counters().deniedRequest();
        }
        ReferenceCountUtil.release(request);
        view.clear();
        relay.startTarpit(own != null ? own : configuredReply(status), status, millis);
    }

    private HttpActionContext actions() {
        if (actions == null) {
            actions = new HttpActionContext(view, sample);
        }
        return actions;
    }

    /** Runs a proxy's {@code http-response} rules; returns the deny status, or 0 when the response goes on. */
    private int applyResponseRules(HttpRules rules, HttpResponse response) {
        return applyResponseRules(rules, response, false);
    }

    private int applyResponseRules(HttpRules rules, HttpResponse response, boolean after) {
        int count = after ? rules.afterResponseCount() : rules.responseCount();
        for (int i = 0; i < count; i++) {
            HttpRule rule = after ? rules.afterResponse(i) : rules.response(i);
            if (!rule.applies(view, sample)) {
                continue;
            }
            switch (rule.kind()) {
                case ACTION:
                    switch (actions().run(rule, response, httpLog.streamLog(), httpLog.frontendLog())) {
                        case STOP:
                            return 0;
                        case DONE: {
                            // the server's response is dropped for the action's answer (redirect, return)
                            CompiledReply template = actions.template();
                            txn.responseReply = template != null ? responseReply(template)
                                    : actions.redirected() ? redirect() : actions.reply();
                            // HAProxy: processed locally (L) while waiting for the response's head (H)
                            httpLog.aborted('L', 'H');
                            return REDIRECTED;
                        }
                        case DENY:
                            return actions.denyStatus();
                        default:
                            break;
                    }
                    break;
                default:
                    throw new IllegalStateException("not an http-response rule: " + rule);
            }
        }
        return 0;
    }

    /** The backend's {@code http-response} rules, then the frontend's; the deny status, or 0. */
    int applyAllResponseRules(HttpResponse response) {
        HttpRules backendRules = txn.backend == null ? null : ownRules(txn.backend);
        if (backendRules != null) {
            int denied = applyResponseRules(backendRules, response);
            if (denied != 0) {
                return denied;
            }
        }
        HttpRules frontendRules = frontend.http();
        return frontendRules.responseCount() == 0 ? 0 : applyResponseRules(frontendRules, response);
    }

    /**
     * {@code http-after-response}: the backend's rules, then the frontend's, on every response that
     * leaves (the server's, after its http-response rules, and the proxy's own).
     */
    void applyAfterResponseRules(HttpResponse response) {
        HttpRules backendRules = txn.backend == null ? null : ownRules(txn.backend);
        HttpRules frontendRules = frontend.http();
        if ((backendRules == null || backendRules.afterResponseCount() == 0) && frontendRules.afterResponseCount() == 0) {
            return;
        }
        view.response(response);
        if (backendRules != null && backendRules.afterResponseCount() > 0) {
            applyResponseRules(backendRules, response, true);
        }
        applyResponseRules(frontendRules, response, true);
    }

    /** Answers the request with a response made here; the rest of the request is read and dropped. */
    private void answerLocally(HttpRequest request, FullHttpResponse response) {
        // HAProxy's termination state for a redirect or a return: processed locally (L) on the request (R)
        httpLog.localAnswer(response.status().code());
        countIntercepted();
        sendLocally(request, response);
    }

    /**
     * A request the proxy answered itself (return, redirect, stats page, monitor URI): HAProxy
     * counts it in the frontend's {@code intercepted} when the stream has no other backend.
     */
    private void countIntercepted() {
        if (txn.backend == null || txn.backend.name().equals(frontend.name())) {
            frontend.counters().intercept();
        }
    }

    /**
     * {@code http-request auth}: the proxy's reply for 401 (its errorfile, else the built-in page)
     * with the rule's challenge in place of any {@code WWW-Authenticate} it had. HAProxy logs it
     * as processed locally ({@code LR}) and keeps the connection.
     */
    private void challenge(HttpRequest request, CompiledReply rule) {
        // option http-use-proxy-header, a request to a proxy: 407 and Proxy-Authenticate (http_action_auth())
        boolean proxy = view.proxyAuthentication();
        int status = proxy ? 407 : rule.status();
        String challengeName = proxy ? "proxy-authenticate" : rule.challengeName();
        CompiledReply configured = configuredReply(status);
        if (configured != null && configured.kind() == CompiledReply.Kind.SILENT) {
            httpLog.failed('L', 'R', status);
            replyConfiguredAndClose(status, configured);
            ReferenceCountUtil.release(request);
            view.clear();
            return;
        }
        FullHttpResponse response = configured == null ? ErrorPages.response(status)
                : LocalReplies.of(configured, view, sample);
        response.headers().remove(challengeName);
        response.headers().add(challengeName, rule.challengeValue());
        answerLocally(request, response);
    }

    private void answerWithErrorPage(HttpRequest request, int status) {
        // HAProxy's termination state for a deny: intercepted by the proxy (P) while reading the request (R)
        httpLog.failed('P', 'R', status);
        CompiledReply custom = configuredReply(status);
        if (custom != null) {
            replyConfiguredAndClose(status, custom);
            ReferenceCountUtil.release(request);
            view.clear();
            return;
        }
        if (ErrorPages.closes(status)) {
            ReferenceCountUtil.release(request);
            view.clear();
            replyErrorAndClose(status);
            return;
        }
        sendLocally(request, ErrorPages.response(status));
    }

    /**
     * The redirect the last action asked for (HAProxy's {@code http_apply_redirect_rule()}): the
     * connection closes after it when the request is not all read.
     */
    private FullHttpResponse redirect() {
        FullHttpResponse response = LocalReplies.redirect(actions.redirectCode(), actions.redirectLocation(),
                actions.redirectCookie(), !txn.requestComplete);
        if (!txn.requestComplete) {
            // the rest of the request will not be read
            txn.clientKeepAlive = false;
        }
        return response;
    }

    /** The last value of each captured header, cut to its capture's length (HAProxy keeps the last occurrence). */
    String[] capture(HttpHeaders headers, @Nullable String[] names, boolean request) {
        String[] values = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            if (names[i] == null) {
                continue;
            }
            List<String> all = headers.getAll(names[i]);
            if (!all.isEmpty()) {
                String value = all.get(all.size() - 1);
                int length = request ? httpLog.frontendLog().requestCaptureLength(i)
                        : httpLog.frontendLog().responseCaptureLength(i);
                values[i] = value.length() > length ? value.substring(0, length) : value;
            }
        }
        return values;
    }

    /**
     * The reply {@code errorfile}/{@code errorfiles} configure for {@code status}: the backend's
     * when the stream has one, else the frontend's (HAProxy's {@code http_error_message()}); null
     * for the built-in page.
     */
    @Nullable CompiledReply configuredReply(int status) {
        HttpRules backendRules = txn.backend == null ? null : ownRules(txn.backend);
        CompiledReply reply = backendRules == null ? null : backendRules.errorReply(status);
        return reply != null ? reply : frontend.http().errorReply(status);
    }

    /** The backend's own rules, or null when it has none or is the frontend's listen section (they ran already). */
    HttpRules ownRules(BackendRuntime selected) {
        HttpRules rules = selected.http();
        if (rules == HttpRules.NONE || selected.name().equals(frontend.name())) {
            return null;
        }
        return rules;
    }
    // ---------------------------------------------------------------- answers, sent by the relay

    private void sendLocally(HttpRequest request, FullHttpResponse response) {
        relay.sendLocally(request, response);
    }

    private void replyConfiguredAndClose(int status, CompiledReply reply) {
        relay.replyConfiguredAndClose(status, reply);
    }

    private void replyErrorAndClose(int status) {
        relay.replyErrorAndClose(status);
    }
}
