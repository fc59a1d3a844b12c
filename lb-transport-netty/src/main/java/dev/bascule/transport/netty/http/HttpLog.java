package dev.bascule.transport.netty.http;

import dev.bascule.transport.netty.proxy.ProxiedAddresses;
import dev.bascule.core.log.FrontendLog;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.api.Nullable;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.stats.Counters;
import dev.bascule.core.stats.ListenerCounters;

import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.ConnectionView;
import dev.bascule.transport.netty.tls.TlsInfo;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * The log of one HTTP client connection: fills a {@link StreamLog} from the events of
 * {@link HttpFrontendHandler} and emits one line per request when it ends, as HAProxy's
 * {@code option httplog} does. Lives on the connection's event loop; allocates nothing per request.
 */
final class HttpLog {
    private final FrontendLog frontend;
    /** The frontend's counters for the statistics page. */
    private final Counters counters;
    /** The accepting listener's counters ({@code option socket-stats}), null without. */
    private final @Nullable ListenerCounters listener;
    private final StreamLog log;
    /** The backend the stream was assigned to (HAProxy's {@code SF_BE_ASSIGNED}), counted until the stream ends. */
    private BackendRuntime assigned;
    /** The stream's request was counted ({@code req_tot}): its status counts at its end. */
    private boolean requestCounted;
    /** The stream's counts are not added yet (its line may have gone out early, with option logasap). */
    private boolean uncounted;
    /** What the stream received from the client, as HAProxy's HTX holds it ({@code bin}). */
    private long bytesIn;
    /** A stream is open and its line not written yet. */
    private boolean pending;
    private boolean opened;
    private ServerRuntime server;
    private StickTracker stick;
    /** A stream started whose stick counters are not released yet. */
    private boolean stickPending;
    /** The stream counts as an HTTP error: a deny, a 4xx of the server. */
    private boolean httpError;

    HttpLog(FrontendLog frontend, Counters counters) {
        this(frontend, counters, null);
    }

    /** With the counters of the listener that accepted the connection ({@code option socket-stats}; null: none). */
    HttpLog(FrontendLog frontend, Counters counters, @Nullable ListenerCounters listener) {
        this.frontend = frontend;
        this.counters = counters;
        this.listener = listener;
        this.log = frontend.newStreamLog();
    }

    /** The counters of the listener that accepted the connection, null without {@code option socket-stats}. */
    @Nullable ListenerCounters listenerCounters() {
        return listener;
    }

    /** The persistence-cookie characters of {@code %tsc}, for the cookie code to set. */
    /** The frontend's log settings (captures). */
    FrontendLog frontendLog() {
        return frontend;
    }

    StreamLog streamLog() {
        return log;
    }

    /** The client connection. */
    private Channel channel;

    void accepted(Channel channel) {
        this.channel = channel;
        stick = ConnectionView.stickTracker(channel);
        log.accept(ProxiedAddresses.sourceOrNull(channel), ProxiedAddresses.destinationOrNull(channel), System.nanoTime(),
                System.currentTimeMillis());
        log.tls(TlsInfo.isTls(channel));
        frontend.opened(log);
        counters.enter();
        opened = true;
        pending = true;
        uncounted = true;
    }

    /** An IP address and port, or null for other transports (local or embedded channels). */
    static InetSocketAddress inet(SocketAddress address) {
        return address instanceof InetSocketAddress ? (InetSocketAddress) address : null;
    }

    /** The first bytes of a request arrived: {@code %tr} and {@code %TR} start here. */
    void requestStarted() {
        if (!pending) {
            log.reset(System.nanoTime(), System.currentTimeMillis());
            pending = true;
            uncounted = true;
        }
        if (!log.clientSentAnything()) {
            log.started(System.nanoTime(), System.currentTimeMillis());
        }
        // HAProxy's H1 layer makes the stream on the request's first byte
        log.newStream();
    }

    void bytesOut(int bytes) {
        log.addBytesOut(bytes);
    }

    void requestHead(HttpRequest request) {
        stickPending = true;
        if (!pending) {
            requestStarted();
        }
        log.requestHead(System.nanoTime(), request.method().name(), request.uri(), request.protocolVersion().text());
        if (log.needsTlsSession()) {
            // the handshake is over once a request arrived: read the session once per connection
            log.tlsSession(TlsInfo.cipher(channel), TlsInfo.protocol(channel));
        }
        counters.request();
        requestCounted = true;
        bytesIn += RequestSize.headSize(request);
    }

    /** Body bytes arrived from the client. */
    void bytesIn(int bytes) {
        bytesIn += bytes;
    }

    void badRequest() {
        log.badRequest();
        log.terminate('P', 'R');
        counters.request();
        counters.failedRequest();
        if (listener != null) {
            listener.failedRequest();
        }
        requestCounted = true;
    }

    /** An {@code http-request return} answered. */
    /**
     * An applet served the request ({@code name}: {@code <STATS>} for the statistics page): HAProxy
     * logs it in place of the server, reached and answering at once (Tw, Tc and Tr of 0).
     */
    void applet(String name) {
        long now = System.nanoTime();
        log.connecting(name, now);
        log.connected(name, now);
        log.responseHead(now, 0);
    }

    void localAnswer(int status) {
        log.terminate('L', 'R');
        log.status(status);
    }

    void backend(BackendRuntime backend) {
        log.backend(backend.name());
        if (assigned == null) {
            // HAProxy's stream_set_backend(): the backend's stot and scur
            assigned = backend;
            backend.counters().enter();
        }
    }

    void connecting(ServerRuntime server) {
        this.server = server;
        log.connecting(server.name(), System.nanoTime());
    }

