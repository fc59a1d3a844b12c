package dev.bascule.core.stick;

import java.util.concurrent.atomic.AtomicLongFieldUpdater;

/**
 * HAProxy's {@code struct freq_ctr} over a period ({@code update_freq_ctr_period()},
 * {@code read_freq_ctr_period()} of freq_ctr.h/freq_ctr.c in 2.6): the events of the current
 * period, and those of the previous one weighted by the part of the current period still to come.
 * Lock-free: adders only add to the current count; the one that sees the period over rotates it,
 * holding bit 0 of the period's start as HAProxy does.
 */
final class FreqCounter {
    private static final AtomicLongFieldUpdater<FreqCounter> TICK =
            AtomicLongFieldUpdater.newUpdater(FreqCounter.class, "currentTick");
    private static final AtomicLongFieldUpdater<FreqCounter> CURRENT =
            AtomicLongFieldUpdater.newUpdater(FreqCounter.class, "current");

    /** When the current period started (milliseconds, bit 0 clear; set while rotating). */
    private volatile long currentTick;
    private volatile long current;
    private volatile long previous;

    /** Adds {@code increment} events at {@code now} (milliseconds); the current period's count. */
    long add(long now, long period, long increment) {
        long tick = currentTick;
        while (true) {
            if (now - tick < period) {
                return CURRENT.addAndGet(this, increment);
            }
            if ((tick & 1) == 0 && TICK.compareAndSet(this, tick, tick | 1)) {
                break;
            }
            Thread.onSpinWait();
            tick = currentTick;
        }
        previous = CURRENT.getAndSet(this, increment);
        tick += period;
        if (now - tick >= period) {
            // at least two periods went by
            previous = 0;
            tick = now;
        }
        currentTick = tick & ~1L;
        return increment;
    }

    /** The events over one period at {@code now} (HAProxy's {@code read_freq_ctr_period()}). */
    long read(long now, long period) {
        long tick;
        long curr;
        long past;
        while (true) {
            tick = currentTick;
            curr = current;
            past = previous;
            if ((tick & 1) == 0 && tick == currentTick && curr == current && past == previous) {
                break;
            }
            Thread.onSpinWait();
        }
        long remain = tick + period - now;
        if (remain < 0) {
            remain += period;
            past = remain >= 0 ? curr : 0;
            curr = 0;
        }
        long total = curr * period;
        if (remain > 0) {
            total += past * remain;
        }
        return total / period;
    }
}
