package dev.bascule.transport.netty.cli;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code stats timeout} as HAProxy 2.6 applies it to a runtime API connection (measured against
 * 2.6.12): the connection is closed once it has been idle that long since it was accepted or since
 * its last complete line; while a line is incomplete (bytes received, no newline yet) no timeout
 * runs. Answers sent by the process do not count as activity.
 */
final class CliIdleTimeout extends ChannelInboundHandlerAdapter {
    private final long timeoutMillis;
    private ScheduledFuture<?> timer;

    CliIdleTimeout(long timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        cancel();
        if (msg instanceof ByteBuf bytes && bytes.isReadable() && bytes.getByte(bytes.writerIndex() - 1) == '\n') {
            // nothing pending: idle from now on
            arm(ctx);
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancel();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    private void arm(ChannelHandlerContext ctx) {
        if (ctx.channel().isOpen()) {
            timer = ctx.executor().schedule(() -> {
                ctx.close();
            }, timeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }
}
