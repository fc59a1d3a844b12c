package dev.bascule.transport.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.ReferenceCountUtil;

import java.util.ArrayDeque;

/**
 * Holds a client connection back from the proxy until a handshake of its own is over (TLS, a
 * PROXY protocol header), as HAProxy creates the stream only then: the handlers after the gate
 * see {@code channelActive} when the subclass {@link #open opens} it, and nothing for a
 * connection it closes instead.
 *
 * <p>The client's first bytes often come in the same read as the end of that handshake, before
 * anyone asked for them. They wait here, in order, until the proxy asks for its first read (the
 * TCP relay does only once its server is connected); then the gate leaves the pipeline and hands
 * them over. One gate per connection, on its event loop.
 */
public abstract class ActivationGate extends ChannelDuplexHandler {
    private boolean open;
    private final ArrayDeque<Object> early = new ArrayDeque<>(2);

    /** Whether the handshake is over and the handlers after the gate were told the connection is active. */
    protected final boolean isOpen() {
        return open;
    }

    /** The handshake is over: the handlers after the gate see the connection from now on. */
    protected final void open(ChannelHandlerContext ctx) {
        open = true;
        ctx.fireChannelActive();
    }

    /** Bytes that came once the gate opened: they wait for the proxy's first read (passed on if the gate is gone). */
    protected final void holdEarly(ChannelHandlerContext ctx, Object msg) {
        if (ctx.isRemoved()) {
            ctx.fireChannelRead(msg);
        } else {
            early.add(msg);
        }
    }

    /** Releases the bytes still waiting (the connection closed before the proxy read them). */
    protected final void releaseEarly() {
        while (!early.isEmpty()) {
            ReferenceCountUtil.release(early.poll());
        }
    }

    @Override
    public final void channelReadComplete(ChannelHandlerContext ctx) {
        // reported with the early bytes, when they are handed over
    }

    /** Before it opens the gate reads for its handshake; the proxy's first read after makes it leave. */
    @Override
    public final void read(ChannelHandlerContext ctx) {
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
    public final void handlerRemoved(ChannelHandlerContext ctx) {
        // still able to pass them on: the context is removed only after this method
        if (!early.isEmpty()) {
            while (!early.isEmpty()) {
                ctx.fireChannelRead(early.poll());
            }
            ctx.fireChannelReadComplete();
        }
    }
}
