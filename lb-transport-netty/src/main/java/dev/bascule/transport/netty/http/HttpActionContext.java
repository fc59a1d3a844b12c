package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.HttpReply;
import dev.bascule.api.action.ReplyTemplate;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.log.FrontendLog;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.CompiledReply;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.TrackedCounter;
import dev.bascule.core.runtime.DirectResponse;
import dev.bascule.core.service.HttpService;
import dev.bascule.core.service.HttpServices;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * Runs plugin actions ({@link dev.bascule.core.rules.RuleKind#ACTION}) of the HTTP rule sets on one
 * connection: the {@link ActionContext} and {@link HttpHead} they see, over the Netty message the
 * rules run on. One per connection, re-aimed at each message; event loop only.
 */
public final class HttpActionContext implements ActionContext, HttpHead {
    private final HttpTrafficView view;
    private final Sample sample;
    private RuleSet ruleSet = RuleSet.HTTP_REQUEST;
    private @Nullable HttpMessage message;
    private @Nullable StreamLog log;
    /** The frontend's capture slots, during {@link #run}. */
    private @Nullable FrontendLog captures;
    private @Nullable HttpReply reply;
    /** The reply of the last {@link #reply(ReplyTemplate)}, or null. */
    private @Nullable CompiledReply template;
    private int denyStatus;
    /** The reply of the last {@link #deny(ReplyTemplate)} when it is not the proxy's, or null. */
    private @Nullable CompiledReply denyReply;
    /** The last {@link ActionResult#DENY} is {@code http-request tarpit}'s. */
    private boolean tarpit;
    /** The redirect of the last {@link #redirect}: its code, location (null when none) and cookie. */
    private int redirectCode;
    /** The wait of the last {@link ActionResult#YIELD} ({@link #waitForBody}): its time, -1 when none, and bytes. */
    private long bodyWaitMillis = -1;
    private long bodyWaitBytes;
    private @Nullable String redirectLocation;
    private @Nullable String redirectCookie;
    /** The service of the last {@link #useService}, or null. */
    private @Nullable HttpService service;
    /** The names {@link #removeHeaders} removes, collected first; empty between calls. */
    private final List<CharSequence> doomed = new ArrayList<>();

    HttpActionContext(HttpTrafficView view, Sample sample) {
        this.view = view;
        this.sample = sample;
    }

    /** A context of its own for the connection {@code client} (benchmarks, tests). */
    public static HttpActionContext of(Channel client) {
        return new HttpActionContext(new HttpTrafficView(client), new Sample());
    }

    /**
     * Runs {@code rule}'s action on {@code target}; after {@link ActionResult#DONE} the reply is
     * {@link #reply()}, after {@link ActionResult#DENY} the status is {@link #denyStatus()}.
     */
    public ActionResult run(HttpRule rule, HttpMessage target, @Nullable StreamLog streamLog) {
        return run(rule, target, streamLog, null);
    }

    /**
     * As {@link #run(HttpRule, HttpMessage, StreamLog)}, {@code frontendLog} saying which capture
     * slots the stream's frontend has ({@link #capture}: none when null).
     */
    public ActionResult run(HttpRule rule, HttpMessage target, @Nullable StreamLog streamLog,
                            @Nullable FrontendLog frontendLog) {
        ruleSet = rule.ruleSet();
        message = target;
        log = streamLog;
        captures = frontendLog;
        reply = null;
        template = null;
        denyStatus = 0;
        denyReply = null;
        tarpit = false;
        redirectLocation = null;
        service = null;
        bodyWaitMillis = -1;
        try {
            ActionResult result = rule.action().apply(this);
            if (result == ActionResult.DONE && reply == null && template == null && redirectLocation == null
                    && service == null || result == ActionResult.DENY && denyStatus == 0
                    || result == ActionResult.YIELD && bodyWaitMillis < 0) {
                throw new IllegalStateException("action at " + rule.location() + " returned " + result
                        + " without " + (result == ActionResult.DONE ? "a reply" : "a deny"));
            }
            return result;
        } finally {
            message = null;
            log = null;
            captures = null;
        }
    }

    /** The reply of the last {@link ActionResult#DONE}, as the response the proxy sends. */
    FullHttpResponse reply() {
        HttpReply done = reply;
        reply = null;
        return LocalReplies.direct(new DirectResponse(done.status(), done.headers(), done.body()));
    }

    /**
     * The template of the last {@link ActionResult#DONE} when the action replied with one
     * ({@code return}, {@code auth}), else null (then {@link #reply()} is the reply).
     */
    @Nullable CompiledReply template() {
        CompiledReply done = template;
        template = null;
        return done;
    }

    /**
     * The service the last {@link ActionResult#DONE} handed the request to ({@code use-service}),
     * else null.
     */
    @Nullable HttpService service() {
        HttpService done = service;
        service = null;
        return done;
    }

    /** Whether the last {@link ActionResult#DONE} is a redirect ({@link #redirectCode()}...). */
    boolean redirected() {
        return redirectLocation != null;
    }

    /** The time of the last {@link ActionResult#YIELD}'s wait for the body, in milliseconds. */
    long bodyWaitMillis() {
        return bodyWaitMillis;
    }

    /** How much body the last {@link ActionResult#YIELD}'s wait is for, 0 for all of it. */
    long bodyWaitBytes() {
        return bodyWaitBytes;
    }

    /** The code of the last redirect. */
    int redirectCode() {
        return redirectCode;
    }

    /** The location of the last redirect. */
    String redirectLocation() {
        String location = redirectLocation;
        redirectLocation = null;
        return location;
    }

    /** The {@code set-cookie} value of the last redirect, or null. */
    @Nullable String redirectCookie() {
        return redirectCookie;
    }

    /** Whether the last {@link ActionResult#DENY} is a tarpit ({@link #tarpit(ReplyTemplate)}). */
    boolean tarpitted() {
        return tarpit;
    }

    /** The status of the last {@link ActionResult#DENY}. */
    int denyStatus() {
        return denyStatus;
    }

    /**
     * The reply of the last {@link ActionResult#DENY} when it is the rule's own (its
     * {@link CompiledReply.Kind#SILENT} for none at all); null for the proxy's reply for the status.
     */
    @Nullable CompiledReply denyReply() {
        return denyReply;
    }

    @Override
    public void useService(String name) {
        if (ruleSet != RuleSet.HTTP_REQUEST) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot use a service");
        }
        HttpService served = HttpServices.get(name);
        if (served == null) {
            throw new IllegalArgumentException("no service " + name);
        }
        service = served;
    }

    @Override
    public RuleSet ruleSet() {
        return ruleSet;
    }

    @Override
    public TrafficView traffic() {
        return view;
    }

    @Override
    public Sample sample() {
        return sample;
    }

    @Override
    public HttpHead head() {
        return this;
    }

    @Override
    public void reply(HttpReply answer) {
        if (ruleSet == RuleSet.HTTP_AFTER_RESPONSE) {
            throw new IllegalStateException("http-after-response rules cannot reply");
        }
        this.reply = answer;
    }

    @Override
    public void deny(int status) {
        if (ruleSet == RuleSet.HTTP_AFTER_RESPONSE) {
            throw new IllegalStateException("http-after-response rules cannot deny");
        }
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
        this.denyStatus = ErrorPages.withPage(status);
    }

    @Override
    public void reply(ReplyTemplate answer) {
        if (ruleSet != RuleSet.HTTP_REQUEST && ruleSet != RuleSet.HTTP_RESPONSE) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot reply with a template");
        }
        this.template = compiled(answer);
    }

    @Override
    public void tarpit(ReplyTemplate answer) {
        if (ruleSet != RuleSet.HTTP_REQUEST) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot tarpit");
        }
        deny(answer);
        this.tarpit = true;
    }

    @Override
    public void deny(ReplyTemplate answer) {
        if (ruleSet == RuleSet.HTTP_AFTER_RESPONSE) {
            throw new IllegalStateException("http-after-response rules cannot deny");
        }
        CompiledReply compiled = compiled(answer);
        // the status as the reply has it: HAProxy logs and counts it
        this.denyStatus = compiled.status();
        this.denyReply = compiled.kind() == CompiledReply.Kind.PROXY ? null : compiled;
    }

    @Override
    public void redirect(int code, CharSequence location, @Nullable CharSequence cookie) {
        if (ruleSet != RuleSet.HTTP_REQUEST && ruleSet != RuleSet.HTTP_RESPONSE) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot redirect");
        }
        if (code != 301 && code != 302 && code != 303 && code != 307 && code != 308) {
            throw new IllegalArgumentException("code: " + code + " (expected: 301, 302, 303, 307 or 308)");
        }
        this.redirectCode = code;
        this.redirectLocation = location.toString();
        this.redirectCookie = cookie == null ? null : cookie.toString();
    }

    /**
     * {@code http-request|http-response capture}: the sample as text, cut to the slot's length,
     * into the frontend's slot; nothing when the frontend lacks the slot or the sample is no text.
     */
    @Override
    public void capture(int slot, Sample value) {
        if (!ruleSet.http()) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot capture");
        }
        if (log == null || captures == null) {
            return;
        }
        boolean request = ruleSet == RuleSet.HTTP_REQUEST;
        int slots = request ? captures.requestCaptures().length : captures.responseCaptures().length;
        if (slot < 0 || slot >= slots || !value.castTo(SampleType.STRING)) {
            return;
        }
        int length = Math.min(value.length(), request ? captures.requestCaptureLength(slot)
                : captures.responseCaptureLength(slot));
        CharSequence text = value.text();
        log.capture(request, slot, slots, text.subSequence(value.start(), value.start() + length).toString());
    }

    @Override
    public boolean isTracking(StickCounter counter) {
        return tracked(counter).tracking(view.stickCounters());
    }

    /** {@code http-request track-sc}: the request counts on the entry, as it runs after the request was counted. */
    @Override
    public void track(StickCounter counter, Sample key) {
        if (ruleSet != RuleSet.HTTP_REQUEST) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot track");
        }
        tracked(counter).track(view.stickCounters(), key, true);
    }

    private static TrackedCounter tracked(StickCounter counter) {
        if (!(counter instanceof TrackedCounter tracked)) {
            throw new IllegalArgumentException("not a stick counter the host made: " + counter);
        }
        return tracked;
    }

    @Override
    public void waitForBody(long timeoutMillis, long atLeastBytes) {
        if (ruleSet != RuleSet.HTTP_REQUEST) {
            throw new IllegalStateException(ruleSet.keyword() + " rules cannot wait for the body");
        }
        if (timeoutMillis < 0 || atLeastBytes < 0) {
            throw new IllegalArgumentException("timeoutMillis and atLeastBytes must be >= 0");
        }
        this.bodyWaitMillis = timeoutMillis;
        this.bodyWaitBytes = atLeastBytes;
    }

    private static CompiledReply compiled(ReplyTemplate answer) {
        if (!(answer instanceof CompiledReply compiled)) {
            throw new IllegalArgumentException("not a reply the host compiled: " + answer);
        }
        return compiled;
    }

    @Override
    public void closeServer() {
        throw new IllegalStateException(ruleSet.keyword() + " rules cannot close the server connection");
    }

    @Override
    public void setSource(InetAddress address) {
        view.overrideSource(address);
    }

    @Override
    public void setDestination(InetAddress address) {
        view.overrideDestination(address);
    }

    @Override
    public void setLogLevel(int level) {
        StreamLog.setLogLevel(log, level);
    }

    // ---------------------------------------------------------------- HttpHead

    private HttpHeaders headers() {
        return message.headers();
    }

    @Override
    public boolean request() {
        return message instanceof HttpRequest;
    }

    /** The view's index of the message's lines (the view re-indexes after {@link #changed()}). */
    private TrafficView lines() {
        return message instanceof HttpRequest ? view : view.responseHeaders();
    }

    /** The message's lines changed: the view's index of them is stale. */
    private void changed() {
        if (message instanceof HttpRequest) {
            view.headersChanged();
        } else {
            view.responseHeadersChanged();
        }
    }

    @Override
    public int headerCount() {
        return lines().requestHeaderCount();
    }

    @Override
    public CharSequence headerName(int index) {
        return lines().requestHeaderName(index);
    }

    @Override
    public CharSequence headerValue(int index) {
        return lines().requestHeaderValue(index);
    }

    @Override
    public @Nullable CharSequence header(CharSequence name) {
        return headers().get(name);
    }

    @Override
    public void addHeader(CharSequence name, CharSequence value) {
        headers().add(name, value);
        changed();
    }

    @Override
    public void setHeader(CharSequence name, CharSequence value) {
        headers().set(name, value);
        changed();
    }

    @Override
    public boolean removeHeader(CharSequence name) {
        boolean present = headers().contains(name);
        if (present) {
            headers().remove(name);
            changed();
        }
        return present;
    }

    @Override
    public int removeHeaders(Predicate<? super CharSequence> names) {
        // Netty's header iterator is read-only: collect the names, then remove every line of each
        Iterator<Map.Entry<CharSequence, CharSequence>> entries = headers().iteratorCharSequence();
        while (entries.hasNext()) {
            CharSequence name = entries.next().getKey();
            if (names.test(name)) {
                doomed.add(name);
            }
        }
        int removed = doomed.size();
        for (int i = 0; i < removed; i++) {
            headers().remove(doomed.get(i));
        }
        doomed.clear();
        if (removed > 0) {
            changed();
        }
        return removed;
    }

    @Override
    public List<String> headerValues(CharSequence name) {
        return headers().getAll(name);
    }

    @Override
    public void replaceHeaderValues(CharSequence name, List<? extends @Nullable CharSequence> values) {
        HeaderRewrites.replaceInPlace(headers(), name, values);
        changed();
    }

    @Override
    public void setMethod(CharSequence method) {
        if (!(message instanceof HttpRequest request)) {
            throw new IllegalStateException("a response has no method");
        }
        request.setMethod(HttpMethod.valueOf(method.toString()));
        changed();
    }

    @Override
    public CharSequence method() {
        return message instanceof HttpRequest request ? request.method().name() : "";
    }

    @Override
    public CharSequence uri() {
        return message instanceof HttpRequest request ? request.uri() : "";
    }

    @Override
    public void setUri(CharSequence uri) {
        if (!(message instanceof HttpRequest request)) {
            throw new IllegalStateException("a response has no target");
        }
        request.setUri(uri.toString());
        changed();
    }

    @Override
    public int status() {
        return message instanceof HttpResponse response ? response.status().code() : 0;
    }

    @Override
    public void setStatus(int status, @Nullable CharSequence reason) {
        if (!(message instanceof HttpResponse response)) {
            throw new IllegalStateException("a request has no status");
        }
        response.setStatus(reason == null ? HaproxyStatuses.of(status)
                : new HttpResponseStatus(status, reason.toString()));
    }
}
