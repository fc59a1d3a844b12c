package dev.bascule.core;

import dev.bascule.core.cli.Console;

import sun.misc.Signal;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy's process signals: SIGINT and SIGTERM stop at once (listeners closed, exit 0);
 * SIGUSR1 is the soft stop: stop accepting, then exit when the last connection has finished, or
 * when {@code hard-stop-after} has passed, whichever comes first.
 */
final class Signals {
    private static final long SOFT_STOP_POLL_MILLIS = 50;

    private Signals() {
    }

    /**
     * @param hardStopAfter {@code hard-stop-after}: how long a soft stop waits for connections
     * @param hardStop      reports the hard stop (HAProxy's warnings and log lines) before the exit
     */
    static void install(Transport transport, CountDownLatch stopped, Console console,
                        Optional<Duration> hardStopAfter, Runnable hardStop) {
        Signal.handle(new Signal("INT"), signal -> hardStop(transport, stopped));
        Signal.handle(new Signal("TERM"), signal -> hardStop(transport, stopped));
        try {
            Signal.handle(new Signal("USR1"), signal -> softStop(transport, stopped, hardStopAfter, hardStop));
        } catch (IllegalArgumentException e) {
            console.warning("soft stop on SIGUSR1 is unavailable on this JVM: " + e.getMessage());
        }
    }

    private static void hardStop(Transport transport, CountDownLatch stopped) {
        transport.stopListening();
        stopped.countDown();
    }

    private static void softStop(Transport transport, CountDownLatch stopped, Optional<Duration> hardStopAfter,
                                 Runnable hardStop) {
        transport.stopListening();
        Thread drainer = new Thread(() -> {
            try {
                while (transport.openConnections() > 0) {
                    Thread.sleep(SOFT_STOP_POLL_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stopped.countDown();
        }, "bascule-soft-stop");
        drainer.setDaemon(true);
        drainer.start();
        if (hardStopAfter.isPresent()) {
            Thread limit = new Thread(() -> {
                try {
                    if (!stopped.await(hardStopAfter.get().toMillis(), TimeUnit.MILLISECONDS)) {
                        // HAProxy's hard_stop(): the remaining connections are closed as the process exits
                        hardStop.run();
                        stopped.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bascule-hard-stop-after");
            limit.setDaemon(true);
            limit.start();
        }
    }
}
