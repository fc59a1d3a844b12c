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
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.Version;
import io.netty.util.concurrent.DefaultThreadFactory;

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

    static IoMode best() {
        return Epoll.isAvailable() && !Boolean.getBoolean("bascule.transport.nio") ? EPOLL : NIO;
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
        if (this != EPOLL) {
            throw new UnsupportedOperationException("UNIX sockets need the native epoll transport");
        }
        return EpollServerDomainSocketChannel.class;
    }

    String describe() {
        Version netty = Version.identify().getOrDefault("netty-transport", null);
        String version = netty == null ? "unknown" : netty.artifactVersion();
        if (this == EPOLL) {
            return "netty " + version + ", native epoll";
        }
        Throwable cause = Epoll.unavailabilityCause();
        return "netty " + version + ", NIO" + (cause == null ? "" : " (epoll unavailable: " + cause.getMessage() + ")");
    }
}
