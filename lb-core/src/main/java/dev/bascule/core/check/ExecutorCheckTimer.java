package dev.bascule.core.check;

import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/** The real {@link CheckTimer}: one daemon thread, {@code bascule-checks} unless named otherwise. */
public final class ExecutorCheckTimer implements CheckTimer, AutoCloseable {
    private final ScheduledExecutorService executor;

    public ExecutorCheckTimer() {
        this("bascule-checks");
    }

    /** A timer whose thread has that name. */
    public ExecutorCheckTimer(String threadName) {
        executor = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        try {
            ScheduledFuture<?> future = executor.schedule(task, Math.max(0, delayMillis), TimeUnit.MILLISECONDS);
            return () -> future.cancel(false);
        } catch (RejectedExecutionException e) {
            // closed: nothing runs any more
            return () -> { };
        }
    }

    @Override
    public void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: a probe that ends after the stop is ignored
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
