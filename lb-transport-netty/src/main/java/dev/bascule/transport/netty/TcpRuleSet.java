package dev.bascule.transport.netty;

import dev.bascule.api.Nullable;

import io.netty.util.concurrent.FastThreadLocal;

import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLong;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.StickCounter;
import dev.bascule.core.rules.TrackedCounter;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.HttpReply;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.CompiledCondition;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.RuleKind;
import dev.bascule.core.rules.TcpRules;
import dev.bascule.core.stats.Counters;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.core.stick.StickTracker;

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
    /** A condition lacks content: the rules wait for more ({@code tcp-request inspect-delay}). */
    public static final int MISSING = 3;

    private TcpRuleSet() {
    }

    /**
     * Runs {@code rules} against {@code view}; {@link #ACCEPT}, {@link #REJECT} or {@link #CLOSE}.
     * {@code set-log-level} goes to {@code log} (null before a stream exists: connection rules).
     */
    public static int run(HttpRule[] rules, TrafficView view, Sample sample, @Nullable StreamLog log) {
        return inspect(rules, view, sample, log, false);
    }

    /**
     * As {@link #run}, for {@code tcp-request content} rules that may wait for content (HAProxy's
     * {@code tcp_inspect_request()}): while {@code partial}, a rule whose condition lacks data ends
     * the run with {@link #MISSING}, and the caller runs the set again from its first rule once
     * more data has come or the wait is over ({@code partial} false: the conditions decide on
     * what is there).
     */
    public static int inspect(HttpRule[] rules, TrafficView view, Sample sample, @Nullable StreamLog log,
                              boolean partial) {
        sample.setPartial(partial);
        try {
            for (HttpRule rule : rules) {
                int applies = rule.evaluate(view, sample);
                if (applies == CompiledCondition.MISS) {
                    return MISSING;
                }
                if (applies == CompiledCondition.FAIL) {
                    continue;
                }
                if (rule.kind() != RuleKind.ACTION) {
                    throw new IllegalStateException("not a tcp rule: " + rule);
                }
                Actions actions = ACTIONS.get();
                ActionResult result;
                try {
                    result = actions.aim(rule, view, sample, log).run();
                } finally {
                    actions.release();
                }
                switch (result) {
                    case STOP:
                        return actions.closed ? CLOSE : ACCEPT;
                    case DENY:
                        return REJECT;
                    default:
                        break;
                }
            }
            return ACCEPT;
        } finally {
            sample.setPartial(false);
        }
    }

    /**
     * Adds the gates of a frontend's {@code tcp-request connection} rules (first in the pipeline,
     * before TLS) and {@code tcp-request session} rules (once the connection is established, after
     * the TLS handshake): call it after the protocol handlers and TLS are in place, with the name of
     * the first protocol handler.
     */
    public static void configure(Channel channel, TcpRules rules, String firstProtocolHandler,
                                 Counters counters,
                                 AtomicLong streams) {
        configure(channel, rules, firstProtocolHandler, counters, null, streams);
    }

    /** With the counters of the accepting listener ({@code option socket-stats}; null: none), which count the denials too. */
    public static void configure(Channel channel, TcpRules rules, String firstProtocolHandler,
                                 Counters counters, @Nullable ListenerCounters listener,
                                 AtomicLong streams) {
        if (rules.session().length > 0) {
            channel.pipeline().addBefore(firstProtocolHandler, "tcp-request-session",
                    new Gate(rules.session(), false, counters, listener, streams));
        }
        if (rules.connection().length > 0) {
            channel.pipeline().addFirst("tcp-request-connection",
                    new Gate(rules.connection(), true, counters, listener, streams));
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
        private final Counters counters;
        private final @Nullable ListenerCounters listener;
        private boolean rejected;

        private final AtomicLong streams;

        Gate(HttpRule[] rules, boolean reset, Counters counters, @Nullable ListenerCounters listener,
             AtomicLong streams) {
            this.listener = listener;
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
                    if (listener != null) {
                        listener.deniedConnection();
                    }
                } else {
                    counters.deniedSession();
                    if (listener != null) {
                        listener.deniedSession();
                    }
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

    /** The context of the actions run on an event loop: one per thread, re-aimed at each action, so that no run allocates. */
    private static final FastThreadLocal<Actions> ACTIONS = new FastThreadLocal<>() {
        @Override
        protected Actions initialValue() {
            return new Actions();
        }
    };

    /**
     * What a plugin action of a TCP rule set sees: the connection, no HTTP message; a deny rejects
     * the connection. One per event loop thread, aimed at one action at a time (actions run no rule
     * set themselves).
     */
    private static final class Actions implements ActionContext {
        private HttpRule rule;
        private TrafficView view;
        private Sample sample;
        private @Nullable StreamLog log;
        private boolean denied;
        /** {@link #closeServer()} was called. */
        boolean closed;

        Actions aim(HttpRule target, TrafficView traffic, Sample scratch, @Nullable StreamLog streamLog) {
            this.rule = target;
            this.view = traffic;
            this.sample = scratch;
            this.log = streamLog;
            this.denied = false;
            this.closed = false;
            return this;
        }

        /** Keeps nothing of the connection once the action ran. */
        void release() {
            this.rule = null;
            this.view = null;
            this.sample = null;
            this.log = null;
        }

        ActionResult run() {
            ActionResult result = rule.action().apply(this);
            if (result == ActionResult.DONE || result == ActionResult.YIELD || result == ActionResult.DENY && !denied) {
                throw new IllegalStateException("action at " + rule.location() + " returned " + result
                        + (result == ActionResult.DENY ? " without a deny" : ", which TCP rule sets do not have"));
            }
            return result;
        }

        @Override
        public RuleSet ruleSet() {
            return rule.ruleSet();
        }

        @Override
        public boolean isTracking(StickCounter counter) {
            return tracked(counter).tracking((StickTracker) view.stickCounters());
        }

        /**
         * {@code track-sc}: in mode http, HAProxy runs the content rules before it counts the request
         * ({@code stream_inc_http_req_ctr()}); Bascule after: a content rule's request counts here.
         */
        @Override
        public void track(StickCounter counter, Sample key) {
            TrackedCounter tracked = tracked(counter);
            tracked.track((StickTracker) view.stickCounters(), key,
                    !tracked.session() && view.method() != null);
        }

        private static TrackedCounter tracked(StickCounter counter) {
            if (!(counter instanceof TrackedCounter tracked)) {
                throw new IllegalArgumentException("not a stick counter the host made: " + counter);
            }
            return tracked;
        }

        @Override
        public TrafficView traffic() {
            return view;
        }

        @Override
        public Sample sample() {
            return sample;
        }

        @Override
        public @Nullable HttpHead head() {
            return null;
        }

        @Override
        public void reply(HttpReply reply) {
            throw new IllegalStateException(rule.ruleSet().keyword() + " rules cannot reply");
        }

        @Override
        public void deny(int status) {
            denied = true;
        }

        @Override
        public void closeServer() {
            if (rule.ruleSet() != RuleSet.TCP_RESPONSE_CONTENT) {
                throw new IllegalStateException(rule.ruleSet().keyword() + " rules cannot close the server connection");
            }
            closed = true;
        }

        @Override
        public void setSource(InetAddress address) {
            throw new IllegalStateException(rule.ruleSet().keyword() + " rules cannot set the source");
        }

        @Override
        public void setDestination(InetAddress address) {
            throw new IllegalStateException(rule.ruleSet().keyword() + " rules cannot set the destination");
        }

        @Override
        public void setLogLevel(int level) {
            StreamLog.setLogLevel(log, level);
        }
    }
}
