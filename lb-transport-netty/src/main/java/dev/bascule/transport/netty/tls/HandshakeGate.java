package dev.bascule.transport.netty.tls;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * Holds a TLS connection back from the proxy until its handshake succeeds, as HAProxy creates
 * the stream only then: the handlers after it see {@code channelActive} (connection counted,
 * request timer armed, TCP server connected) only for a finished handshake, and nothing at all
 * for a connection whose handshake fails (a plaintext client, an unknown protocol version),
 * which is closed alone. It reads for the handshake itself, since child channels do not
 * auto-read.
 *
 * <p>The client's first bytes often come in the same packet as its last handshake message, so
 * the TLS layer hands them over before anyone asked to read. They wait here until the proxy
 * asks for its first read (the TCP relay does only once its server is connected); then the
 * gate leaves the pipeline.
 */
final class HandshakeGate extends ChannelDuplexHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);

    private boolean open;
    private final ArrayDeque<Object> early = new ArrayDeque<>(2);

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.read();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent) {
            SslHandshakeCompletionEvent completion = (SslHandshakeCompletionEvent) event;
            if (!completion.isSuccess()) {
                LOG.debug("[{}] TLS handshake failed: {}", ctx.channel().id(), completion.cause().toString());
                ctx.close();
                return;
            }
            if (!open) {
                open = true;
                ctx.fireChannelActive();
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!open || ctx.isRemoved()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        early.add(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        // reported with the early bytes, when they are handed over
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        if (!open) {
            ctx.read();
            return;
        }
        boolean hadEarly = !early.isEmpty();
        ctx.pipeline().remove(this);
        if (!hadEarly) {
            ctx.read();
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        // still able to pass them on: the context is removed only after this method
        if (!early.isEmpty()) {
            while (!early.isEmpty()) {
                ctx.fireChannelRead(early.poll());
            }
            ctx.fireChannelReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        if (open) {
            ctx.fireChannelInactive();
        }
    }

    private void releaseEarly() {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (open) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.debug("[{}] TLS handshake failed: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
