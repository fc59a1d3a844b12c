package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.TcpKeepAlive;

import io.netty.channel.Channel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.nio.NioChannelOption;

import jdk.net.ExtendedSocketOptions;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * TCP keep-alive on a connection's socket, as HAProxy sets it on accepted sockets ({@code option
 * clitcpka}, session_accept_fd()) and connected ones ({@code option srvtcpka},
 * tcp_connect_server()): {@code SO_KEEPALIVE}, then {@code TCP_KEEPCNT}, {@code TCP_KEEPIDLE} and
 * {@code TCP_KEEPINTVL} where configured. HAProxy ignores the result of these setsockopt() calls,
 * so a value the system refuses (Linux: a count above 127, a time above 32767 s) leaves the
 * system's; so does this class, which does not try such a value.
 */
public final class SocketKeepAlive {
    private static final Logger LOG = LoggerFactory.getLogger(SocketKeepAlive.class);
    /** Linux's MAX_TCP_KEEPCNT. */
    private static final int MAX_COUNT = 127;
    /** Linux's MAX_TCP_KEEPIDLE and MAX_TCP_KEEPINTVL, in seconds. */
    private static final long MAX_SECONDS = 32767;

    private SocketKeepAlive() {
    }

    /** Sets {@code keepAlive} on the channel's socket; nothing when null. Call before the channel is in use. */
    public static void apply(Channel channel, @Nullable TcpKeepAlive keepAlive) {
        if (keepAlive == null || !(channel instanceof io.netty.channel.socket.SocketChannel)) {
            // a UNIX socket has no TCP keep-alive
            return;
        }
        ChannelConfig config = channel.config();
        boolean epoll = channel instanceof EpollSocketChannel;
        try {
            config.setOption(ChannelOption.SO_KEEPALIVE, true);
            if (keepAlive.count().isPresent() && keepAlive.count().getAsInt() <= MAX_COUNT) {
                set(config, epoll ? EpollChannelOption.TCP_KEEPCNT
                        : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPCOUNT), keepAlive.count().getAsInt());
            }
            if (keepAlive.idle().isPresent() && keepAlive.idle().get().getSeconds() <= MAX_SECONDS) {
                set(config, epoll ? EpollChannelOption.TCP_KEEPIDLE
                        : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPIDLE),
                        (int) keepAlive.idle().get().getSeconds());
            }
            if (keepAlive.interval().isPresent() && keepAlive.interval().get().getSeconds() <= MAX_SECONDS) {
                set(config, epoll ? EpollChannelOption.TCP_KEEPINTVL
                        : NioChannelOption.of(ExtendedSocketOptions.TCP_KEEPINTERVAL),
                        (int) keepAlive.interval().get().getSeconds());
            }
        } catch (ChannelException | UnsupportedOperationException e) {
            // as HAProxy, which does not check setsockopt(): the connection goes on with what was set
            LOG.debug("{}: cannot set TCP keep-alive {}: {}", channel, keepAlive, e.toString());
        }
    }

    private static void set(ChannelConfig config, ChannelOption<Integer> option, int value) {
        if (!config.setOption(option, value)) {
            throw new UnsupportedOperationException(option + " is not supported by " + config.getClass().getName());
        }
    }
}
