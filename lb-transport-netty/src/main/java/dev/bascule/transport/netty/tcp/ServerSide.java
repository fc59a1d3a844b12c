package dev.bascule.transport.netty.tcp;

import dev.bascule.api.sample.Sample;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.ConnectionView;
import dev.bascule.transport.netty.TcpRuleSet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * The server's side of a {@code mode tcp} relay: bytes out, and the backend's
 * {@code tcp-response content} rules (HAProxy's {@code tcp_inspect_response()}), run on the
 * server's first bytes; with {@code tcp-response inspect-delay}, those bytes are held while a
 * rule lacks data, as the client's are on the request side ({@link ContentInspection}).
 */
final class ServerSide extends Side {
    private final StreamLog log;
    /** The backend's {@code tcp-response content} rules until they have decided; null without or after. */
    private HttpRule[] responseRules;
    private final long inspectDelayMillis;
    private final int receiveLimit;
    private final Channel client;
    /** The client connection's stick counters (bytes out), or null. */
    private final StickTracker stick;
    /** The server's first bytes while the rules inspect them, or null. */
    private ContentInspection inspection;
    private ConnectionView view;
    private Sample sample;

    ServerSide(StreamLog log, HttpRule[] responseRules, long inspectDelayMillis, int receiveLimit, Channel client) {
        this.log = log;
        this.receiveLimit = receiveLimit;
        this.responseRules = responseRules.length == 0 ? null : responseRules;
        this.inspectDelayMillis = inspectDelayMillis;
        this.client = client;
        this.stick = ConnectionView.stickTracker(client);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (responseRules == null) {
            super.channelRead(ctx, msg);
            return;
        }
        if (inspection == null) {
            inspection = new ContentInspection(receiveLimit);
            view = new ConnectionView(client);
            view.responsePayload(inspection);
            sample = new Sample();
        }
        if (msg instanceof ByteBuf) {
            inspection.add(ctx, (ByteBuf) msg);
        } else {
            ReferenceCountUtil.release(msg);
        }
        inspect(ctx);
    }

    /** Runs the rules on what is held: waits for more, or relays it, or rejects or closes. */
    private void inspect(ChannelHandlerContext ctx) {
        int verdict = inspection.run(ctx, responseRules, inspectDelayMillis, view, sample, log, () -> {
            if (ctx.channel().isActive() && responseRules != null) {
                inspect(ctx);
            }
        });
        if (verdict == TcpRuleSet.MISSING) {
            ctx.read();
            return;
        }
        responseRules = null;
        ByteBuf held = inspection.take();
        inspection.release();
        inspection = null;
        view = null;
        sample = null;
        if (verdict == TcpRuleSet.ACCEPT) {
            if (held != null) {
                super.channelRead(ctx, held);
            } else {
                ctx.read();
            }
            return;
        }
        // reject: nothing is forwarded, both sides close; close: the server's side goes
        if (held != null) {
            held.release();
        }
        if (verdict == TcpRuleSet.REJECT) {
            log.terminate('P', 'D');
            closePair();
        } else {
            ctx.close();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && inspection != null) {
            // the server said all it will say: the rules decide, and what they let through goes
            // before the FIN
            inspection.inputShut();
            inspect(ctx);
            if (!ctx.channel().isActive()) {
                return;
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (inspection != null) {
            inspection.release();
            inspection = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    void relaying(Object msg) {
        if (msg instanceof ByteBuf) {
            int bytes = ((ByteBuf) msg).readableBytes();
            log.addBytesOut(bytes);
            if (stick != null) {
                stick.bytes(0, bytes);
            }
        }
    }

    @Override
    void timedOut() {
        log.terminate('s', 'D');
    }
}
