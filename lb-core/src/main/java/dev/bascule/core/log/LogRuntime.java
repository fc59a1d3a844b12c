package dev.bascule.core.log;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.core.format.Format;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging state of one running configuration: the global settings ({@code log-tag},
 * {@code log-send-hostname}), HAProxy's {@code actconn} counter, and one {@link Emitter} per
 * thread (an event loop), each with its own buffers and its own non-blocking datagram socket.
 */
public final class LogRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogRuntime.class);

    private final String tag;
    private final String hostname;
    private final long pid;
    private final LongSupplier clock;
    private final ZoneId zone;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final ThreadLocal<Emitter> emitters = ThreadLocal.withInitial(this::newEmitter);
    private final ConcurrentLinkedQueue<Emitter> created = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean closed;

    public LogRuntime(GlobalLogConfig config) {
        this(config, ProcessHandle.current().pid(), System::currentTimeMillis, ZoneId.systemDefault());
    }

    /** With a fixed process id, clock and time zone, for tests. */
    LogRuntime(GlobalLogConfig config, long pid, LongSupplier clock, ZoneId zone) {
        requireNonNull(config, "config");
        this.zone = requireNonNull(zone, "zone");
        this.clock = requireNonNull(clock, "clock");
        this.tag = config.tag().orElse("haproxy");
        this.hostname = config.hostname().orElse(null);
        this.pid = pid;
    }

    /** A frontend's logging, compiled; {@code targets} are IP literals, resolved without lookup. */
    /** HAProxy's {@code global.req_count}: the numbers of this configuration's streams ({@code %rt}). */
    private final AtomicLong streams = new AtomicLong();

    /** The counter every stream of this configuration takes its number from ({@code %rt}). */
    public AtomicLong streams() {
        return streams;
    }

    public FrontendLog frontend(String name, boolean http, LogSettings settings) {
        return frontend(name, http, settings, expression -> {
            throw new IllegalArgumentException("no fetch compiler for " + expression);
        });
    }

    /** A frontend whose {@code log-format} {@code %[...]} parts {@code compiler} turns into fetches. */
    public FrontendLog frontend(String name, boolean http, LogSettings settings,
                                Function<LogFormat.Expression,
                                        SampleFetch> compiler) {
        LogTarget[] targets = settings.targets().toArray(new LogTarget[0]);
        InetSocketAddress[] addresses = new InetSocketAddress[targets.length];
        for (int index = 0; index < targets.length; index++) {
            if (targets[index].destination() == LogTarget.Destination.UDP) {
                addresses[index] = new InetSocketAddress(targets[index].host(), targets[index].port());
            }
        }
        return new FrontendLog(this, name, http, settings.format(), settings.dontLogNull(), settings.separateErrors(),
                targets, addresses, settings.custom().isPresent() ? custom(settings.custom().get(), compiler) : null,
                settings.requestCaptures(), settings.responseCaptures(), settings.logAsap());
    }

    /** A {@code log-format} line compiled once (the loader checked it: a failure is a bug, reported unchecked). */
    private static Format<LogLine> custom(LogFormat format,
            Function<LogFormat.Expression,
                    SampleFetch> compiler) {
        try {
            return Format.compile(format, LogLine.DIALECT, compiler::apply);
        } catch (InvalidArgumentException e) {
            throw new IllegalStateException("log-format '" + format.text() + "': " + e.getMessage(), e);
        }
    }

    /** A proxy's own targets for its runtime events; {@code targets} are IP literals, resolved without lookup. */
    public ProxyLog proxy(List<LogTarget> targets) {
        if (targets.isEmpty()) {
            return ProxyLog.none();
        }
        LogTarget[] array = targets.toArray(new LogTarget[0]);
        return new ProxyLog(this, array, addresses(array));
    }

    private static InetSocketAddress[] addresses(LogTarget[] targets) {
        InetSocketAddress[] addresses = new InetSocketAddress[targets.length];
        for (int index = 0; index < targets.length; index++) {
            if (targets[index].destination() == LogTarget.Destination.UDP) {
                addresses[index] = new InetSocketAddress(targets[index].host(), targets[index].port());
            }
        }
        return addresses;
    }

    /** HAProxy's {@code actconn}: client connections open on the whole process. */
    int activeConnections() {
        return activeConnections.get();
    }

    void connectionOpened() {
        activeConnections.incrementAndGet();
    }

    void connectionClosed() {
        activeConnections.decrementAndGet();
    }

    /** The calling thread's emitter. */
    Emitter emitter() {
        return emitters.get();
    }

    /** Lines that could not be sent (socket buffer full), as HAProxy's {@code dropped_logs}. */
    public int dropped() {
        return dropped.get();
    }

    private Emitter newEmitter() {
        Emitter emitter = new Emitter();
        created.add(emitter);
        return emitter;
    }

    /** Closes the datagram sockets of every thread. */
    @Override
    public void close() {
        closed = true;
        for (Emitter emitter : created) {
            emitter.closeChannel();
        }
    }

    /** One thread's buffers and socket. Not thread-safe: used by its own thread only. */
    final class Emitter {
        final LogFormatter formatter = new LogFormatter(zone);
        final StringBuilder line = new StringBuilder(256);
        private final StringBuilder header = new StringBuilder(64);
        private final ByteBuffer datagram = ByteBuffer.allocateDirect(65536 + 128);
        private DatagramChannel channel4;
        private DatagramChannel channel6;
        private FileChannel stdout;
        private FileChannel stderr;

        /** Sends {@link #line} to {@code target} at {@code level}, framed as the target wants. */
        void send(LogTarget target, InetSocketAddress address, int level) {
            if (level > target.level()) {
                return;
            }
            int severity = Math.max(level, target.minLevel());
            header.setLength(0);
            switch (target.format()) {
                case RFC3164 -> {
                    header.append('<').append(target.facility() * 8 + severity).append('>');
                    formatter.syslogDate(clock.getAsLong(), header);
                    header.append(' ');
                    if (hostname != null) {
                        header.append(hostname).append(' ');
                    }
                    header.append(tag).append('[').append(pid).append("]: ");
                }
                case SHORT -> header.append('<').append(severity).append('>');
                case RAW -> {
                    // the message alone
                }
            }
            ByteBuffer out = datagram;
            out.clear();
            // a datagram carries len bytes and the final LF; a stream line is len bytes with its LF
            int room = target.destination() == LogTarget.Destination.UDP ? target.maxLength()
                    : target.maxLength() - 1;
            room -= put(header, room, out);
            put(line, room, out);
            out.put((byte) '\n');
            out.flip();
            try {
                switch (target.destination()) {
                    case UDP -> {
                        DatagramChannel channel = channel(address.getAddress() instanceof Inet6Address);
                        if (channel == null || channel.send(out, address) == 0) {
                            dropped.incrementAndGet();
                        }
                    }
                    case STDOUT -> write(stdout(), out);
                    case STDERR -> write(stderr(), out);
                }
            } catch (IOException e) {
                dropped.incrementAndGet();
                LOG.debug("cannot send a log line to {}: {}", target.location(), e.toString());
            }
        }

        private int put(CharSequence text, int room, ByteBuffer out) {
            int length = Math.min(text.length(), Math.max(0, room));
            for (int index = 0; index < length; index++) {
                out.put((byte) text.charAt(index));
            }
            return length;
        }

        private void write(FileChannel file, ByteBuffer out) throws IOException {
            while (out.hasRemaining()) {
                file.write(out);
            }
        }

        /** A socket of the target's family: sending IPv4 through an IPv6 socket would map (and allocate). */
        private DatagramChannel channel(boolean ipv6) throws IOException {
            if (closed) {
                return null;
            }
            if (ipv6) {
                if (channel6 == null) {
                    channel6 = DatagramChannel.open(StandardProtocolFamily.INET6);
                    channel6.configureBlocking(false);
                }
                return channel6;
            }
            if (channel4 == null) {
                channel4 = DatagramChannel.open(StandardProtocolFamily.INET);
                channel4.configureBlocking(false);
            }
            return channel4;
        }

        private FileChannel stdout() {
            if (stdout == null) {
                stdout = new FileOutputStream(FileDescriptor.out).getChannel();
            }
            return stdout;
        }

        private FileChannel stderr() {
            if (stderr == null) {
                stderr = new FileOutputStream(FileDescriptor.err).getChannel();
            }
            return stderr;
        }

        void closeChannel() {
            close(channel4);
            close(channel6);
        }

        private void close(DatagramChannel open) {
            if (open != null) {
                try {
                    open.close();
                } catch (IOException e) {
                    LOG.debug("closing a log socket: {}", e.toString());
                }
            }
        }
    }

}
