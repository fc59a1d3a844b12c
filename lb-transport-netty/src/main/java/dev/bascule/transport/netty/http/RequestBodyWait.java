package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.transport.netty.http.HttpTransaction.State;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * HAProxy's {@code http_wait_for_request_body()}: with {@code option http-buffer-request}, or
 * from an {@code http-request wait-for-body} rule on, a stage's rules wait for the request body
 * (all of it, a buffer's worth, or the rule's {@code at-least}) within {@code timeout
 * http-request} or the rule's time; the body gathers in the {@link HttpTransaction}, and the
 * stage that waited goes on with it. One per client connection, on its event loop.
 */
final class RequestBodyWait {
    private final HttpFrontendHandler connection;
    private final FrontendRuntime frontend;
    private final HttpTransaction txn;
    private final HttpTrafficView view;
    private final ConnectionTimer timer;
    /** {@code tune.bufsize - tune.maxrewrite}: a buffer's worth of body. */
    private final int maxHead;

    RequestBodyWait(HttpFrontendHandler connection, FrontendRuntime frontend, HttpTransaction txn, HttpTrafficView view,
                    ConnectionTimer timer, int maxHead) {
        this.connection = connection;
        this.frontend = frontend;
        this.txn = txn;
        this.view = view;
        this.timer = timer;
        this.maxHead = maxHead;
    }

    /**
     * HAProxy's {@code http_wait_for_request_body()}: the rules wait for the whole body, or for as
     * much of it as a buffer holds, or for the last chunk (trailers may follow); within
     * {@code timeout http-request}, else 408.
     */
    void startBuffering(boolean backendStage) {
        beginWait(backendStage, frontend.httpRequestTimeoutMillis(), maxHead);
    }

    /** Waits for the body until {@code limit} bytes of it are there (or all of it), within {@code timeoutMillis}. */
    private void beginWait(boolean backendStage, long timeoutMillis, long limit) {
        txn.state = State.BUFFERING;
        txn.backendStageNext = backendStage;
        txn.bufferedBytes = (int) txn.bufferedBodyBytes();
        txn.bufferLimit = limit;
        if (txn.bufferedBytes >= limit) {
            // read with the head already
            txn.bufferedIncomplete = true;
            endWait();
            return;
        }
        timer.arm(timeoutMillis, ConnectionTimer.Kind.REQUEST);
        connection.requestMore();
    }

    /**
     * {@code http-request wait-for-body} paused the rules: wait as {@code option http-buffer-request}
     * does, within the rule's time and up to its {@code at-least}, then go on with the next rule.
     */
    void waitForBody(boolean backendStage) {
        txn.bodyWait = false;
        txn.resuming = true;
        // the rule's time, as the rule set's status had it (an int of milliseconds)
        beginWait(backendStage, Math.min(Integer.MAX_VALUE, txn.bodyWaitMillis),
                txn.bodyWaitBytes > 0 ? Math.min(txn.bodyWaitBytes, maxHead) : maxHead);
    }

    void onBufferedContent(HttpObject msg) {
        boolean end;
        if (msg == H1Decoder.DATA_END) {
            end = true;
            txn.bufferedIncomplete = true;
        } else if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            if (content.decoderResult().isFailure()) {
                txn.state = State.IDLE;
                txn.dropBuffered();
                ReferenceCountUtil.release(txn.current);
                txn.current = null;
                connection.onBadRequestBody(content);
                return;
            }
            txn.buffered.add(content);
            txn.bufferedBytes += content.content().readableBytes();
            if (content instanceof LastHttpContent) {
                txn.requestComplete = true;
                end = true;
            } else {
                end = txn.bufferedBytes >= txn.bufferLimit;
                txn.bufferedIncomplete = end;
            }
        } else {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (!end) {
            connection.requestMore();
            return;
        }
        endWait();
    }

    /** The wait for the body is over: the stage that asked for it goes on. */
    private void endWait() {
        timer.cancel();
        if (txn.requestComplete) {
            txn.bufferedIncomplete = false;
        }
        txn.forgetRetryIfBody();
        txn.state = State.IDLE;
        view.body(txn.buffered);
        if (txn.backendStageNext) {
            connection.backendStage();
        } else {
            connection.frontendStage();
        }
    }
}
