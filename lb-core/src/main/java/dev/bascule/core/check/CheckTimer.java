package dev.bascule.core.check;

/**
 * The clock and the single control-plane thread the scheduler runs on. Every callback runs on
 * that thread, one at a time, so the scheduler's state needs no lock. Tests drive a fake one.
 */
public interface CheckTimer {
    /** Milliseconds on a monotonic clock. */
    long nowMillis();

    /** Runs {@code task} on the control thread after {@code delayMillis}; the handle cancels it. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** Runs {@code task} on the control thread as soon as possible; callable from any thread. */
    void execute(Runnable task);

    /** A scheduled task that can be cancelled. */
    @FunctionalInterface
    interface Cancellable {
        void cancel();
    }
}
