package dev.bascule.core;

import dev.bascule.core.cli.Console;

import sun.misc.Signal;

import java.util.concurrent.CountDownLatch;

/**
 * HAProxy's process signals: SIGINT and SIGTERM stop at once (listeners closed, exit 0);
 * SIGUSR1 is the soft stop: stop accepting, then exit when the last connection has finished.
 */
final class Signals {
    private static final long SOFT_STOP_POLL_MILLIS = 50;

    private Signals() {
    }

    static void install(Transport transport, CountDownLatch stopped, Console console) {
        Signal.handle(new Signal("INT"), signal -> hardStop(transport, stopped));
        Signal.handle(new Signal("TERM"), signal -> hardStop(transport, stopped));
        try {
            Signal.handle(new Signal("USR1"), signal -> softStop(transport, stopped));
        } catch (IllegalArgumentException e) {
            console.warning("soft stop on SIGUSR1 is unavailable on this JVM: " + e.getMessage());
        }
    }

    private static void hardStop(Transport transport, CountDownLatch stopped) {
        transport.stopListening();
        stopped.countDown();
    }

    private static void softStop(Transport transport, CountDownLatch stopped) {
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
    }
}
