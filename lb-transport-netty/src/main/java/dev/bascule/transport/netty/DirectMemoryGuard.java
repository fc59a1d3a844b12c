package dev.bascule.transport.netty;

import io.netty.channel.Channel;
import io.netty.util.internal.PlatformDependent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Direct memory as a resource with a limit ({@code -XX:MaxDirectMemorySize}): when a buffer cannot
 * be had, the connection that asked for it is closed, and for a short while new connections are
 * closed as soon as they are accepted, so that the work in progress can finish and give its
 * buffers back; then connections are taken again. The proxy never goes from serving to dead on its
 * own, and the user is told, at a level shown by default, at most once per {@value #WARN_EVERY_SECONDS} s
 * with how many connections it cost. HAProxy does the same with its memory pools: a failed
 * allocation ends the stream that needed it (termination state {@code R}, "a resource on the proxy
 * has been exhausted"), the others go on.
 *
 * <p>Every connection handler's {@code exceptionCaught} asks {@link #shortage} first (a failed
 * allocation reaches the handlers as the error itself from a read, or wrapped by a decoder);
 * {@link #unexpected} tells the other errors that deserve the user's eye from a peer's reset.
 * Shared by all event loops, lock-free.
 */
public final class DirectMemoryGuard {
    private static final Logger LOG = LoggerFactory.getLogger(DirectMemoryGuard.class);
    /** How long new connections are refused after buffers ran short. */
    static final long PRESSURE_MILLIS = 1_000;
    private static final long WARN_EVERY_SECONDS = 10;

    public static final DirectMemoryGuard INSTANCE = new DirectMemoryGuard();

    /** When buffers last ran short ({@link System#nanoTime()}); 0 for never. */
    private final AtomicLong shortSince = new AtomicLong();
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS));
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private DirectMemoryGuard() {
    }

    /**
     * Called for a connection just accepted: true (and the connection closed) while buffers are
     * short, so that it takes none.
     */
    public boolean refuse(Channel accepted) {
        if (!underPressure()) {
            return false;
        }
        refused.incrementAndGet();
        accepted.close();
        warn();
        return true;
    }

    /**
     * True when {@code cause} is (or wraps) a failed allocation: Netty's {@code OutOfDirectMemoryError}
     * or the JVM's "Direct buffer memory". The shortage is recorded (and told); the caller closes its
     * connection as for any error.
     */
    public boolean shortage(Throwable cause) {
        for (Throwable each = cause; each != null; each = each.getCause()) {
            if (each instanceof OutOfMemoryError) {
                shortSince.set(System.nanoTime());
                failed.incrementAndGet();
                warn();
                return true;
            }
            if (each.getCause() == each) {
                break;
            }
        }
        return false;
    }

    /**
     * Logs an error of connection {@code channel}: an I/O error (a peer's reset, a broken pipe, a
     * failed TLS handshake) is ordinary (debug), anything else is a fault of the proxy's that the
     * user must see (warning).
     */
    public static void unexpected(Logger log, Channel channel, String what, Throwable cause) {
        for (Throwable each = cause; each != null && each.getCause() != each; each = each.getCause()) {
            if (each instanceof IOException) {
                // (a TLS handshake that fails reaches us wrapped by the TLS decoder)
                log.debug("[{}] {}: {}", channel.id(), what, cause.toString());
                return;
            }
        }
        log.warn("[{}] {}", channel.id(), what, cause);
    }

    /** True while new connections are being refused. */
    boolean underPressure() {
        long since = shortSince.get();
        return since != 0 && System.nanoTime() - since <= TimeUnit.MILLISECONDS.toNanos(PRESSURE_MILLIS);
    }

    private void warn() {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last < TimeUnit.SECONDS.toNanos(WARN_EVERY_SECONDS) || !lastWarning.compareAndSet(last, now)) {
            return;
        }
        long max = PlatformDependent.maxDirectMemory();
        long used = PlatformDependent.usedDirectMemory();
        LOG.warn("Direct memory exhausted ({} of {} MiB in use, -XX:MaxDirectMemorySize): {} connection(s) closed"
                        + " for want of a buffer and {} refused at accept in the last {} s; new connections are refused"
                        + " for {} ms after each shortage",
                used < 0 ? "?" : Long.toString(used >> 20), max >> 20, failed.getAndSet(0), refused.getAndSet(0),
                WARN_EVERY_SECONDS, PRESSURE_MILLIS);
    }
}
