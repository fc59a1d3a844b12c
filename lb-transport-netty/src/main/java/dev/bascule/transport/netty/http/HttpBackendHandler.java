package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.transport.netty.DirectMemoryGuard;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a server connection: hands every response part to the client connection
 * it currently serves, or drops the connection when it speaks while idle in the pool.
 */
final class HttpBackendHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(HttpBackendHandler.class);

    private final ServerRuntime server;
    private final H1Decoder decoder;
    private ResponseRelay relay;
    private int exchanges;
    private long idleSince;

    HttpBackendHandler(ServerRuntime server, H1Decoder decoder) {
        this.server = server;
        this.decoder = decoder;
    }

    /** The response decoder of the connection. */
    H1Decoder decoder() {
        return decoder;
    }

    ServerRuntime server() {
        return server;
    }

    /** When the connection was parked in the pool ({@link System#nanoTime()}). */
    void idleSince(long nanos) {
        idleSince = nanos;
    }

    long idleSince() {
        return idleSince;
    }

    /** A request goes out on this connection. */
    void exchangeStarted() {
        exchanges++;
    }

    /** How many requests this connection has carried ({@code http-reuse aggressive} wants two or more). */
    int exchanges() {
        return exchanges;
    }

    void attach(ResponseRelay relay) {
        this.relay = relay;
    }

    void detach() {
        this.relay = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ResponseRelay current = relay;
        if (current == null) {
            // a server must not speak on an idle connection
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        current.onServerMessage(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ResponseRelay current = relay;
        if (current != null) {
            current.onServerReadComplete();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ResponseRelay current = relay;
        if (current != null) {
            current.onServerClosed(ctx.channel());
        } else {
            BackendPool.current().remove(server, ctx.channel());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!DirectMemoryGuard.INSTANCE.shortage(cause)) {
            DirectMemoryGuard.unexpected(LOG, ctx.channel(), "server " + server.qualifiedName() + " connection error", cause);
        }
        ctx.close();
    }
}
