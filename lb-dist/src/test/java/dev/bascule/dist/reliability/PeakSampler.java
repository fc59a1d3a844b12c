package dev.bascule.dist.reliability;

import java.util.function.LongSupplier;

/** Reads a figure every few milliseconds on a thread of its own until closed, and keeps the largest value. */
final class PeakSampler implements AutoCloseable {
    private final Thread thread;
    private volatile long peak = Long.MIN_VALUE;
    private volatile boolean running = true;

    private PeakSampler(LongSupplier figure, long intervalMillis) {
        thread = new Thread(() -> {
            while (running) {
                peak = Math.max(peak, figure.getAsLong());
                try {
                    Thread.sleep(intervalMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "peak-sampler");
        thread.setDaemon(true);
    }

    static PeakSampler start(LongSupplier figure, long intervalMillis) {
        PeakSampler sampler = new PeakSampler(figure, intervalMillis);
        sampler.thread.start();
        return sampler;
    }

    long peak() {
        return peak;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5_000);
    }
}
