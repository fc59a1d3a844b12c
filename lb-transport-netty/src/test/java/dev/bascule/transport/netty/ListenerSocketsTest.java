package dev.bascule.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.TcpPolicy;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.core.os.SocketOptions;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;

import io.netty.channel.Channel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollServerSocketChannel;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.ConnectException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * {@code bind ... v6only|v4v6|tfo} through the transport: the listening socket of a started
 * {@link NettyTransport} has {@code IPV6_V6ONLY} and {@code TCP_FASTOPEN} as HAProxy sets them
 * (read back with {@code getsockopt}), and a {@code v6only} listener on {@code ::} refuses IPv4
 * clients; on NIO and, where it loads, native epoll.
 */
final class ListenerSocketsTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    private static ProxyRuntime runtime(ListenAddress.Inet address, ListenerOptions options) {
        FrontendConfig frontend = new FrontendConfig("fe", ProxyMode.TCP,
                List.of(new BindConfig(address, HERE, Optional.empty(), options)), Timeouts.none(), HttpPolicy.NONE,
                List.of(), Optional.empty(), HERE, LogSettings.none(), OptionalInt.empty(), TcpPolicy.NONE,
                HttpConnectionMode.KEEP_ALIVE, false, Optional.empty(), Set.of());
        RuntimeCompiler.Result compiled = new RuntimeCompiler(TestingKeywordRegistry.empty())
                .compile(new LbConfig(GlobalConfig.defaults(), List.of(frontend), List.of()));
        return compiled.runtime().orElseThrow(() -> new AssertionError(compiled.diagnostics()));
    }

    /** A transport on this I/O mode ({@link IoMode#best()} reads the property when the transport is made). */
    private static NettyTransport transport(IoMode mode) {
        String previous = System.getProperty("bascule.transport");
        System.setProperty("bascule.transport", mode == IoMode.EPOLL ? "epoll" : "nio");
        try {
            return new NettyTransport();
        } finally {
            if (previous == null) {
                System.clearProperty("bascule.transport");
            } else {
                System.setProperty("bascule.transport", previous);
            }
        }
    }

    private static List<IoMode> modes() {
        return Epoll.isAvailable() ? List.of(IoMode.NIO, IoMode.EPOLL) : List.of(IoMode.NIO);
    }

    /** The descriptor of the transport's only listener. */
    private static int listenerFd(NettyTransport transport) throws Exception {
        Channel listener = transport.listenerChannels().get(0);
        if (listener instanceof EpollServerSocketChannel epoll) {
            return epoll.fd().intValue();
        }
        Method javaChannel = io.netty.channel.nio.AbstractNioChannel.class.getDeclaredMethod("javaChannel");
        javaChannel.setAccessible(true);
        return ListenerSockets.descriptor((ServerSocketChannel) javaChannel.invoke(listener));
    }

    private static int option(ListenerOptions options, ListenAddress.Inet address, IoMode mode, int level, int name)
            throws Exception {
        try (NettyTransport transport = transport(mode)) {
            transport.start(runtime(address, options));
            return SocketOptions.get(listenerFd(transport), level, name);
        }
    }

    private static ListenerOptions options(boolean v6Only, boolean v4v6, boolean fastOpen) {
        return new ListenerOptions(Optional.empty(), OptionalInt.empty(), v6Only, v4v6, fastOpen);
    }

    @Test
    void tfoSetsAFastOpenQueueAsLongAsTheBacklog() throws Exception {
        for (IoMode mode : modes()) {
            ListenAddress.Inet address = new ListenAddress.Inet("127.0.0.1", freePort(false));
            assertThat(option(options(false, false, true), address, mode, SocketOptions.IPPROTO_TCP,
                    SocketOptions.TCP_FASTOPEN)).as("%s", mode).isEqualTo(1024);
            assertThat(option(ListenerOptions.NONE, address, mode, SocketOptions.IPPROTO_TCP,
                    SocketOptions.TCP_FASTOPEN)).as("%s", mode).isZero();
        }
    }

    @Test
    void tfoOnAnInheritedSocket() throws Exception {
        try (ServerSocketChannel inherited = ServerSocketChannel.open()) {
            inherited.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
            int fd = ListenerSockets.descriptor(inherited);
            List<String> warnings = new java.util.ArrayList<>();
            ListenerSockets.inherited(fd, options(false, false, true), 2048, warnings::add);
            assertThat(SocketOptions.get(fd, SocketOptions.IPPROTO_TCP, SocketOptions.TCP_FASTOPEN)).isEqualTo(2048);
            assertThat(warnings).isEmpty();
        }
    }

    @Test
    void v6onlyAndV4v6SetIpv6V6only() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback");
        for (IoMode mode : modes()) {
            ListenAddress.Inet address = new ListenAddress.Inet("::", freePort(true));
            assertThat(option(options(true, false, false), address, mode, SocketOptions.IPPROTO_IPV6,
                    SocketOptions.IPV6_V6ONLY)).as("%s", mode).isEqualTo(1);
            assertThat(option(options(false, true, false), address, mode, SocketOptions.IPPROTO_IPV6,
                    SocketOptions.IPV6_V6ONLY)).as("%s", mode).isZero();
            // both: v6only wins, as in HAProxy
            assertThat(option(options(true, true, false), address, mode, SocketOptions.IPPROTO_IPV6,
                    SocketOptions.IPV6_V6ONLY)).as("%s", mode).isEqualTo(1);
        }
    }

    @Test
    void aV6onlyListenerRefusesIpv4Clients() throws Exception {
        assumeTrue(ipv6Loopback(), "no IPv6 loopback");
        for (IoMode mode : modes()) {
            int port = freePort(true);
            ListenAddress.Inet address = new ListenAddress.Inet("::", port);
            try (NettyTransport transport = transport(mode)) {
                transport.start(runtime(address, options(true, false, false)));
                connect(InetAddress.getByName("::1"), port);
                assertThatThrownBy(() -> connect(InetAddress.getByName("127.0.0.1"), port)).as("%s", mode)
                        .isInstanceOf(ConnectException.class);
            }
            try (NettyTransport transport = transport(mode)) {
                transport.start(runtime(address, ListenerOptions.NONE));
                connect(InetAddress.getByName("::1"), port);
                connect(InetAddress.getByName("127.0.0.1"), port);
            }
        }
    }

    private static void connect(InetAddress host, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
        }
    }

    /** A port free right now on the loopback addresses (configs cannot say port 0). */
    private static int freePort(boolean ipv6) throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(ipv6 ? InetAddress.getByName("::") : InetAddress.getLoopbackAddress(),
                    0), 1);
            return socket.getLocalPort();
        }
    }

    private static boolean ipv6Loopback() throws IOException {
        NetworkInterface loopback = NetworkInterface.getByInetAddress(InetAddress.getLoopbackAddress());
        return loopback != null && loopback.inetAddresses().anyMatch(address -> address instanceof Inet6Address);
    }
}
