package dev.bascule.core.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log targets on UNIX datagram sockets ({@code log /dev/log local0}): the datagrams a bound socket
 * receives, byte for byte as HAProxy 2.6 sends them, and what happens when nobody (or nobody fast
 * enough) reads the path.
 */
final class UnixLogTargetTest {
    private static final long NOW = LocalDateTime.of(2026, 11, 2, 8, 9, 10).toInstant(ZoneOffset.UTC).toEpochMilli();
    private static final SourceLocation AT = new SourceLocation("test.cfg", 1);

    private static LogRuntime runtime(Optional<String> tag, Optional<String> hostname) {
        return new LogRuntime(new GlobalLogConfig(List.of(), tag, hostname), 4242, () -> NOW, ZoneOffset.UTC);
    }

    private static LogTarget unix(Path path, int maxLength, LogTarget.Format format, int facility, int level,
                                  int minLevel) {
        return new LogTarget(LogTarget.Destination.UNIX, path.toString(), 0, maxLength, format, facility, level,
                minLevel, AT);
    }

    /** The RFC 3164 header (with {@code log-send-hostname} and {@code log-tag}), short, raw, len, levels. */
    @Test
    void framingIsHaproxys(@TempDir Path temp) throws IOException {
        Path path = temp.resolve("log");
        try (UnixReceiver receiver = new UnixReceiver(path, 10);
             LogRuntime plain = runtime(Optional.empty(), Optional.empty());
             LogRuntime named = runtime(Optional.of("lb"), Optional.of("node1"))) {
            String message = "Proxy fe started.";
            plain.proxy(List.of(unix(path, 1024, LogTarget.Format.RFC3164, 16, 7, 0))).send(5, message);
            assertThat(receiver.receive()).isEqualTo("<133>Nov  2 08:09:10 haproxy[4242]: Proxy fe started.\n");
            named.proxy(List.of(unix(path, 1024, LogTarget.Format.RFC3164, 16, 7, 0))).send(5, message);
            assertThat(receiver.receive()).isEqualTo("<133>Nov  2 08:09:10 node1 lb[4242]: Proxy fe started.\n");
            ProxyLog several = plain.proxy(List.of(
                    unix(path, 1024, LogTarget.Format.SHORT, 17, 7, 0),
                    unix(path, 1024, LogTarget.Format.RAW, 17, 4, 0),
                    unix(path, 1024, LogTarget.Format.RAW, 17, 7, 7),
                    unix(path, 80, LogTarget.Format.RFC3164, 23, 7, 0)));
            String long100 = "x".repeat(100);
            several.send(6, long100);
            assertThat(receiver.receive()).isEqualTo("<6>" + long100 + "\n");
            // the "warning" target takes nothing at "info"; "debug debug" sends at debug
            assertThat(receiver.receive()).isEqualTo(long100 + "\n");
            String header = "<190>Nov  2 08:09:10 haproxy[4242]: ";
            assertThat(receiver.receive()).isEqualTo((header + long100).substring(0, 80) + "\n");
            assertThat(receiver.poll()).isNull();
            assertThat(plain.dropped()).isZero();
        }
    }

    /** Every {@code format} of HAProxy 2.6, with and without {@code log-send-hostname}, in a zone east of UTC. */
    @Test
    void everyFormat(@TempDir Path temp) throws IOException {
        Path path = temp.resolve("formats");
        ZoneOffset paris = ZoneOffset.ofHours(1);
        try (UnixReceiver receiver = new UnixReceiver(path, 10);
             LogRuntime anonymous = new LogRuntime(GlobalLogConfig.none(), 4242, () -> NOW + 7, paris);
             LogRuntime named = new LogRuntime(new GlobalLogConfig(List.of(), Optional.of("lb"), Optional.of("node1")),
                     4242, () -> NOW + 7, paris)) {
            List<LogTarget> targets = new java.util.ArrayList<>();
            for (LogTarget.Format format : List.of(LogTarget.Format.RFC3164, LogTarget.Format.RFC3164_HOSTNAME,
                    LogTarget.Format.LOCAL, LogTarget.Format.RFC5424, LogTarget.Format.PRIORITY,
                    LogTarget.Format.TIMED, LogTarget.Format.ISO, LogTarget.Format.SHORT, LogTarget.Format.RAW)) {
                targets.add(unix(path, 1024, format, 16, 7, 0));
            }
            anonymous.proxy(targets).send(5, "m");
            assertThat(List.of(receiver.receive(), receiver.receive(), receiver.receive(), receiver.receive(),
                    receiver.receive(), receiver.receive(), receiver.receive(), receiver.receive(), receiver.receive()))
                    .containsExactly(
                            "<133>Nov  2 09:09:10 haproxy[4242]: m\n",
                            "<133>Nov  2 09:09:10 localhost haproxy[4242]: m\n",
                            "<133>Nov  2 09:09:10 haproxy[4242]: m\n",
                            "<133>1 2026-11-02T09:09:10.007000+01:00 - haproxy 4242 - - m\n",
                            "<133>m\n",
                            "<5>2026-11-02T09:09:10.007000+01:00 m\n",
                            "2026-11-02T09:09:10.007000+01:00 m\n",
                            "<5>m\n",
                            "m\n");
            named.proxy(targets.subList(0, 4)).send(5, "m");
            assertThat(List.of(receiver.receive(), receiver.receive(), receiver.receive(), receiver.receive()))
                    .containsExactly(
                            "<133>Nov  2 09:09:10 node1 lb[4242]: m\n",
                            "<133>Nov  2 09:09:10 node1 lb[4242]: m\n",
                            "<133>Nov  2 09:09:10 lb[4242]: m\n",
                            "<133>1 2026-11-02T09:09:10.007000+01:00 node1 lb 4242 - - m\n");
        }
    }

