package dev.bascule.transport.netty.tls;

import dev.bascule.transport.netty.ActivationGate;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Holds a TLS connection back from the proxy until its handshake succeeds, as HAProxy creates
 * the stream only then: the handlers after it see {@code channelActive} (connection counted,
 * request timer armed, TCP server connected) only for a finished handshake, and nothing at all
 * for a connection whose handshake fails (a plaintext client, an unknown protocol version),
 * which is closed alone. It reads for the handshake itself, since child channels do not
 * auto-read.
 *
 * <p>The client's first bytes often come in the same packet as its last handshake message: they
 * wait in the gate ({@link ActivationGate}) until the proxy's first read.
 */
final class HandshakeGate extends ActivationGate {
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeGate.class);

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
            if (!isOpen()) {
                open(ctx);
            }
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!isOpen()) {
            ReferenceCountUtil.release(msg);
            return;
        }
        holdEarly(ctx, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        releaseEarly();
        if (isOpen()) {
            ctx.fireChannelInactive();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isOpen()) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        LOG.debug("[{}] TLS handshake failed: {}", ctx.channel().id(), cause.toString());
        ctx.close();
    }
}
