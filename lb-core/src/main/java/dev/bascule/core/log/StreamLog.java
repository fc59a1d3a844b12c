package dev.bascule.core.log;

import dev.bascule.api.Nullable;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What one log line says about one stream (an HTTP request and its response, or a TCP session):
 * a mutable record, one per client connection, reset for each request so that logging allocates
 * nothing per request. The transport fills it on the event loop that owns the connection.
 * Times are {@link System#nanoTime()} marks; 0 means "did not happen" and prints as -1.
 */
public final class StreamLog {
    /**
     * HAProxy's {@code global.req_count}: every stream of the instance takes the next number
     * ({@code %rt}). One per running configuration ({@link LogRuntime#streams()}), as one per HAProxy process.
     */
    private final AtomicLong streams;

    /** A record whose streams are numbered by {@code streams}, the instance's counter. */
    public StreamLog(AtomicLong streams) {
        this.streams = streams;
    }

    /** A record with its own stream numbers (tests). */
    public StreamLog() {
        this(new AtomicLong());
    }

    // the connection
    /** The client's address and the one it connected to; null for other transports. */
    @Nullable InetSocketAddress client;
    @Nullable InetSocketAddress local;
    String clientAddress = "-";
    int clientPort;
    String localAddress = "-";
    int localPort;
    boolean tls;
    /** The TLS session's cipher (OpenSSL's name) and version ({@code %sslc %sslv}); null without TLS. */
    @Nullable String tlsCipher;
    @Nullable String tlsProtocol;
    long acceptNanos;
    long acceptEpochMillis;

    // the stream
    long startNanos;
    long startEpochMillis;
    long headNanos;
    long connectStartNanos;
    long connectedNanos;
    long responseNanos;
    /** When an {@code http-request tarpit} ended; 0 without one. */
    long tarpitEndNanos;
    long endNanos;
    /** {@code %sq} and {@code %bq}: the positions the stream reached in a server's queue and the backend's. */
    int serverQueuePosition;
    int backendQueuePosition;
    int status = -1;
    long bytesOut;
    /** What the client sent ({@code %U}). */
    long bytesIn;
    /** The stream's number ({@code %rt}, HAProxy's {@code uniq_id}); -1 before it has one. */
    long streamId = -1;
    /** The line is a connection's without a stream ({@code %hr} and its kin write nothing). */
    boolean streamless;
    /** The frontend's count of lines sent before this one ({@code %lc}), set as the line is written. */
    long logCount;
    /** The server connection's own address and the server's ({@code %bi %bp}, {@code %si %sp}); null before one. */
    @Nullable InetSocketAddress serverSource;
    @Nullable InetSocketAddress serverDestination;
    @Nullable String backend;
    @Nullable String server;
    int retries;
    boolean redispatched;
    char terminationCause = '-';
    char sessionState = '-';
    char clientCookie = '-';
    char serverCookie = '-';
    int serverConnections;
    int backendConnections;
    final StringBuilder requestLine = new StringBuilder(128);
    /** Where the method ends and the target ends in {@link #requestLine}. */
    int methodEnd;
    int uriEnd;
    @Nullable CharSequence uniqueId;
    /** Captured header values, by capture index; null when the header was absent. */
    @Nullable String[] requestCaptures;
    /** What {@code %[...]} parts of a log-format read when the line is written (null: nothing). */
    private dev.bascule.api.sample.@Nullable TrafficView traffic;
    /** As HAProxy's {@code s->logs.level}: 0 unset, -1 silent, else the level + 1. */
    int levelOverride;
    @Nullable String[] responseCaptures;
    boolean badRequest;
    boolean clientSentBytes;

    /** A connection was accepted: its addresses, converted to text once for all its streams. */
    public void accept(@Nullable InetSocketAddress client, @Nullable InetSocketAddress local, long nanos,
                       long epochMillis) {
        this.client = client;
        this.local = local;
        tlsCipher = null;
        tlsProtocol = null;
        clientAddress = hostText(client);
        clientPort = client == null ? 0 : client.getPort();
        localAddress = hostText(local);
        localPort = local == null ? 0 : local.getPort();
        acceptNanos = nanos;
        acceptEpochMillis = epochMillis;
        reset(nanos, epochMillis);
    }

    static String hostText(@Nullable InetSocketAddress address) {
        if (address == null) {
            return "-";
        }
        InetAddress ip = address.getAddress();
        // inet_ntop()'s text, IPv6 compressed (an address from a PROXY header is often IPv6)
        return ip == null ? address.getHostString() : dev.bascule.api.sample.Sample.appendAddress(new StringBuilder(39), ip).toString();
    }

    /** Clears the stream fields; the next stream of the connection starts at {@code nanos}. */
    public void reset(long nanos, long epochMillis) {
        startNanos = nanos;
        startEpochMillis = epochMillis;
        headNanos = 0;
        connectStartNanos = 0;
        connectedNanos = 0;
        responseNanos = 0;
        tarpitEndNanos = 0;
        endNanos = 0;
        serverQueuePosition = 0;
        backendQueuePosition = 0;
        status = -1;
        bytesOut = 0;
        bytesIn = 0;
        streamId = -1;
        streamless = false;
        serverSource = null;
        serverDestination = null;
        backend = null;
        server = null;
        retries = 0;
        redispatched = false;
        terminationCause = '-';
        sessionState = '-';
        clientCookie = '-';
        serverCookie = '-';
        serverConnections = 0;
        backendConnections = 0;
        requestLine.setLength(0);
        badRequest = false;
        uniqueId = null;
        requestCaptures = null;
        responseCaptures = null;
        clientSentBytes = false;
        levelOverride = 0;
    }

    /** The traffic {@code %[...]} log-format parts read (the connection's, kept across its streams). */
    public void traffic(dev.bascule.api.sample.@Nullable TrafficView view) {
        traffic = view;
    }

    /** The traffic of the stream, for {@code %[...]} parts; null when none was given. */
    public dev.bascule.api.sample.@Nullable TrafficView traffic() {
        return traffic;
    }

    /** {@code set-log-level}: the line's level, or -1 for {@code silent}. */
    public void logLevel(int level) {
        levelOverride = level < 0 ? -1 : level + 1;
    }

    /**
     * {@code set-log-level} as a rule's action context applies it: {@code level} checked (0-7, or
     * -1 for {@code silent}) even when the stream has no log line, then given to {@code log}.
     */
    public static void setLogLevel(@Nullable StreamLog log, int level) {
        if (level < -1 || level > 7) {
            throw new IllegalArgumentException("level: " + level + " (expected: -1-7)");
        }
        if (log != null) {
            log.logLevel(level);
        }
    }

    /** The first bytes of the request arrived ({@code %tr}; idle time before does not count). */
    public void started(long nanos, long epochMillis) {
        startNanos = nanos;
        startEpochMillis = epochMillis;
        clientSentBytes = true;
    }

    /** True for a TLS connection whose session was not recorded yet. */
    public boolean needsTlsSession() {
        return tls && tlsCipher == null;
    }

    /** The connection's TLS session, once its handshake is over ({@code %sslc %sslv}). */
    public void tlsSession(@Nullable String cipher, @Nullable String protocol) {
        tlsCipher = cipher;
        tlsProtocol = protocol;
    }

    /** The TLS state shown by {@code %ft} (a {@code ~} after the frontend name). */
    public void tls(boolean tls) {
        this.tls = tls;
    }

    /** The request head is complete: {@code method uri version} as received. */
    public void requestHead(long nanos, CharSequence method, CharSequence uri, CharSequence version) {
        headNanos = nanos;
        clientSentBytes = true;
        requestLine.setLength(0);
        requestLine.append(method);
        methodEnd = requestLine.length();
        requestLine.append(' ').append(uri);
        uriEnd = requestLine.length();
        requestLine.append(' ').append(version);
    }

    /** The request line as captured ({@code method uri version}, HAProxy's {@code txn->uri}); empty before one. */
    public CharSequence requestLine() {
        return requestLine;
    }

    /** The value of request capture {@code index}, or null (no such capture, or the header was absent). */
    public @Nullable String requestCapture(int index) {
        String[] values = requestCaptures;
        return values == null || index >= values.length ? null : values[index];
    }

    /** The value of response capture {@code index}, or null. */
    public @Nullable String responseCapture(int index) {
        String[] values = responseCaptures;
        return values == null || index >= values.length ? null : values[index];
    }

    /** The client sent something on this stream (a line is due even with {@code option dontlognull}). */
    public void clientSentBytes() {
        clientSentBytes = true;
    }

    /** The values of {@code capture request header} for this stream (an array the caller no longer touches). */
    public void requestCaptures(@Nullable String[] values) {
        requestCaptures = values;
    }

    /** The values of {@code capture response header}. */
    public void responseCaptures(@Nullable String[] values) {
        responseCaptures = values;
    }

    /**
     * Fills one capture slot ({@code http-request capture}, {@code http-response capture}) of the
     * frontend's {@code slots}, the stream's slots made on first use.
     */
    public void capture(boolean request, int slot, int slots, String value) {
        @Nullable String[] values = request ? requestCaptures : responseCaptures;
        if (values == null) {
            values = new String[slots];
            if (request) {
                requestCaptures = values;
            } else {
                responseCaptures = values;
            }
        }
        values[slot] = value;
    }

    /** The value in a capture slot, null when nothing filled it. */
    public @Nullable String captured(boolean request, int slot) {
        @Nullable String[] values = request ? requestCaptures : responseCaptures;
        return values == null || slot < 0 || slot >= values.length ? null : values[slot];
    }

    /** The request's unique ID ({@code %ID}). */
    public void uniqueId(@Nullable CharSequence id) {
        uniqueId = id;
    }

    /** The request could not be parsed: HAProxy logs {@code <BADREQ>}. */
    public void badRequest() {
        badRequest = true;
        clientSentBytes = true;
    }

    /** The backend that serves the stream ({@code %b}); else the frontend's name prints. */
    public void backend(String name) {
        backend = name;
    }

    /** A connection attempt to {@code server} starts (each retry calls this again). */
    public void connecting(String server, long nanos) {
        this.server = server;
        if (connectStartNanos == 0) {
            connectStartNanos = nanos;
        }
    }

    /**
     * The stream left a queue (dequeued with a slot, timed out, or given up) at {@code nanos}:
     * {@code %Tw} ends there (HAProxy's {@code t_queue}), and {@code %sq}/{@code %bq} are the
     * positions it reached.
     */
    public void dequeued(long nanos, int serverPosition, int backendPosition) {
        if (connectStartNanos == 0) {
            connectStartNanos = nanos;
        }
        serverQueuePosition = serverPosition;
        backendQueuePosition = backendPosition;
    }

    /** The server the stream is bound to without any connection attempt ({@code %s}). */
    public void server(String server) {
        this.server = server;
    }

    /** A further connection attempt; {@code redispatched} when it goes to another server. */
    public void retry(boolean redispatched) {
        retries++;
        this.redispatched |= redispatched;
    }

    /** The server connection is established (or an idle one was reused) and chosen for {@code server}. */
    public void connected(String server, long nanos) {
        this.server = server;
        if (connectStartNanos == 0) {
            connectStartNanos = nanos;
        }
        connectedNanos = nanos;
    }

    /** The response head left the server ({@code %Tr} ends here). */
    public void responseHead(long nanos, int status) {
        if (responseNanos == 0) {
            responseNanos = nanos;
        }
        this.status = status;
    }

    /**
     * An {@code http-request tarpit} ended at {@code nanos}: HAProxy sets its queue time to the
     * time since the stream started ({@code %Tw}) and has no request time ({@code %TR} is -1).
     */
    public void tarpitEnded(long nanos) {
        tarpitEndNanos = nanos;
    }

    /**
     * The proxy's rules replaced the server's response ({@code http-response deny}, {@code return},
     * {@code redirect}): HAProxy logs no {@code %Tr} for it.
     */
    public void responseReplaced() {
        responseNanos = 0;
    }

    /** The proxy answered by itself with {@code status}. */
    public void status(int status) {
        this.status = status;
    }

    /** Bytes sent to the client ({@code %B}, headers included). */
    /**
     * The stream exists: it takes the next number of the process. HAProxy makes a TCP stream as the
     * connection is accepted (after its connection and session rules), an HTTP one when the first
     * byte of its request arrives: a connection closed before has none, unless it is logged.
     */
    public void newStream() {
        if (streamId < 0) {
            streamId = streams.getAndIncrement();
        }
    }

    /**
     * The line is written: a connection without a stream (closed before its request's first byte)
     * takes a number now, as HAProxy's {@code sess_build_logline()}, and has no captures.
     */
    void sessionOnly() {
        if (streamId < 0) {
            streamless = true;
            newStream();
        }
    }

    /** The stream's number, unique in the process ({@code %rt}); taken now when it has none yet. */
    public long streamId() {
        newStream();
        return streamId;
    }

    /** When the connection was accepted, in milliseconds since the epoch ({@code %Ts}, {@code %T}). */
    public long acceptEpochMillis() {
        return acceptEpochMillis;
    }

    /** What the client sent on this stream so far ({@code %U}). */
    public void bytesIn(long bytes) {
        bytesIn = bytes;
    }

    /** The server connection of the stream: its local and remote addresses. */
    public void serverAddresses(@Nullable InetSocketAddress source, @Nullable InetSocketAddress destination) {
        serverSource = source;
        serverDestination = destination;
    }

    public void addBytesOut(long bytes) {
        bytesOut += bytes;
    }

    public long bytesOut() {
        return bytesOut;
    }

    public void bytesOut(long bytes) {
        bytesOut = bytes;
    }

    /**
     * The first two characters of {@code %tsc}: why the stream ended ({@code -LcCsSPRIDKU}) and in
     * which state ({@code -RCHDLQT}). The first report wins: later ones are consequences.
     */
    public void terminate(char cause, char state) {
        if (terminationCause == '-' && cause != '-') {
            terminationCause = cause;
            sessionState = state;
        }
    }

    /** Overrides the termination state outright. */
    public void termination(char cause, char state) {
        terminationCause = cause;
        sessionState = state;
    }

    public char terminationCause() {
        return terminationCause;
    }

    /** The persistence cookie characters of {@code %tsc} (HAProxy's {@code NIDVEO} and {@code NIUPRD}). */
    public void cookies(char client, char server) {
        clientCookie = client;
        serverCookie = server;
    }

    /** {@code %bc} and {@code %sc}, sampled when the line is emitted. */
    public void connections(int backend, int server) {
        backendConnections = backend;
        serverConnections = server;
    }

    /** The stream ends: {@code %Ta} (and {@code %Tt} in TCP) stop here. */
    public void end(long nanos) {
        endNanos = nanos;
    }

    /** True once a request head was received complete. */
    public boolean hasHead() {
        return headNanos != 0;
    }

    public boolean hasRequest() {
        return headNanos != 0 || badRequest;
    }

    public boolean clientSentAnything() {
        return clientSentBytes;
    }

    public int status() {
        return status;
    }
}
