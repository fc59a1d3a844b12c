package dev.bascule.core.check;

import java.util.PriorityQueue;

/** A {@link CheckTimer} whose clock moves only when the test says so; tasks run on the test's thread. */
final class FakeTimer implements CheckTimer {
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long now;
    private long sequence;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order = sequence++;
        final Runnable action;
        boolean cancelled;

        Task(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public int compareTo(Task other) {
            return due != other.due ? Long.compare(due, other.due) : Long.compare(order, other.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public Cancellable schedule(Runnable task, long delayMillis) {
        Task scheduled = new Task(now + Math.max(0, delayMillis), task);
        tasks.add(scheduled);
        return scheduled;
    }

    @Override
    public void execute(Runnable task) {
        schedule(task, 0);
    }

    /** Moves the clock to {@code time}, running every task due by then in order. */
    void advanceTo(long time) {
        while (!tasks.isEmpty() && tasks.peek().due <= time) {
            Task task = tasks.poll();
            now = task.due;
            if (!task.cancelled) {
                task.action.run();
            }
        }
        now = time;
    }
}