    /** The request left a queue at {@code nanos}; {@code server} is the one whose queue it was, null for the backend's. */
    void dequeued(long nanos, @Nullable ServerRuntime server, int serverPosition, int backendPosition) {
        log.dequeued(nanos, serverPosition, backendPosition);
        if (server != null) {
            // %s names the server the stream was bound to, as HAProxy's target
            log.connecting(server.name(), nanos);
        }
    }

    /** The stream is bound to {@code server} but makes no attempt ({@code %s} names it). */
    void boundTo(ServerRuntime server) {
        log.server(server.name());
    }

    void retry() {
        log.retry(false);
    }

    void connected(ServerRuntime server, Channel connection) {
        this.server = server;
        log.connected(server.name(), System.nanoTime());
        log.serverAddresses(inet(connection.localAddress()), inet(connection.remoteAddress()));
    }

    void responseHead(int status) {
        log.responseHead(System.nanoTime(), status);
        if (server != null) {
            server.counters().request();
            server.counters().response(status);
        }
        if (status >= 400 && status < 500) {
            // HAProxy's http_wait_for_response(): a 4xx of the server is an HTTP error of the client
            httpError = true;
        }
    }

    /** The stream counts as an HTTP error of its stick counters (an {@code http-request deny}). */
    void httpError() {
        httpError = true;
    }

    /**
     * The response rules replaced the server's response of {@code size} bytes: HAProxy counts
     * them in {@code %B} (they were in the response channel) and logs no {@code %Tr}.
     */
    void responseReplaced(int size) {
        log.responseReplaced();
        log.addBytesOut(size);
    }

    /** An {@code http-request tarpit} is over: HAProxy logs the time it held the request as {@code %Tw}. */
    void tarpitEnded() {
        log.tarpitEnded(System.nanoTime());
    }

    /** The status the proxy answers with itself. */
    void status(int status) {
        log.status(status);
    }

    /** The proxy answers {@code status} itself because of {@code cause} in {@code state}. */
    void failed(char cause, char state, int status) {
        log.terminate(cause, state);
        log.status(status);
    }

    /** The stream was cut: {@code cause} in {@code state} (HAProxy's {@code %ts}). */
    void aborted(char cause, char state) {
        log.terminate(cause, state);
    }

    /**
     * {@code option logasap}: the response's head is forwarded, the line goes out now (with the
     * durations and bytes so far) instead of at the stream's end.
     */
    void responseForwarded(BackendRuntime backend) {
        if (!pending || !frontend.logAsap()) {
            return;
        }
        pending = false;
        log.connections(backend == null ? 0 : backend.inflight(), server == null ? 0 : server.inflight());
        log.end(System.nanoTime());
        log.bytesIn(bytesIn);
        frontend.emit(log);
    }

    /**
     * The stream's stick counters: a deny or a 4xx of the server counts as an HTTP error (HAProxy's
     * {@code stream_inc_http_err_ctr()}; not an {@code http-request return} nor a status set by
     * {@code http-response set-status}), the bytes sent are added, the stream's entries released.
     */
    private void endStickCounters() {
        boolean error = httpError;
        httpError = false;
        if (stick == null || !stickPending) {
            return;
        }
        stickPending = false;
        if (error) {
            stick.httpError();
        }
        stick.bytes(0, log.bytesOut());
        stick.endStream();
    }

    /** The stream is over: its line goes out; the next request starts a new stream. */
    void end(BackendRuntime backend) {
        if (!pending) {
            // the line went out early (option logasap)
            endStickCounters();
            if (uncounted) {
                count();
                server = null;
            }
            return;
        }
        pending = false;
        if (!log.hasHead()) {
            if (log.terminationCause() == '-') {
                // the client went away before its request was complete
                log.terminate('C', 'R');
                log.status(400);
            }
            // HAProxy counts no byte for the answers to incomplete requests
            log.bytesOut(0);
            if (stick != null && log.status() >= 400) {
                // HAProxy 2.6 counts an aborted, timed out or bad request as a request and an error
                stick.httpRequest();
                stick.httpError();
            }
            if (!requestCounted && log.status() > 0) {
                // HAProxy's H1 layer counts a request answered before its head was complete
                // (h1_handle_parsing_error(), h1_handle_req_tout()), a connection closed without a byte too
                counters.request();
                counters.failedRequest();
                if (listener != null) {
                    listener.failedRequest();
                }
                requestCounted = true;
            }
        }
        log.connections(backend == null ? 0 : backend.inflight(), server == null ? 0 : server.inflight());
        log.end(System.nanoTime());
        log.bytesIn(bytesIn);
        count();
        server = null;
        endStickCounters();
        frontend.emit(log);
    }

    /** The stream's counts for the statistics page, as HAProxy's stream_free() and stream_process_counters() make them. */
    private void count() {
        long out = log.bytesOut();
        int status = requestCounted ? log.status() : 0;
        counters.bytes(bytesIn, out);
        if (listener != null) {
            listener.bytes(bytesIn, out);
        }
        if (status > 0) {
            counters.response(status);
        }
        if (assigned != null) {
            Counters backendCounters = assigned.counters();
            backendCounters.bytes(bytesIn, out);
            if (status > 0) {
                backendCounters.response(status);
                backendCounters.request();
            }
            backendCounters.leave();
            assigned = null;
        }
        if (server != null) {
            server.counters().bytes(bytesIn, out);
        }
        bytesIn = 0;
        requestCounted = false;
        uncounted = false;
    }

    void closed(BackendRuntime backend) {
        end(backend);
        if (opened) {
            opened = false;
            frontend.closed();
            counters.leave();
        }
    }
}
