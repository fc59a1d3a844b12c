package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.core.Transport;
import dev.bascule.core.os.Posix;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ListenerRuntime;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.transport.netty.check.NettyProbeClient;
import dev.bascule.transport.netty.cli.RuntimeApiHandler;
import dev.bascule.transport.netty.http.HttpPipeline;
import dev.bascule.transport.netty.proxy.ProxyHeaderGate;
import dev.bascule.transport.netty.tcp.TcpRelay;
import dev.bascule.transport.netty.tls.TlsListener;
import dev.bascule.transport.netty.tls.TlsProvider;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import dev.bascule.core.dns.DnsClient;
import dev.bascule.transport.netty.dns.NettyDnsClient;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.ServerChannelRecvByteBufAllocator;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import javax.net.ssl.SSLException;

/** The Netty implementation of the core's {@link Transport} port, found through {@link java.util.ServiceLoader}. */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    /**
     * Connections a listener accepts per turn of its event loop, HAProxy's {@code tune.maxaccept}
     * default (Netty's is 16): with a thousand clients connecting while the loop also serves the
     * connected ones, 16 per turn left the last clients waiting in the backlog for seconds.
     */
    static final int MAX_ACCEPT = 64;

    /** The listen backlog when no {@code maxconn} sizes it. */
    private static final int BACKLOG = 1024;

    private final IoMode mode = IoMode.best();
    private final TlsProvider tlsProvider = TlsProvider.best();
    private final ServerDialer dialer = new ServerDialer(mode, tlsProvider);
    private final ConnectionCounter connections = new ConnectionCounter();
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Path> unixSockets = new ArrayList<>();
    private EventLoopGroup group;
    private ConnectionLimiter limiter;
    private ProxyRuntime started;

    @Override
    public String describe() {
        return mode.describe();
    }

    @Override
    public String describeTls() {
        return tlsProvider.describe();
    }

    @Override
    public synchronized void start(ProxyRuntime runtime) throws TransportException {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        int threads = runtime.global().threads().orElse(Runtime.getRuntime().availableProcessors());
        group = mode.newGroup(threads, "bascule-io");
        limiter = runtime.global().maxConnections().isPresent()
                ? new ConnectionLimiter(runtime.global().maxConnections().getAsInt()) : null;
        started = runtime;
        try {
            dialer.prepare(runtime);
            for (FrontendRuntime frontend : runtime.frontends()) {
                // the frontend's maxconn, then the process's: both count its connections
                List<ConnectionLimiter> limiters = new ArrayList<>(2);
                if (frontend.maxConnections() > 0) {
                    limiters.add(new ConnectionLimiter(frontend.maxConnections()));
                }
                if (limiter != null) {
                    limiters.add(limiter);
                }
                for (ListenerRuntime each : frontend.listeners()) {
                    BindConfig bind = each.bind();
                    TlsListener tls = bind.tls().isPresent() ? tlsListener(frontend, bind) : null;
                    Channel listener = open("frontend " + frontend.name(), bind.address(), bind.listener(),
                            frontendInitializer(frontend, tls, each), limiters);
                    limiters.forEach(limiter -> limiter.add(listener, each.counters(), limiters));
                }
            }
            long started = System.currentTimeMillis();
            List<StatsSocketConfig> sockets = runtime.global().statsSockets();
            // stats maxconn: one limit over every stats socket (HAProxy's GLOBAL frontend), never the process's
            ConnectionLimiter shared = sockets.isEmpty() ? null
                    : new ConnectionLimiter(sockets.get(0).sharedMaxConnections());
            for (StatsSocketConfig socket : sockets) {
                List<ConnectionLimiter> socketLimiters = new ArrayList<>(2);
                if (socket.maxConnections().isPresent()) {
                    socketLimiters.add(new ConnectionLimiter(socket.maxConnections().getAsInt()));
                }
                socketLimiters.add(shared);
                Channel listener = open("stats socket", socket.address(), new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        // a short request-reply exchange: no back-pressure to manage
                        channel.config().setAutoRead(true);
                        channel.pipeline().addLast(connections);
                        RuntimeApiHandler.configure(channel.pipeline(), runtime, socket.level(), started,
                                socket.timeout().toMillis());
                    }
                }, socketLimiters);
                socketLimiters.forEach(each -> each.add(listener, null, socketLimiters));
                if (socket.address() instanceof ListenAddress.Unix unix) {
                    StatsSocketFiles.apply(Path.of(unix.path()), socket);
                }
            }
        } catch (TransportException e) {
            close();
            throw e;
        }
    }

    /** The SSL contexts of an {@code ssl} bind, built once, before the listener opens. */
    private TlsListener tlsListener(FrontendRuntime frontend, BindConfig bind) throws TransportException {
        try {
            return TlsListener.create(bind.tls().orElseThrow(), tlsProvider, frontend.clientTimeoutMillis());
        } catch (SSLException | RuntimeException e) {
            throw new TransportException("Starting frontend " + frontend.name() + ": cannot set up TLS for ["
                    + bind.address() + "] at " + bind.location() + ": " + e.getMessage(), e);
        }
    }

    /** The accepted connections' pipeline for {@code accepting} (its counters: null without {@code option socket-stats}). */
    private ChannelInitializer<Channel> frontendInitializer(FrontendRuntime frontend, @Nullable TlsListener tls,
                                                           ListenerRuntime accepting) {
        ListenerCounters listener = accepting.counters();
        boolean acceptProxy = accepting.bind().listener().acceptProxy();
        // HAProxy's session_prepare_log_prefix(): the listener's name, else its number
        String listenerLabel = accepting.bind().listener().name().orElse(Integer.toString(accepting.id()));
        // one listener for every connection the listener accepts: nothing allocated per connection
        ChannelFutureListener closed = listener == null ? null : future -> listener.closed();
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                if (DirectMemoryGuard.INSTANCE.refuse(channel)) {
                    // buffers ran short a moment ago: the newest work waits, the work in progress finishes
                    return;
                }
                // HAProxy counts every accepted connection (conn_tot) before its tcp-request rules
                frontend.counters().connection();
                if (listener != null) {
                    listener.accepted();
                    channel.closeFuture().addListener(closed);
                }
                SocketKeepAlive.apply(channel, frontend.clientKeepAlive());
                ConnectionView.trackStickCounters(channel, frontend);
                if (frontend.mode() == ProxyMode.HTTP) {
                    HttpPipeline.configure(channel.pipeline(), frontend, dialer, connections,
                            started.global().http(), listener);
                } else {
                    TcpRelay.configure(channel.pipeline(), frontend, dialer, connections, listener,
                            started.global().http());
                }
                if (tls != null) {
                    // first: everything after it sees clear text
                    tls.configure(channel.pipeline());
                }
                if (acceptProxy) {
                    // before TLS: the header comes first on the wire
                    ProxyHeaderGate.configure(channel.pipeline(), frontend.log(), listenerLabel,
                            frontend.clientTimeoutMillis());
                }
                if (!frontend.tcp().isEmpty()) {
                    TcpRuleSet.configure(channel, frontend.tcp(), "connections", frontend.counters(), listener,
                            frontend.log().streams());
                }
            }
        };
    }

    private Channel open(String owner, ListenAddress address, ChannelInitializer<Channel> initializer,
                         List<ConnectionLimiter> limiters) throws TransportException {
        return open(owner, address, ListenerOptions.NONE, initializer, limiters);
    }

    /**
     * Opens a listener with the socket options of {@code options}; its accepts count against the
     * {@code maxconn} of each of {@code limiters}.
     */
    private Channel open(String owner, ListenAddress address, ListenerOptions options,
                         ChannelInitializer<Channel> initializer, List<ConnectionLimiter> limiters)
            throws TransportException {
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(group)
                // the configuration's proc. variables, for the connections it accepts (ConnectionView)
                .attr(ConnectionView.PROCESS_VARIABLES, started.variables())
                .childOption(ChannelOption.AUTO_READ, false)
                .childHandler(initializer);
        if (limiters.isEmpty()) {
            bootstrap.option(ChannelOption.RCVBUF_ALLOCATOR, new ServerChannelRecvByteBufAllocator()
                    .maxMessagesPerRead(MAX_ACCEPT));
        } else {
            bootstrap.handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel listener) {
                    limiters.forEach(each -> listener.pipeline().addLast(each));
                }
            }).option(ChannelOption.RCVBUF_ALLOCATOR, ConnectionLimiter.acceptAllocator(limiters));
        }
        ChannelFuture future;
        if (address instanceof ListenAddress.Inet) {
            ListenAddress.Inet inet = (ListenAddress.Inet) address;
            if (ListenerSockets.needed(options, inet)) {
                ServerChannel socket;
                try {
                    socket = ListenerSockets.open(mode, options, inet, backlog(limiters),
                            warning -> LOG.warn("Starting {}: {} [{}]", owner, warning, address));
                } catch (IOException | ReflectiveOperationException | Posix.PosixException | RuntimeException e) {
                    throw new TransportException("Starting " + owner + ": cannot set the socket options of ["
                            + address + "] (run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED): " + e, e);
                }
                bootstrap.channelFactory(() -> socket);
            } else {
                bootstrap.channel(mode.serverChannel());
            }
            bootstrap.option(ChannelOption.SO_BACKLOG, backlog(limiters))
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .childOption(ChannelOption.TCP_NODELAY, true);
            InetSocketAddress socketAddress = inet.wildcard()
                    ? new InetSocketAddress(inet.port())
                    : new InetSocketAddress(inet.host(), inet.port());
            future = bootstrap.bind(socketAddress);
        } else if (address instanceof ListenAddress.FileDescriptor) {
            int fd = ((ListenAddress.FileDescriptor) address).fd();
            ListenerSockets.inherited(fd, options, backlog(limiters),
                    warning -> LOG.warn("Starting {}: {} [{}]", owner, warning, address));
            try {
                if (mode == IoMode.EPOLL) {
                    InheritedSockets.setNonBlocking(fd);
                    bootstrap.channelFactory(() -> new EpollServerSocketChannel(fd));
                } else {
                    ServerSocketChannel adopted = InheritedSockets.adopt(fd, false);
                    bootstrap.channelFactory(() -> new NioServerSocketChannel(adopted));
                }
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new TransportException("Starting " + owner + ": cannot adopt socket [" + address
                        + "] (run with --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED): "
                        + e, e);
            }
            bootstrap.childOption(ChannelOption.TCP_NODELAY, true).childOption(ChannelOption.ALLOW_HALF_CLOSURE, true);
            // adopted as it is: already bound and listening, so registered, never bound
            future = bootstrap.register();
        } else {
            Path path = Path.of(((ListenAddress.Unix) address).path());
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new TransportException("Starting " + owner + ": cannot remove stale socket " + path + ": " + e, e);
            }
            bootstrap.channel(mode.domainServerChannel());
            future = bootstrap.bind(mode.domainAddress(path));
            unixSockets.add(path);
        }
        future.awaitUninterruptibly();
        if (!future.isSuccess()) {
            Throwable cause = future.cause();
            throw new TransportException("Starting " + owner + ": cannot bind socket (" + reason(cause) + ") ["
                    + address + "]", cause);
        }
        listeners.add(future.channel());
        LOG.debug("{} listening on {}", owner, future.channel().localAddress());
        return future.channel();
    }

    /**
     * HAProxy's default {@code backlog}: the frontend's {@code maxconn} (the global one when it has
     * none), so that a burst of connections waits in the kernel instead of being dropped; the
     * kernel caps it at {@code net.core.somaxconn}.
     */
    private static int backlog(List<ConnectionLimiter> limiters) {
        return limiters.isEmpty() ? BACKLOG : Math.max(BACKLOG, limiters.get(0).limit());
    }

    private static String reason(Throwable cause) {
        String message = cause == null ? "unknown error" : cause.getMessage();
        if (message == null) {
            return cause.getClass().getSimpleName();
        }
        int colon = message.lastIndexOf(": ");
        return colon >= 0 ? message.substring(colon + 2) : message;
    }

    /** The local address of every listener, in the order they were opened (for tests). */
    public synchronized List<SocketAddress> listenerAddresses() {
        List<SocketAddress> addresses = new ArrayList<>();
        listeners.forEach(channel -> addresses.add(channel.localAddress()));
        return addresses;
    }

    /** The listening channels, in the order they were opened (for tests). */
    synchronized List<Channel> listenerChannels() {
        return List.copyOf(listeners);
    }

    @Override
    public synchronized ProbeClient probeClient() {
        if (group == null) {
            throw new IllegalStateException("not started");
        }
        return new NettyProbeClient(group, dialer);
    }

    @Override
    public void onEachEventLoop(IntConsumer task) {
        List<Future<?>> done = new ArrayList<>();
        int index = 0;
        EventLoopGroup loops;
        synchronized (this) {
            if (group == null) {
                throw new IllegalStateException("not started");
            }
            loops = group;
        }
        for (EventExecutor loop : loops) {
            int current = index++;
            done.add(loop.submit(() -> task.accept(current)));
        }
        done.forEach(Future::syncUninterruptibly);
    }

    @Override
    public DnsClient dnsClient() {
        return new NettyDnsClient();
    }

    @Override
    public synchronized void stopListening() {
        forEachListener(channel -> channel.close().awaitUninterruptibly());
        listeners.clear();
        for (Path socket : unixSockets) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException e) {
                LOG.debug("cannot remove {}", socket, e);
            }
        }
        unixSockets.clear();
    }

    private void forEachListener(Consumer<Channel> action) {
        new ArrayList<>(listeners).forEach(action);
    }

    @Override
    public int openConnections() {
        return connections.open();
    }

    @Override
    public synchronized void close() {
        stopListening();
        if (group != null) {
            group.shutdownGracefully(0, 200, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            group = null;
        }
        if (started != null) {
            // the event loops are gone: their log sockets can close
            started.log().close();
            started = null;
        }
    }
}
