package dev.bascule.transport.netty;

import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.core.os.Posix;
import dev.bascule.core.os.SocketOptions;

import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.function.Consumer;

/**
 * The options of a {@code bind} that neither the JDK nor Netty set on a listening socket, set on
 * a socket opened here before it is bound, as HAProxy's {@code tcp_bind_listener()} and
 * {@code sock_inet_bind_receiver()} set them: {@code v6only} / {@code v4v6} ({@code IPV6_V6ONLY}
 * to 1 / 0, an IPv6 address only, {@code v6only} first) and {@code tfo} ({@code TCP_FASTOPEN},
 * its queue as long as the listen backlog). The NIO socket's descriptor is read through
 * {@code sun.nio.ch.SelChImpl#getFDVal}, opened by {@code --add-opens
 * java.base/sun.nio.ch=ALL-UNNAMED} (bin/bascule passes it); epoll's is public.
 */
final class ListenerSockets {
    private ListenerSockets() {
    }

    /** Whether the listener needs a socket of its own: an option this class sets applies to it. */
    static boolean needed(ListenerOptions options, ListenAddress.Inet address) {
        return options.fastOpen() || ipv6(address) && (options.v6Only() || options.v4v6());
    }

    /** An IPv6 address: HAProxy's {@code AF_INET6} listener, the only one {@code IPV6_V6ONLY} applies to. */
    private static boolean ipv6(ListenAddress.Inet address) {
        return address.host().indexOf(':') >= 0;
    }

    /**
     * A new listening channel, not bound yet, with the options of {@code options} set on its socket.
     *
     * @param backlog  the listen backlog, the length of the Fast Open queue
     * @param warnings where a failed {@code TCP_FASTOPEN} goes: HAProxy warns ({@code cannot enable
     *                 TCP_FASTOPEN}) and listens without
     */
    static ServerChannel open(IoMode mode, ListenerOptions options, ListenAddress.Inet address, int backlog,
                              Consumer<String> warnings)
            throws IOException, ReflectiveOperationException, Posix.PosixException {
        if (mode == IoMode.EPOLL) {
            EpollServerSocketChannel channel = new EpollServerSocketChannel();
            try {
                apply(channel.fd().intValue(), options, address, backlog, warnings);
            } catch (Posix.PosixException | RuntimeException e) {
                channel.unsafe().closeForcibly();
                throw e;
            }
            return channel;
        }
        SelectorProvider provider = SelectorProvider.provider();
        ServerSocketChannel socket = ipv6(address) ? provider.openServerSocketChannel(StandardProtocolFamily.INET6)
                : provider.openServerSocketChannel();
        try {
            apply(descriptor(socket), options, address, backlog, warnings);
        } catch (ReflectiveOperationException | Posix.PosixException | RuntimeException e) {
            socket.close();
            throw e;
        }
        return new NioServerSocketChannel(socket);
    }

    /**
     * The options of an inherited socket ({@code fd@N}), already bound: {@code tfo} as for the
     * others; {@code IPV6_V6ONLY} cannot change once a socket is bound, HAProxy's attempt has no
     * effect either.
     */
    static void inherited(int fd, ListenerOptions options, int backlog, Consumer<String> warnings) {
        if (options.fastOpen()) {
            fastOpen(fd, backlog, warnings);
        }
    }

    private static void fastOpen(int fd, int backlog, Consumer<String> warnings) {
        try {
            SocketOptions.set(fd, SocketOptions.IPPROTO_TCP, SocketOptions.TCP_FASTOPEN, backlog);
        } catch (Posix.PosixException e) {
            warnings.accept("cannot enable TCP_FASTOPEN (" + e.getMessage() + ")");
        }
    }

    private static void apply(int fd, ListenerOptions options, ListenAddress.Inet address, int backlog,
                              Consumer<String> warnings) throws Posix.PosixException {
        if (ipv6(address)) {
            if (options.v6Only()) {
                SocketOptions.set(fd, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_V6ONLY, 1);
            } else if (options.v4v6()) {
                SocketOptions.set(fd, SocketOptions.IPPROTO_IPV6, SocketOptions.IPV6_V6ONLY, 0);
            }
        }
        if (options.fastOpen()) {
            fastOpen(fd, backlog, warnings);
        }
    }

    /** The descriptor of a JDK socket channel ({@code SelChImpl#getFDVal}). */
    static int descriptor(ServerSocketChannel socket) throws ReflectiveOperationException {
        Method getFdVal = Class.forName("sun.nio.ch.SelChImpl").getMethod("getFDVal");
        getFdVal.setAccessible(true);
        return (int) getFdVal.invoke(socket);
    }
}
