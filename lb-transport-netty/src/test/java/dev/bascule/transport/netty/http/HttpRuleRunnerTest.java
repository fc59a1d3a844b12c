package dev.bascule.transport.netty.http;

import static dev.bascule.transport.netty.http.HttpFixtures.HERE;
import static dev.bascule.transport.netty.http.HttpFixtures.frontend;
import static dev.bascule.transport.netty.http.HttpFixtures.policy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseAction;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.runtime.FrontendRuntime;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

/**
 * The rules that do not answer the client, run on their own: rewrites, the pause of
 * {@code wait-for-body} and where the rules resume, the verdicts of the response rules.
 */
final class HttpRuleRunnerTest {
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final HttpTrafficView view = new HttpTrafficView(channel);
    private final HttpTransaction txn = new HttpTransaction(view, 1024);

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    @Test
    void requestRewritesApplyInOrderAndLetTheRequestThrough() {
        FrontendRuntime frontend = frontend(policy(List.of(
                rule(new ActionCall("set-header", List.of("x-a", "1"))),
                rule(new ActionCall("add-header", List.of("x-a", "2"))),
                rule(new ActionCall("del-header", List.of("x-drop")))), List.of(), List.of(), false), Timeouts.none());
        HttpRuleRunner runner = runner(frontend);
        HttpRequest request = request(frontend, true);
        request.headers().add("x-drop", "gone");

        assertThat(runner.applyRequestRules(frontend.http(), request)).isFalse();

        assertThat(request.headers().getAll("x-a")).containsExactly("1", "2");
        assertThat(request.headers().contains("x-drop")).isFalse();
        assertThat(txn.bodyWait).isFalse();
    }

    @Test
    void waitForBodyPausesTheRulesAndTheyResumeAfterIt() {
        FrontendRuntime frontend = frontend(policy(List.of(
                rule(new ActionCall("add-header", List.of("x-before", "1"))),
                rule(new ActionCall("wait-for-body", List.of("time", "1000"))),
                rule(new ActionCall("add-header", List.of("x-after", "1")))), List.of(), List.of(), false), Timeouts.none());
        HttpRuleRunner runner = runner(frontend);
        HttpRequest request = request(frontend, false);

        assertThat(runner.applyRequestRules(frontend.http(), request)).isTrue();
        assertThat(txn.bodyWait).isTrue();
        assertThat(txn.bodyWaitMillis).isEqualTo(1000);
        assertThat(txn.bodyWaitBytes).isZero();
        assertThat(txn.resumeRule).isEqualTo(2);
        assertThat(request.headers().contains("x-after")).isFalse();

        // the body came: the rules go on from the one after wait-for-body
        txn.bodyWait = false;
        txn.requestComplete = true;
        assertThat(runner.applyRequestRules(frontend.http(), request)).isFalse();
        assertThat(request.headers().getAll("x-before")).containsExactly("1");
        assertThat(request.headers().getAll("x-after")).containsExactly("1");
        assertThat(txn.resumeRule).isZero();
    }

    @Test
    void waitForBodyDoesNotPauseAWholeRequest() {
        FrontendRuntime frontend = frontend(policy(List.of(
                rule(new ActionCall("wait-for-body", List.of("time", "1000"))),
                rule(new ActionCall("add-header", List.of("x-after", "1")))), List.of(), List.of(), false), Timeouts.none());
        HttpRuleRunner runner = runner(frontend);
        HttpRequest request = request(frontend, true);

        assertThat(runner.applyRequestRules(frontend.http(), request)).isFalse();
        assertThat(txn.bodyWait).isFalse();
        assertThat(request.headers().contains("x-after")).isTrue();
    }

    @Test
    void responseRulesRewriteThenDenyWithTheirStatus() {
        FrontendRuntime frontend = frontend(policy(List.of(), List.of(
                responseRule(new ActionCall("set-header", List.of("x-r", "1"))),
                responseRule(new ActionCall("set-status", List.of("404"))),
                responseRule(new ActionCall("deny", List.of())),
                responseRule(new ActionCall("set-header", List.of("x-never", "1")))), List.of(), false), Timeouts.none());
        HttpRuleRunner runner = runner(frontend);
        request(frontend, true);
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        view.response(response);

        assertThat(runner.applyAllResponseRules(response)).isEqualTo(502);
        assertThat(response.headers().get("x-r")).isEqualTo("1");
        assertThat(response.status().code()).isEqualTo(404);
        assertThat(response.headers().contains("x-never")).isFalse();
    }

    @Test
    void afterResponseRulesApplyToEveryResponseThatLeaves() {
        FrontendRuntime frontend = frontend(policy(List.of(), List.of(), List.of(
                responseRule(new ActionCall("set-header", List.of("x-after", "yes")))), false), Timeouts.none());
        HttpRuleRunner runner = runner(frontend);
        request(frontend, true);
        HttpResponse response = ErrorPages.response(503);

        runner.applyAfterResponseRules(response);

        assertThat(response.headers().get("x-after")).isEqualTo("yes");
        // and a section without them leaves the response as it is
        HttpResponse untouched = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        runner(frontend(policy(List.of(), List.of(), List.of(), false), Timeouts.none()))
                .applyAfterResponseRules(untouched);
        assertThat(untouched.headers().isEmpty()).isTrue();
        ReferenceCountUtil.release(response);
    }

    /** A runner of {@code frontend}'s stream; these rules never answer, so no relay is needed. */
    private HttpRuleRunner runner(FrontendRuntime frontend) {
        return new HttpRuleRunner(null, frontend, txn, view, new Sample(),
                new HttpLog(frontend.log(), frontend.counters()), 1024);
    }

    /** A request starting on the stream as the connection starts it; {@code complete}: without body to come. */
    private HttpRequest request(FrontendRuntime frontend, boolean complete) {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, complete ? HttpMethod.GET : HttpMethod.POST, "/");
        txn.begin(request);
        txn.requestComplete = complete;
        view.reset(request, frontend.http().uniqueIdFormat());
        view.body(txn.buffered);
        return request;
    }

    private static HttpRequestRule rule(HttpRequestAction action) {
        return new HttpRequestRule(action, HERE);
    }

    private static HttpResponseRule responseRule(HttpResponseAction action) {
        return new HttpResponseRule(action, Optional.empty(), HERE);
    }
}
