package dev.bascule.transport.netty.tcp;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.transport.netty.ConnectionView;
import dev.bascule.transport.netty.TcpRuleSet;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.concurrent.ScheduledFuture;

import java.util.concurrent.TimeUnit;

/**
 * The client's first bytes in {@code mode tcp}, held while {@code tcp-request content} rules
 * inspect them (HAProxy's {@code tcp_inspect_request()}): the rules run on what has come; while
 * one of them lacks data, and the proxy's {@code tcp-request inspect-delay} has not passed, the
 * bytes wait here and the rules run again, from the first one, on each arrival. They decide on
 * what is there once the delay is over, the client has shut its side, or the buffer is full
 * ({@code tune.bufsize} less {@code tune.maxrewrite}).
 *
 * <p>The held buffer has one owner: this object, until {@link #take()} hands it to the relay
 * (which writes it to the server first) or {@link #release()} frees it with the connection.
 * Runs on the client's event loop only.
 */
final class ContentInspection implements CharSequence {
    /** What a buffer receives before it counts as full: {@code tune.bufsize} less {@code tune.maxrewrite}. */
    private final int receiveLimit;
    private @Nullable ByteBuf held;
    private @Nullable ScheduledFuture<?> expiry;
    private boolean expired;
    private boolean inputShut;

    /** {@code receiveLimit}: {@link dev.bascule.api.config.HttpTuning#maxHead()}, HAProxy's {@code channel_full()}. */
    ContentInspection(int receiveLimit) {
        this.receiveLimit = receiveLimit;
    }

    /** Takes {@code data} (released here) into the held bytes. */
    void add(ChannelHandlerContext ctx, ByteBuf data) {
        try {
            if (held == null) {
                held = ctx.alloc().buffer(Math.max(256, data.readableBytes()));
            }
            held.writeBytes(data);
        } finally {
            data.release();
        }
    }

    /** The client shut its side: what is held is all there will be. */
    void inputShut() {
        inputShut = true;
    }

    /**
     * Runs {@code rules} ({@code delayMillis}: their proxy's inspect-delay, 0 when unset) on what
     * is held: {@link TcpRuleSet#ACCEPT}, {@link TcpRuleSet#REJECT}, or {@link TcpRuleSet#MISSING}
     * when they wait; {@code onExpiry} runs them again once the delay is over.
     */
    int run(ChannelHandlerContext ctx, HttpRule[] rules, long delayMillis, ConnectionView view, Sample sample,
            StreamLog log, Runnable onExpiry) {
        boolean partial = delayMillis > 0 && !expired && !inputShut && length() < receiveLimit;
        int verdict = TcpRuleSet.inspect(rules, view, sample, log, partial);
        if (verdict == TcpRuleSet.MISSING) {
            if (expiry == null) {
                // set once per rule set, as HAProxy's rules_exp
                expiry = ctx.executor().schedule(() -> {
                    expired = true;
                    onExpiry.run();
                }, delayMillis, TimeUnit.MILLISECONDS);
            }
        } else {
            // the next rule set (the backend's) has its own delay
            cancelExpiry();
            expired = false;
        }
        return verdict;
    }

    /** Hands the held bytes over (null when none): the caller owns them now. */
    @Nullable ByteBuf take() {
        ByteBuf bytes = held;
        held = null;
        return bytes;
    }

    /** Frees what is held and stops the wait: the connection is gone. Idempotent. */
    void release() {
        cancelExpiry();
        if (held != null) {
            held.release();
            held = null;
        }
    }

    private void cancelExpiry() {
        if (expiry != null) {
            expiry.cancel(false);
            expiry = null;
        }
    }

    // the held bytes, one character per byte, as the content fetches read them

    @Override
    public int length() {
        return held == null ? 0 : held.readableBytes();
    }

    @Override
    public char charAt(int index) {
        if (held == null || index < 0 || index >= held.readableBytes()) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (held.getByte(held.readerIndex() + index) & 0xff);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return toString().substring(start, end);
    }

    @Override
    public String toString() {
        return held == null ? "" : held.toString(held.readerIndex(), held.readableBytes(),
                java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
