package dev.bascule.transport.netty;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerDomainSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.util.Version;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;

/** Native epoll when it loads, NIO otherwise; the channel classes that go with it. */
enum IoMode {
    EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class) {
        @Override
        IoHandlerFactory handlerFactory() {
            return EpollIoHandler.newFactory();
        }
    },
    NIO(NioServerSocketChannel.class, NioSocketChannel.class) {
        @Override
        IoHandlerFactory handlerFactory() {
            return NioIoHandler.newFactory();
        }
    };

    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;

    IoMode(Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel) {
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
    }

    /**
     * NIO unless {@code -Dbascule.transport=epoll} asks for native epoll (and it loads). Epoll is
     * not the default yet: with reads driven by hand and half-closed sockets, the TCP relay lost
     * the end of a large response when the server closed (about one run in ten of an 8 MiB
     * echo, level- or edge-triggered); the same relay on NIO passed 40 runs of 40.
     */
    static IoMode best() {
        return "epoll".equals(System.getProperty("bascule.transport")) && Epoll.isAvailable() ? EPOLL : NIO;
    }

    abstract IoHandlerFactory handlerFactory();

    EventLoopGroup newGroup(int threads, String name) {
        return new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory(name, true), handlerFactory());
    }

    Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    Class<? extends ServerChannel> domainServerChannel() {
        return this == EPOLL ? EpollServerDomainSocketChannel.class : NioServerDomainSocketChannel.class;
    }

    /** A UNIX socket address in the form this mode binds. */
    SocketAddress domainAddress(Path path) {
        return this == EPOLL ? new DomainSocketAddress(path.toString()) : UnixDomainSocketAddress.of(path);
    }

    String describe() {
        Version netty = Version.identify().getOrDefault("netty-transport", null);
        String version = netty == null ? "unknown" : netty.artifactVersion();
        if (this == EPOLL) {
            return "netty " + version + ", native epoll";
        }
        Throwable cause = Epoll.unavailabilityCause();
        return "netty " + version + ", NIO" + (cause == null ? " (native epoll available with -Dbascule.transport=epoll)"
                : " (epoll unavailable: " + cause.getMessage() + ")");
    }
}
