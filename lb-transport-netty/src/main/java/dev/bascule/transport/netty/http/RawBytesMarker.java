package dev.bascule.transport.netty.http;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Sits ahead of the HTTP codec and tells the frontend handler that bytes arrived, so that a
 * request timeout can tell a silent keep-alive connection (closed quietly) from a request that
 * started and did not finish (408). On the way out it counts the bytes sent to the client, for
 * the log ({@code %B}).
 */
final class RawBytesMarker extends ChannelDuplexHandler {
    private final HttpFrontendHandler frontend;

    RawBytesMarker(HttpFrontendHandler frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frontend.markBytes();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf) {
            frontend.markBytesOut(((ByteBuf) msg).readableBytes());
        }
        ctx.write(msg, promise);
    }
}