    /**
     * No socket at the path: the line is dropped, without an error for the caller; a socket bound
     * later, or bound again by a restarted daemon, gets the next lines (the path is resolved at each send).
     */
    @Test
    void thePathIsResolvedAtEachSend(@TempDir Path temp) throws IOException {
        Path path = temp.resolve("later");
        try (LogRuntime runtime = runtime(Optional.empty(), Optional.empty())) {
            ProxyLog log = runtime.proxy(List.of(unix(path, 1024, LogTarget.Format.RAW, 16, 7, 0)));
            log.send(6, "lost");
            try (UnixReceiver receiver = new UnixReceiver(path, 10)) {
                log.send(6, "first");
                assertThat(receiver.receive()).isEqualTo("first\n");
            }
            log.send(6, "between");
            try (UnixReceiver restarted = new UnixReceiver(path, 10)) {
                log.send(6, "second");
                assertThat(restarted.receive()).isEqualTo("second\n");
                assertThat(restarted.poll()).isNull();
            }
            // neither a missing path nor a refused one counts as a full buffer
            assertThat(runtime.dropped()).isZero();
        }
    }

    /** A receiver that does not read: once its queue is full, lines are dropped and counted, never waited for. */
    @Test
    void aFullSocketDropsAndCounts(@TempDir Path temp) throws IOException {
        Path path = temp.resolve("slow");
        int lines = 5_000;
        try (UnixReceiver receiver = new UnixReceiver(path, 10);
             LogRuntime runtime = runtime(Optional.empty(), Optional.empty())) {
            ProxyLog log = runtime.proxy(List.of(unix(path, 1024, LogTarget.Format.RAW, 16, 7, 0)));
            for (int line = 0; line < lines; line++) {
                log.send(6, "line " + line);
            }
            int received = 0;
            while (receiver.poll() != null) {
                received++;
            }
            assertThat(runtime.dropped()).isPositive();
            assertThat(received + runtime.dropped()).isEqualTo(lines);
        }
    }

    /** Sending allocates nothing once warm, whether the line is received or dropped (no socket at the path). */
    @Test
    void sendingAllocatesNothing(@TempDir Path temp) throws IOException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        assumeTrue(threads instanceof com.sun.management.ThreadMXBean, "needs HotSpot's allocation counter");
        com.sun.management.ThreadMXBean counter = (com.sun.management.ThreadMXBean) threads;
        Path path = temp.resolve("sink");
        // the real clocks: the ISO formats read the time of day in microseconds
        try (UnixReceiver receiver = new UnixReceiver(path, 10);
             LogRuntime runtime = new LogRuntime(GlobalLogConfig.none())) {
            ProxyLog log = runtime.proxy(List.of(unix(path, 1024, LogTarget.Format.RFC3164, 16, 7, 0),
                    unix(path, 1024, LogTarget.Format.RFC5424, 16, 7, 0),
                    unix(temp.resolve("missing"), 1024, LogTarget.Format.TIMED, 16, 7, 0)));
            String message = "a line of a usual length, " + "y".repeat(150);
            for (int line = 0; line < 200_000; line++) {
                log.send(6, message);
            }
            long thread = Thread.currentThread().getId();
            long before = counter.getThreadAllocatedBytes(thread);
            for (int line = 0; line < 20_000; line++) {
                log.send(6, message);
            }
            long perLine = (counter.getThreadAllocatedBytes(thread) - before) / 20_000;
            System.out.println("bytes allocated per line sent to three UNIX targets: " + perLine);
            assertThat(perLine).isLessThan(16);
        }
    }
}
