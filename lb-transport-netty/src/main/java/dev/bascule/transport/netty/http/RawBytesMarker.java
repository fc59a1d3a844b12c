package dev.bascule.transport.netty.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Sits ahead of the HTTP codec and tells the frontend handler that bytes arrived, so that a
 * request timeout can tell a silent keep-alive connection (closed quietly) from a request that
 * started and did not finish (408).
 */
final class RawBytesMarker extends ChannelInboundHandlerAdapter {
    private final HttpFrontendHandler frontend;

    RawBytesMarker(HttpFrontendHandler frontend) {
        this.frontend = frontend;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        frontend.markBytes();
        ctx.fireChannelRead(msg);
    }
}
