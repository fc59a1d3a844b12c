package dev.bascule.transport.netty.http;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.transport.netty.ConnectionView;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;

/**
 * The rules' view of one client connection and its current request. One per connection, reset
 * for each request: the header lines are indexed into arrays it reuses, again after each header
 * rewrite, so that fetches walk them without allocating.
 */
final class HttpTrafficView extends ConnectionView {
    private HttpRequest request;
    private CharSequence[] names = new CharSequence[16];
    private CharSequence[] values = new CharSequence[16];
    private int count = -1;
    private @Nullable String frontendName;
    private @Nullable String backendName;
    private @Nullable String serverName;

    /** The names fe_name, be_name and srv_name answer with. */
    void names(@Nullable String frontend, @Nullable String backend, @Nullable String server) {
        frontendName = frontend;
        backendName = backend;
        serverName = server;
        if (server == null) {
            serverId = 0;
        }
    }

    private int serverId;
    private int frontendId;
    private int backendId;
    private int requestNumber;
    private java.util.@Nullable ArrayDeque<HttpContent> body;

    private dev.bascule.core.runtime.@Nullable FrontendRuntime frontendRuntime;

    /** The frontend, through which nbsrv finds backends by name. */
    void frontend(FrontendRuntime frontend) {
        frontendRuntime = frontend;
    }

    @Override
    public int usableServers(@Nullable CharSequence backend) {
        CharSequence name = backend != null ? backend : backendName;
        if (frontendRuntime == null || name == null) {
            return -1;
        }
        BackendRuntime found = frontendRuntime.backendNamed(name.toString());
        return found == null ? -1 : found.usableServers();
    }

    @Override
    public dev.bascule.api.sample.@Nullable Userlist userlist(String name) {
        return frontendRuntime == null ? null : frontendRuntime.userlist(name);
    }

    @Override
    public int frontendConnections() {
        return frontendRuntime == null ? -1 : frontendRuntime.log().connections();
    }

    @Override
    public int backendConnections(@Nullable CharSequence backend) {
        BackendRuntime found = backendNamed(backend);
        if (found == null) {
            return -1;
        }
        // HAProxy counts a stream in its backend from the moment it enters it; Bascule's count is
        // of streams on a server: this one, not yet on one, is added
        boolean entered = found.name().equals(backendName) && serverName == null;
        return found.inflight() + (entered ? 1 : 0);
    }

    @Override
    public int serverConnections(@Nullable CharSequence backend, CharSequence server) {
        BackendRuntime found = backendNamed(backend);
        if (found == null) {
            return -1;
        }
        for (ServerRuntime candidate : found.servers()) {
            if (candidate.name().contentEquals(server)) {
                return candidate.inflight();
            }
        }
        return -1;
    }

    @Override
    public long queueMetric(QueueMetric metric, @Nullable CharSequence backend, @Nullable CharSequence server) {
        BackendRuntime found = backendNamed(backend);
        return found == null ? Long.MIN_VALUE : dev.bascule.core.runtime.QueueMetrics.of(metric, found, server);
    }

    private dev.bascule.core.runtime.@Nullable BackendRuntime backendNamed(@Nullable CharSequence backend) {
        CharSequence name = backend != null ? backend : backendName;
        return frontendRuntime == null || name == null ? null : frontendRuntime.backendNamed(name.toString());
    }

    /** The ids fe_id and be_id answer with. */
    void proxyIds(int frontend, int backend) {
        frontendId = frontend;
        backendId = backend;
    }

    @Override
    public int frontendId() {
        return frontendId;
    }

    @Override
    public int backendId() {
        return backendId;
    }

    @Override
    public boolean firstRequest() {
        return requestNumber == 1;
    }

    @Override
    public @Nullable CharSequence requestCapture(int index) {
        return streamLog == null ? null : streamLog.requestCapture(index);
    }

    @Override
    public @Nullable CharSequence responseCapture(int index) {
        return streamLog == null ? null : streamLog.responseCapture(index);
    }

