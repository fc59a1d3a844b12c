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
import io.netty.util.ReferenceCountUtil;

/** The server's side of a {@code mode tcp} relay: the backend's {@code tcp-response content} rules, bytes out. */
final class ServerSide extends Side {
    private final StreamLog log;
    /** The backend's {@code tcp-response content} rules, run on the server's first bytes; null once run. */
    private HttpRule[] responseRules;
    private final Channel client;
    /** The client connection's stick counters (bytes out), or null. */
    private final StickTracker stick;

    ServerSide(StreamLog log, HttpRule[] responseRules, Channel client) {
        this.log = log;
        this.responseRules = responseRules.length == 0 ? null : responseRules;
        this.client = client;
        this.stick = ConnectionView.stickTracker(client);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (responseRules != null) {
            HttpRule[] rules = responseRules;
            responseRules = null;
            int verdict = TcpRuleSet.run(rules, new ConnectionView(client), new Sample(), log);
            if (verdict != TcpRuleSet.ACCEPT) {
                // reject: nothing is forwarded, both sides close; close: the server's side goes
                ReferenceCountUtil.release(msg);
                if (verdict == TcpRuleSet.REJECT) {
                    log.terminate('P', 'D');
                    closePair();
                } else {
                    ctx.close();
                }
                return;
            }
        }
        super.channelRead(ctx, msg);
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
