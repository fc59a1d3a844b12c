package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.TcpRules;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;

/**
 * Runs {@code tcp-request} and {@code tcp-response} rule sets (HAProxy's {@code tcp_rules.c}): in
 * order, the first {@code accept}, {@code reject} or {@code close} whose condition holds ends the
 * set; variable actions run and go on; no verdict is an accept.
 */
public final class TcpRuleSet {
    /** The set accepted the traffic, or ended without a verdict. */
    public static final int ACCEPT = 0;
    /** A {@code reject} rule matched. */
    public static final int REJECT = 1;
    /** A {@code close} rule ({@code tcp-response content close}) matched. */
    public static final int CLOSE = 2;

    private TcpRuleSet() {
    }

    /**
     * Runs {@code rules} against {@code view}; {@link #ACCEPT}, {@link #REJECT} or {@link #CLOSE}.
     * {@code set-log-level} goes to {@code log} (null before a stream exists: connection rules).
     */
    public static int run(HttpRule[] rules, TrafficView view, Sample sample, @Nullable StreamLog log) {
        for (HttpRule rule : rules) {
            if (!rule.applies(view, sample)) {
                continue;
            }
            switch (rule.kind()) {
                case ALLOW:
                    return ACCEPT;
                case DENY:
                    return REJECT;
                case CLOSE:
                    return CLOSE;
                case SET_LOG_LEVEL:
                    if (log != null) {
                        log.logLevel(rule.status());
                    }
                    break;
                case SET_VAR:
                case UNSET_VAR:
                    rule.applyVariable(view, sample);
                    break;
                case TRACK:
                    // in mode http, HAProxy runs the content rules before it counts the request
                    // (stream_inc_http_req_ctr()); Bascule after: the request counts here
                    rule.track((dev.bascule.core.stick.StickTracker) view.stickCounters(), view, sample,
                            !rule.sessionLevel() && view.method() != null);
                    break;
                default:
                    throw new IllegalStateException("not a tcp rule: " + rule);
            }
        }
        return ACCEPT;
    }

    /**
     * Adds the gates of a frontend's {@code tcp-request connection} rules (first in the pipeline,
     * before TLS) and {@code tcp-request session} rules (once the connection is established, after
     * the TLS handshake): call it after the protocol handlers and TLS are in place, with the name of
     * the first protocol handler.
     */
    public static void configure(Channel channel, TcpRules rules, String firstProtocolHandler,
                                 dev.bascule.core.stats.Counters counters,
                                 java.util.concurrent.atomic.AtomicLong streams) {
        if (rules.session().length > 0) {
            channel.pipeline().addBefore(firstProtocolHandler, "tcp-request-session",
                    new Gate(rules.session(), false, counters, streams));
        }
        if (rules.connection().length > 0) {
            channel.pipeline().addFirst("tcp-request-connection", new Gate(rules.connection(), true, counters, streams));
        }
    }

    /**
     * Holds {@code channelActive} back until the rules accept the connection; a rejected one is
     * closed without the handlers after the gate seeing it (no log line, no count), with a reset for
     * {@code tcp-request connection reject}, as HAProxy's.
     */
    private static final class Gate extends ChannelInboundHandlerAdapter {
        private final HttpRule[] rules;
        private final boolean reset;
        private final dev.bascule.core.stats.Counters counters;
        private boolean rejected;

        private final java.util.concurrent.atomic.AtomicLong streams;

        Gate(HttpRule[] rules, boolean reset, dev.bascule.core.stats.Counters counters,
             java.util.concurrent.atomic.AtomicLong streams) {
            this.streams = streams;
            this.rules = rules;
            this.reset = reset;
            this.counters = counters;
        }

        @Override
        public boolean isSharable() {
            return false;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ConnectionView view = new ConnectionView(ctx.channel());
            view.streams(streams);
            if (run(rules, view, new Sample(), null) == REJECT) {
                rejected = true;
                // the frontend's dcon (connection rules) or dses (session rules)
                if (reset) {
                    counters.deniedConnection();
                } else {
                    counters.deniedSession();
                }
                if (reset) {
                    ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
                }
                ctx.close();
                return;
            }
            ctx.fireChannelActive();
            ctx.pipeline().remove(this);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (!rejected) {
                ctx.fireChannelInactive();
            }
        }
    }
}