    @Override
    public @Nullable CharSequence capturedRequestLine() {
        if (streamLog == null || streamLog.requestLine().length() == 0) {
            return null;
        }
        return streamLog.requestLine();
    }

    @Override
    public InetSocketAddress connectionSource() {
        return super.connectionSource();
    }

    @Override
    public InetSocketAddress connectionDestination() {
        return super.connectionDestination();
    }

    private final StringBuilder bodyText = new StringBuilder();
    private boolean bodyIndexed;

    /**
     * The body the rules waited for ({@code option http-buffer-request}), or null when they did not
     * wait: the fetches then find no body, where HAProxy would see whatever had arrived.
     */
    void body(java.util.@Nullable ArrayDeque<HttpContent> buffered) {
        body = buffered;
        bodyIndexed = false;
    }

    @Override
    public @Nullable CharSequence requestBody() {
        if (body == null) {
            return null;
        }
        if (!bodyIndexed) {
            bodyText.setLength(0);
            for (HttpContent content : body) {
                ByteBuf bytes = content.content();
                for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end; i++) {
                    bodyText.append((char) (bytes.getByte(i) & 0xff));
                }
            }
            bodyIndexed = true;
        }
        return bodyText;
    }

    /** The size of HAProxy's start-line block ({@code struct htx_sl}) and end-of-headers block. */
    private static final int HTX_START_LINE_AND_END_OF_HEADERS = 21;

    @Override
    public long requestLength() {
        if (request == null) {
            return -1;
        }
        long length = HTX_START_LINE_AND_END_OF_HEADERS + method().length() + uri().length() + version().length();
        for (int i = 0, fields = requestHeaderCount(); i < fields; i++) {
            CharSequence name = requestHeaderName(i);
            CharSequence value = requestHeaderValue(i);
            if (!connectionFlagsOnly(name, value)) {
                length += name.length() + value.length();
            }
        }
        if (body != null) {
            boolean chunked = HttpUtil.isTransferEncodingChunked(request);
            for (HttpContent content : body) {
                length += content.content().readableBytes();
                if (chunked && content instanceof LastHttpContent last) {
                    length++;
                    for (Map.Entry<String, String> trailer : last.trailingHeaders()) {
                        length += trailer.getKey().length() + trailer.getValue().length();
                    }
                }
            }
        }
        return length;
    }

    /**
     * A {@code Connection} field whose comma-separated tokens are all {@code close} or
     * {@code keep-alive}: HAProxy's parser takes them as flags and does not store the field.
     */
    private static boolean connectionFlagsOnly(CharSequence name, CharSequence value) {
        if (!AsciiString.contentEqualsIgnoreCase(name, "connection")) {
            return false;
        }
        int token = 0;
        int end = value.length();
        while (token <= end) {
            int comma = token;
            while (comma < end && value.charAt(comma) != ',') {
                comma++;
            }
            int from = token;
            int to = comma;
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            CharSequence word = value.subSequence(from, to);
            if (to > from && !AsciiString.contentEqualsIgnoreCase(word, "close")
                    && !AsciiString.contentEqualsIgnoreCase(word, "keep-alive")) {
                return false;
            }
            token = comma + 1;
        }
        return true;
    }

    @Override
    public long requestBodySize() {
        CharSequence available = requestBody();
        if (available == null) {
            return -1;
        }
        if (request != null && !HttpUtil.isTransferEncodingChunked(request)) {
            String length = request.headers().get(HttpHeaderNames.CONTENT_LENGTH);
            if (length != null) {
                try {
                    return Math.max(Long.parseLong(length.strip()), available.length());
                } catch (NumberFormatException e) {
                    return available.length();
                }
            }
        }
        return available.length();
    }

    /** The chosen server's id ({@code srv_id}). */
    void serverId(int id) {
        serverId = id;
    }

    @Override
    public int targetServerId() {
        return serverId;
    }

    @Override
    public @Nullable CharSequence frontendName() {
        return frontendName;
    }

    @Override
    public @Nullable CharSequence backendName() {
        return backendName;
    }

    @Override
    public @Nullable CharSequence targetServerName() {
        return serverName;
    }
    private @Nullable InetSocketAddress sourceOverride;
    private @Nullable InetSocketAddress destinationOverride;

    /** {@code set-src}: the connection's source address from now on (its port kept). */
    void overrideSource(InetAddress address) {
        sourceOverride = new InetSocketAddress(address, super.source().getPort());
    }

    /** {@code set-dst}: the connection's destination address from now on (its port kept). */
    void overrideDestination(InetAddress address) {
        destinationOverride = new InetSocketAddress(address, super.destination().getPort());
    }

    @Override
    public InetSocketAddress source() {
        return sourceOverride != null ? sourceOverride : super.source();
    }

    @Override
    public InetSocketAddress destination() {
        return destinationOverride != null ? destinationOverride : super.destination();
    }

    HttpTrafficView(Channel client) {
        super(client);
    }

    private @Nullable TrafficFormat uniqueIdFormat;
    private @Nullable String uniqueId;
    private @Nullable Sample uniqueIdSample;

    private io.netty.handler.codec.http.@Nullable HttpResponse response;
    private @Nullable ResponseHeaders responseHeaders;

    /** The response's head arrived: response fetches see it. */
    void response(HttpResponse response) {
        this.response = response;
        if (responseHeaders != null) {
            responseHeaders.count = -1;
        }
    }

    /** The response's headers changed: index them again when next asked. */
    void responseHeadersChanged() {
        if (responseHeaders != null) {
            responseHeaders.count = -1;
        }
    }

    @Override
    public int status() {
        return response == null ? 0 : response.status().code();
    }

    @Override
    public @Nullable TrafficView responseHeaders() {
        if (response == null) {
            return null;
        }
        if (responseHeaders == null) {
            responseHeaders = new ResponseHeaders();
        }
        return responseHeaders;
    }

    /** The response's header lines through the request-header methods, made once per connection. */
    private final class ResponseHeaders implements TrafficView {
        private CharSequence[] names = new CharSequence[16];
        private CharSequence[] values = new CharSequence[16];
        private int count = -1;

        private void index() {
            if (count >= 0) {
                return;
            }
            int n = 0;
            Iterator<Map.Entry<CharSequence, CharSequence>> entries = response.headers().iteratorCharSequence();
            while (entries.hasNext()) {
                Map.Entry<CharSequence, CharSequence> entry = entries.next();
                CharSequence value = entry.getValue();
                if (AsciiString.contentEqualsIgnoreCase(entry.getKey(), "connection")) {
                    // as on the request side: HAProxy's H1 parser takes close and keep-alive out
                    value = withoutPersistenceTokens(value);
                    if (value == null) {
                        continue;
                    }
                }
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                names[n] = entry.getKey();
                values[n] = value;
                n++;
            }
            count = n;
        }

        @Override
        public InetSocketAddress source() {
            return HttpTrafficView.this.source();
        }

        @Override
        public InetSocketAddress destination() {
            return HttpTrafficView.this.destination();
        }

        @Override
        public @Nullable CharSequence version() {
            return response == null ? null : response.protocolVersion().text();
        }

        @Override
        public int requestHeaderCount() {
            index();
            return count;
        }

        @Override
        public CharSequence requestHeaderName(int index) {
            index();
            return names[index];
        }

        @Override
        public CharSequence requestHeaderValue(int index) {
            index();
            return values[index];
        }
    }

    /** Starts viewing {@code request}: a new transaction, with its own variables and unique ID. */
    void reset(HttpRequest request, @Nullable TrafficFormat uniqueIdFormat) {
        this.request = request;
        this.response = null;
        this.count = -1;
        this.uniqueIdFormat = uniqueIdFormat;
        this.uniqueId = null;
        this.body = null;
        this.bodyIndexed = false;
        this.requestNumber++;
        variables().newTransaction();
    }

    @Override
    public @Nullable CharSequence uniqueId() {
        if (uniqueId == null && uniqueIdFormat != null) {
            if (uniqueIdSample == null) {
                uniqueIdSample = new Sample();
            }
            uniqueId = uniqueIdFormat.render(this, uniqueIdSample);
        }
        return uniqueId;
    }

    /** The headers changed: index them again when next asked. */
    void headersChanged() {
        count = -1;
    }

    /** Forgets the request (its memory may be released). */
    void clear() {
        request = null;
        count = -1;
        Arrays.fill(names, null);
        Arrays.fill(values, null);
    }

    private void index() {
        if (count >= 0) {
            return;
        }
        int n = 0;
        if (request != null) {
            Iterator<Map.Entry<CharSequence, CharSequence>> entries = request.headers().iteratorCharSequence();
            while (entries.hasNext()) {
                Map.Entry<CharSequence, CharSequence> entry = entries.next();
                CharSequence value = entry.getValue();
                if (AsciiString.contentEqualsIgnoreCase(entry.getKey(), "connection")) {
                    value = withoutPersistenceTokens(value);
                    if (value == null) {
                        continue;
                    }
                }
                if (n == names.length) {
                    names = Arrays.copyOf(names, n * 2);
                    values = Arrays.copyOf(values, n * 2);
                }
                names[n] = entry.getKey();
                values[n] = value;
                n++;
            }
        }
        for (int i = n; i < count; i++) {
            names[i] = null;
            values[i] = null;
        }
        count = n;
    }

    /**
     * A Connection value as HAProxy's H1 parser leaves it for the rules: without its {@code close}
     * and {@code keep-alive} tokens (which only steer the connection), null when nothing is left.
     */
    private static @Nullable CharSequence withoutPersistenceTokens(CharSequence value) {
        StringBuilder kept = null;
        int start = 0;
        int length = value.length();
        boolean changed = false;
        while (start <= length) {
            int comma = start;
            while (comma < length && value.charAt(comma) != ',') {
                comma++;
            }
            int from = start;
            int to = comma;
            while (from < to && (value.charAt(from) == ' ' || value.charAt(from) == '\t')) {
                from++;
            }
            while (to > from && (value.charAt(to - 1) == ' ' || value.charAt(to - 1) == '\t')) {
                to--;
            }
            if (token(value, from, to, "close") || token(value, from, to, "keep-alive")) {
                changed = true;
            } else if (to > from) {
                if (kept == null) {
                    kept = new StringBuilder(length);
                } else {
                    kept.append(", ");
                }
                kept.append(value, from, to);
            }
            start = comma + 1;
        }
        if (!changed) {
            return value;
        }
        return kept == null ? null : kept.toString();
    }

    private static boolean token(CharSequence value, int from, int to, String token) {
        if (to - from != token.length()) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            char c = value.charAt(from + i);
            if ((c >= 'A' && c <= 'Z' ? (char) (c + 32) : c) != token.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public @Nullable CharSequence method() {
        return request == null ? null : request.method().asciiName();
    }

    @Override
    public boolean proxyAuthentication() {
        return request != null && frontendRuntime != null && frontendRuntime.proxyAuthentication(request.uri());
    }

    @Override
    public @Nullable CharSequence uri() {
        return request == null ? null : request.uri();
    }

    @Override
    public @Nullable CharSequence version() {
        return request == null ? null : request.protocolVersion().text();
    }

    @Override
    public int requestHeaderCount() {
        index();
        return count;
    }

    @Override
    public CharSequence requestHeaderName(int index) {
        index();
        if (index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        return names[index];
    }

    @Override
    public CharSequence requestHeaderValue(int index) {
        index();
        if (index >= count) {
            throw new IndexOutOfBoundsException(index);
        }
        return values[index];
    }
}
