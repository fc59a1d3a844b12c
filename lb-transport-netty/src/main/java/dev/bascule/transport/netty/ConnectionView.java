package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.VariableStore;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.proxy.ProxiedAddresses;
import dev.bascule.transport.netty.tls.TlsInfo;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rules' view of a client connection: its addresses and TLS facts. TCP mode uses it as it is;
 * the HTTP view adds the current request.
 */
public class ConnectionView implements TrafficView {
    /** The connection's variables: its {@code sess} scope lives as long as the connection. */
    private static final AttributeKey<VariableStore> VARIABLES = AttributeKey.valueOf("bascule.variables");
    /** On a listener: the {@code proc.} variables of the configuration it serves, which its connections share. */
    static final AttributeKey<ProcessVariables> PROCESS_VARIABLES = AttributeKey.valueOf("bascule.process-variables");
    /** The connection's stick counters, when the configuration has stick tables. */
    private static final AttributeKey<StickTracker> STICK =
            AttributeKey.valueOf("bascule.stick");

    /**
     * Gives a new client connection its stick counters, when the configuration has stick tables:
     * the session's entries are released when it closes.
     */
    public static void trackStickCounters(Channel client, FrontendRuntime frontend) {
        StickTracker tracker = frontend.newStickTracker();
        if (tracker != null) {
            client.attr(STICK).set(tracker);
            client.closeFuture().addListener(future -> tracker.endSession());
        }
    }

    /** The connection's stick counters, or null when the configuration has no stick table. */
    public static dev.bascule.core.stick.@Nullable StickTracker stickTracker(Channel client) {
        // hasAttr: attr() would add an empty attribute to every connection of a configuration without tables
        return client.hasAttr(STICK) ? client.attr(STICK).get() : null;
    }

    private final Channel client;
    private final VariableStore variables;
    private final dev.bascule.core.stick.@Nullable StickTracker stick;

    @Override
    public dev.bascule.core.stick.@Nullable StickTracker stickCounters() {
        return stick;
    }

    public ConnectionView(Channel client) {
        this.client = client;
        this.stick = stickTracker(client);
        VariableStore store = client.attr(VARIABLES).get();
        if (store == null) {
            store = new VariableStore(processVariables(client));
            client.attr(VARIABLES).set(store);
        }
        this.variables = store;
    }

    private @Nullable CharSequence payload;

    /** The request bytes waiting to be forwarded ({@code mode tcp}), which the content fetches read. */
    public void payload(@Nullable CharSequence payload) {
        this.payload = payload;
    }

    @Override
    public @Nullable CharSequence requestPayload() {
        return payload;
    }

    private @Nullable CharSequence responsePayload;

    /** The server's bytes waiting to be forwarded ({@code mode tcp}), which {@code res.payload} and the like read. */
    public void responsePayload(@Nullable CharSequence payload) {
        this.responsePayload = payload;
    }

    @Override
    public @Nullable CharSequence responsePayload() {
        return responsePayload;
    }

    /** The {@code proc.} variables of the listener that accepted {@code client}. */
    private static ProcessVariables processVariables(Channel client) {
        Channel listener = client.parent();
        // hasAttr: attr() would add an empty attribute to a listener without one
        ProcessVariables shared = listener != null && listener.hasAttr(PROCESS_VARIABLES)
                ? listener.attr(PROCESS_VARIABLES).get() : null;
        // a connection that no listener of the transport accepted (tests): variables of its own
        return shared != null ? shared : new ProcessVariables();
    }

    @Override
    public VariableStore variables() {
        return variables;
    }

    /** The record of the connection's current stream (its number, its captures), once it has one. */
    protected dev.bascule.core.log.@Nullable StreamLog streamLog;

    /** The connection's stream record, which the stream's number and accept date are read from. */
    public void streamLog(StreamLog log) {
        streamLog = log;
    }

    /** The configuration's stream counter, for a format written before the connection has a stream. */
    private java.util.concurrent.atomic.@Nullable AtomicLong streams;

    /** Where a format written before the connection has a stream takes its {@code %rt} from. */
    public void streams(AtomicLong counter) {
        streams = counter;
    }

    @Override
    public long streamId() {
        if (streamLog != null) {
            return streamLog.streamId();
        }
        // no stream yet (tcp-request connection or session rules): HAProxy's build_logline() takes a number
        return streams == null ? -1 : streams.getAndIncrement();
    }

    @Override
    public long acceptEpochMillis() {
        return streamLog == null ? 0 : streamLog.acceptEpochMillis();
    }

    private @Nullable String frontend;
    private @Nullable String backend;
    private @Nullable String server;

    /** The names {@code fe_name}, {@code be_name} and {@code srv_name} answer with in mode tcp. */
    public void proxyNames(@Nullable String frontendName, @Nullable String backendName, @Nullable String serverName) {
        frontend = frontendName;
        backend = backendName;
        server = serverName;
    }

    @Override
    public @Nullable CharSequence frontendName() {
        return frontend;
    }

    @Override
    public @Nullable CharSequence backendName() {
        return backend;
    }

    @Override
    public @Nullable CharSequence targetServerName() {
        return server;
    }

    @Override
    public InetSocketAddress source() {
        return ProxiedAddresses.source(client);
    }

    @Override
    public InetSocketAddress destination() {
        return ProxiedAddresses.destination(client);
    }

    /** {@code fc_src}: the socket's peer, whatever a PROXY header said. */
    @Override
    public InetSocketAddress connectionSource() {
        return (InetSocketAddress) client.remoteAddress();
    }

    /** {@code fc_dst}: the socket's own address, whatever a PROXY header said. */
    @Override
    public InetSocketAddress connectionDestination() {
        return (InetSocketAddress) client.localAddress();
    }

    @Override
    public boolean receivedProxyHeader() {
        return ProxiedAddresses.received(client);
    }

    @Override
    public @Nullable CharSequence proxyAuthority() {
        return ProxiedAddresses.authority(client);
    }

    @Override
    public @Nullable CharSequence proxyUniqueId() {
        return ProxiedAddresses.uniqueId(client);
    }

    @Override
    public boolean secure() {
        return TlsInfo.isTls(client);
    }

    @Override
    public @Nullable CharSequence serverName() {
        return TlsInfo.serverName(client);
    }

    @Override
    public @Nullable CharSequence tlsCipher() {
        return TlsInfo.cipher(client);
    }

    @Override
    public @Nullable CharSequence tlsProtocol() {
        return TlsInfo.protocol(client);
    }

    @Override
    public java.security.cert.@Nullable X509Certificate tlsClientCertificate() {
        return TlsInfo.clientCertificate(client);
    }

    @Override
    public java.security.cert.@Nullable X509Certificate tlsFrontendCertificate() {
        return TlsInfo.frontendCertificate(client);
    }

    @Override
    public int tlsClientVerifyError(String which) {
        return TlsInfo.verifyError(client, which);
    }

    @Override
    public java.util.List<java.security.cert.X509Certificate> tlsClientChain() {
        return TlsInfo.peerChain(client);
    }

    @Override
    public java.util.List<java.security.cert.X509Certificate> tlsServerChain() {
        Channel server = serverChannel;
        return server == null ? java.util.List.of() : TlsInfo.peerChain(server);
    }

    /** The stream's connection to its server, once made (for {@code ssl_s_*} and {@code ssl_bc_*}). */
    public void serverChannel(@Nullable Channel server) {
        this.serverChannel = server;
    }

    private @Nullable Channel serverChannel;
}
