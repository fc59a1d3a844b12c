package dev.bascule.core.log;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.core.cli.Console;
import dev.bascule.core.format.Format;

import com.sun.jna.Native;
import com.sun.jna.Pointer;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logging state of one running configuration: the global settings ({@code log-tag},
 * {@code log-send-hostname}), HAProxy's {@code actconn} counter, and one {@link Emitter} per
 * thread (an event loop), each with its own buffers and its own non-blocking datagram sockets
 * (UDP, and AF_UNIX for targets such as {@code /dev/log}).
 */
public final class LogRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LogRuntime.class);
    /** HAProxy's {@code static char once} of {@code __do_send_log()}: one alert per process and kind. */
    private static final AtomicBoolean SOCKET_ALERTED = new AtomicBoolean();
    private static final AtomicBoolean SEND_ALERTED = new AtomicBoolean();

    private final String tag;
    private final String hostname;
    private final long pid;
    private final LongSupplier clock;
    private final LongSupplier micros;
    private final ZoneId zone;
    private final AtomicInteger activeConnections = new AtomicInteger();
    private final ThreadLocal<Emitter> emitters = ThreadLocal.withInitial(this::newEmitter);
    private final ConcurrentLinkedQueue<Emitter> created = new ConcurrentLinkedQueue<>();
    private final AtomicInteger dropped = new AtomicInteger();
    private volatile boolean closed;

    public LogRuntime(GlobalLogConfig config) {
        this(config, ProcessHandle.current().pid(), System::currentTimeMillis, LogRuntime::nowMicros,
                ZoneId.systemDefault());
    }

    /** With a fixed process id, clock (milliseconds, also giving the microseconds) and time zone, for tests. */
    LogRuntime(GlobalLogConfig config, long pid, LongSupplier clock, ZoneId zone) {
        this(config, pid, clock, () -> clock.getAsLong() * 1000, zone);
    }

    private LogRuntime(GlobalLogConfig config, long pid, LongSupplier clock, LongSupplier micros, ZoneId zone) {
        requireNonNull(config, "config");
        this.zone = requireNonNull(zone, "zone");
        this.clock = requireNonNull(clock, "clock");
        this.micros = requireNonNull(micros, "micros");
        this.tag = config.tag().orElse("haproxy");
        this.hostname = config.hostname().orElse(null);
        this.pid = pid;
    }

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
        return new FrontendLog(this, name, http, settings.format(), settings.dontLogNull(), settings.separateErrors(),
                targets, addresses(targets),
                settings.custom().isPresent() ? custom(settings.custom().get(), compiler) : null,
                settings.requestCaptures(), settings.responseCaptures(), settings.logAsap(), settings.dontLogNormal());
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

    /** A proxy's own targets for its runtime events. */
    public ProxyLog proxy(List<LogTarget> targets) {
        if (targets.isEmpty()) {
            return ProxyLog.none();
        }
        LogTarget[] array = targets.toArray(new LogTarget[0]);
        return new ProxyLog(this, array, addresses(array));
    }

    /** The socket address of each target, built once: an IP literal is not looked up, a path is not checked. */
    private static SocketAddress[] addresses(LogTarget[] targets) {
        SocketAddress[] addresses = new SocketAddress[targets.length];
        for (int index = 0; index < targets.length; index++) {
            LogTarget target = targets[index];
            switch (target.destination()) {
                case UDP -> addresses[index] = new InetSocketAddress(target.host(), target.port());
                case UNIX -> addresses[index] = new UnixDatagram.Address(target.host());
                case STDOUT, STDERR -> addresses[index] = null;
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

    /**
     * Lines that could not be sent because the socket buffer was full (EAGAIN), as HAProxy's
     * {@code dropped_logs}. Other errors (no such socket, nobody reading it) drop the line too, without
     * counting, and print one alert per process, as HAProxy.
     */
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
            emitter.closeUnixRequested();
        }
    }

    /** HAProxy's {@code gettimeofday()}: microseconds since the epoch. */
    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    private void alert(String message) {
        new Console(System.err, pid, false).alert(message);
    }

    /** One thread's buffers and socket. Not thread-safe: used by its own thread only. */
    final class Emitter {
        final LogFormatter formatter = new LogFormatter(zone);
        final StringBuilder line = new StringBuilder(256);
        private final StringBuilder header = new StringBuilder(64);
        private final ByteBuffer datagram = ByteBuffer.allocateDirect(65536 + 128);
        private Pointer datagramAddress;
        /** The AF_UNIX socket, opened at the first line for such a target; -1 before, and once closed. */
        private volatile int unixSocket = -1;
        /** Set by this emitter's thread while it uses {@link #unixSocket}, so that {@link #close} never races it. */
        private volatile boolean unixBusy;
        private final AtomicBoolean unixClosed = new AtomicBoolean();
        private DatagramChannel channel4;
        private DatagramChannel channel6;
        private FileChannel stdout;
        private FileChannel stderr;

        /**
         * Sends {@link #line} to {@code target} at {@code level}, framed as the target wants.
         *
         * @param logger the number of this target among those the line went to (HAProxy's
         *               {@code nblogger}, for its alerts), counting from 1
         * @return whether the target takes lines of {@code level} (the line was sent, or dropped)
         */
        boolean send(LogTarget target, SocketAddress address, int level, int logger) {
            if (level > target.level()) {
                return false;
            }
            int severity = Math.max(level, target.minLevel());
            header.setLength(0);
            // HAProxy's build_log_header()
            int priority = target.facility() * 8 + severity;
            switch (target.format()) {
                case RFC3164 -> legacyHeader(priority, hostname);
                case RFC3164_HOSTNAME -> legacyHeader(priority, hostname != null ? hostname : "localhost");
                case LOCAL -> legacyHeader(priority, null);
                case RFC5424 -> {
                    header.append('<').append(priority).append(">1 ");
                    formatter.isoDate(micros.getAsLong(), header);
                    header.append(' ').append(hostname != null ? hostname : "-").append(' ').append(tag).append(' ')
                            .append(pid).append(" - - ");
                }
                case PRIORITY -> header.append('<').append(priority).append('>');
                case TIMED -> {
                    header.append('<').append(severity).append('>');
                    formatter.isoDate(micros.getAsLong(), header);
                    header.append(' ');
                }
                case ISO -> {
                    formatter.isoDate(micros.getAsLong(), header);
                    header.append(' ');
                }
                case SHORT -> header.append('<').append(severity).append('>');
                case RAW -> {
                    // the message alone
                }
            }
            ByteBuffer out = datagram;
            out.clear();
            // a datagram carries len bytes and the final LF; a stream line is len bytes with its LF
            boolean datagramTarget = target.destination() == LogTarget.Destination.UDP
                    || target.destination() == LogTarget.Destination.UNIX;
            int room = datagramTarget ? target.maxLength() : target.maxLength() - 1;
            room -= put(header, room, out);
            put(line, room, out);
            out.put((byte) '\n');
            out.flip();
            try {
                switch (target.destination()) {
                    case UDP -> {
                        InetSocketAddress inet = (InetSocketAddress) address;
                        DatagramChannel channel = channel(inet.getAddress() instanceof Inet6Address);
                        if (channel == null || channel.send(out, inet) == 0) {
                            dropped.incrementAndGet();
                        }
                    }
                    case UNIX -> sendUnix((UnixDatagram.Address) address, out.remaining(), logger);
                    case STDOUT -> write(stdout(), out);
                    case STDERR -> write(stderr(), out);
                }
            } catch (IOException e) {
                dropped.incrementAndGet();
                LOG.debug("cannot send a log line to {}: {}", target.location(), e.toString());
            }
            return true;
        }

        /**
         * HAProxy's {@code __do_send_log()} on an AF_UNIX target: one {@code sendto()} that never waits.
         * A full socket buffer drops the line and counts it; any other error (no socket at the path,
         * nobody reading it) drops it and prints HAProxy's alert, once per process.
         */
        private void sendUnix(UnixDatagram.Address address, int length, int logger) {
            unixBusy = true;
            try {
                if (closed) {
                    return;
                }
                int fd = unixSocket;
                if (fd < 0) {
                    fd = UnixDatagram.open();
                    if (fd < 0) {
                        if (SOCKET_ALERTED.compareAndSet(false, true)) {
                            alert("socket() failed in logger #" + logger + ": " + UnixDatagram.describe(-fd)
                                    + " (errno=" + -fd + ")");
                        }
                        return;
                    }
                    unixSocket = fd;
                }
                if (datagramAddress == null) {
                    datagramAddress = Native.getDirectBufferPointer(datagram);
                }
                long sent = UnixDatagram.send(fd, datagramAddress, length, address);
                if (sent < 0) {
                    int errno = (int) -sent;
                    if (errno == UnixDatagram.EAGAIN) {
                        dropped.incrementAndGet();
                    } else if (SEND_ALERTED.compareAndSet(false, true)) {
                        alert("sendmsg()/writev() failed in logger #" + logger + ": " + UnixDatagram.describe(errno)
                                + " (errno=" + errno + ")");
                    }
                }
            } finally {
                unixBusy = false;
                if (closed) {
                    closeUnix();
                }
            }
        }

        /** {@link LogRuntime#close}: closes the AF_UNIX socket now, or its thread does after its send. */
        void closeUnixRequested() {
            if (!unixBusy) {
                closeUnix();
            }
        }

        private void closeUnix() {
            int fd = unixSocket;
            if (fd >= 0 && unixClosed.compareAndSet(false, true)) {
                unixSocket = -1;
                UnixDatagram.closeSocket(fd);
            }
        }

        /** {@code <PRI>Mmm dd hh:mm:ss [host ]tag[pid]: }. */
        private void legacyHeader(int priority, String host) {
            header.append('<').append(priority).append('>');
            formatter.syslogDate(clock.getAsLong(), header);
            header.append(' ');
            if (host != null) {
                header.append(host).append(' ');
            }
            header.append(tag).append('[').append(pid).append("]: ");
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
