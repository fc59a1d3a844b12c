package dev.bascule.dist.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Clients, each on a thread of its own, each repeating its exchange until a deadline: a load
 * bounded in time that stops by itself. A client counts its own outcomes; an exception out of
 * {@link Client#once} is a bug of the test, reported when the load ends.
 */
final class Load {
    private Load() {
    }

    interface Client extends AutoCloseable {
        /** One exchange (or one step of a slow one); called again until the load's deadline. */
        void once() throws Exception;

        /** Closes whatever the client holds: called at the end, and to unblock it if it overstays. */
        @Override
        void close();
    }

    static void run(Duration duration, List<? extends Client> clients) throws InterruptedException {
        long deadline = System.nanoTime() + duration.toNanos();
        List<Throwable> crashes = new CopyOnWriteArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            Client client = clients.get(i);
            Thread thread = new Thread(() -> {
                try {
                    while (System.nanoTime() < deadline) {
                        client.once();
                    }
                } catch (Throwable t) {
                    crashes.add(t);
                } finally {
                    client.close();
                }
            }, "load-client-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        long grace = System.nanoTime() + duration.toNanos() + Duration.ofSeconds(30).toNanos();
        for (Thread thread : threads) {
            thread.join(Math.max(1, (grace - System.nanoTime()) / 1_000_000));
        }
        clients.forEach(Client::close);
        for (Thread thread : threads) {
            thread.join(5_000);
            if (thread.isAlive()) {
                thread.interrupt();
                throw new AssertionError(thread.getName() + " still runs 30 s after the end of the load");
            }
        }
        if (!crashes.isEmpty()) {
            AssertionError error = new AssertionError("a load client crashed");
            crashes.forEach(error::addSuppressed);
            throw error;
        }
    }
}
