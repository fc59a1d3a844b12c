package dev.bascule.transport.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.TcpKeepAlive;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;

import jdk.net.ExtendedSocketOptions;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** The socket options {@link SocketKeepAlive} sets, read back from real loopback sockets of each I/O mode. */
final class SocketKeepAliveTest {
    private static final TcpKeepAlive SET = new TcpKeepAlive(OptionalInt.of(4), Optional.of(Duration.ofSeconds(77)),
            Optional.of(Duration.ofSeconds(13)));

    /** SO_KEEPALIVE, TCP_KEEPCNT, TCP_KEEPIDLE, TCP_KEEPINTVL of a connected channel with {@code keepAlive} applied. */
    private static List<Object> applied(IoMode mode, TcpKeepAlive keepAlive) throws InterruptedException {
        EventLoopGroup group = mode.newGroup(1, "keepalive-test");
        try {
            Channel server = new ServerBootstrap().group(group).channel(mode.serverChannel())
                    .childHandler(new ChannelInboundHandlerAdapter())
                    .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
            try {
                Channel client = new Bootstrap().group(group).channel(mode.socketChannel())
                        .handler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel channel) {
                                SocketKeepAlive.apply(channel, keepAlive);
                            }
                        }).connect(server.localAddress()).sync().channel();
                try {
                    ChannelConfig config = client.config();
                    List<Object> values = new ArrayList<>();
                    values.add(config.getOption(ChannelOption.SO_KEEPALIVE));
                    if (mode == IoMode.EPOLL) {
                        values.add(config.getOption(EpollChannelOption.TCP_KEEPCNT));
                        values.add(config.getOption(EpollChannelOption.TCP_KEEPIDLE));
                        values.add(config.getOption(EpollChannelOption.TCP_KEEPINTVL));
                    } else {
                        values.add(config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT)));
                        values.add(config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE)));
                        values.add(config.getOption(NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL)));
                    }
                    return values;
                } finally {
                    client.close().sync();
                }
            } finally {
                server.close().sync();
            }
        } finally {
            group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void setsEveryOptionOnNio() throws InterruptedException {
        assertThat(applied(IoMode.NIO, SET)).containsExactly(true, 4, 77, 13);
    }

    @Test
    void setsEveryOptionOnEpoll() throws InterruptedException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Epoll.isAvailable(), "native epoll does not load here");
        assertThat(applied(IoMode.EPOLL, SET)).containsExactly(true, 4, 77, 13);
    }

    @Test
    void offLeavesTheSocketAlone() throws InterruptedException {
        assertThat(applied(IoMode.NIO, null).get(0)).isEqualTo(false);
    }

    @Test
    void valuesTheSystemRefusesLeaveItsOwnAsInHaproxy() throws InterruptedException {
        List<Object> system = applied(IoMode.NIO, TcpKeepAlive.SYSTEM);
        List<Object> tooLarge = applied(IoMode.NIO, new TcpKeepAlive(OptionalInt.of(128),
                Optional.of(Duration.ofSeconds(32768)), Optional.of(Duration.ofSeconds(40000))));
        assertThat(system.get(0)).isEqualTo(true);
        assertThat(tooLarge).isEqualTo(system);
    }
}
