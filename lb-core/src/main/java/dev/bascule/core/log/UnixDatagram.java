package dev.bascule.core.log;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * The libc calls of a log target on a UNIX datagram socket ({@code log /dev/log local0}), which the
 * JDK cannot reach (it has no AF_UNIX datagram channel): {@code socket()}, {@code sendto()} and
 * {@code close()}, bound through JNA's direct mapping (no allocation per call). Linux only: the
 * constants and the {@code sockaddr_un} layout below are Linux's.
 *
 * <p>As HAProxy's {@code __do_send_log()}, the socket is not connected: every line is sent to the
 * path with {@code sendto()}, which the kernel resolves at each call, so a syslog daemon started or
 * restarted later (or a path that appears later) receives the next lines.
 */
final class UnixDatagram {
    static final int EAGAIN = 11;
    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_NONBLOCK = 04000;
    private static final int SOCK_CLOEXEC = 02000000;
    private static final int MSG_DONTWAIT = 0x40;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un)}: HAProxy's {@code get_addr_len()} for AF_UNIX. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int SUN_PATH_OFFSET = 2;

    private static final Throwable UNAVAILABLE = bind();

    private UnixDatagram() {
    }

    private static Throwable bind() {
        if (!Platform.isLinux()) {
            return new UnsupportedOperationException("UNIX datagram log targets need Linux");
        }
        try {
            Native.register(UnixDatagram.class, Platform.C_LIBRARY_NAME);
            return null;
        } catch (LinkageError e) {
            return e;
        }
    }

    private static native int socket(int domain, int type, int protocol);

    private static native long sendto(int fd, Pointer buffer, long length, int flags, Pointer address,
                                      int addressLength);

    private static native int close(int fd);

    private static native Pointer strerror(int errno);

    /** Fails when the native calls are not available here (not Linux, or libc not bound). */
    static void check() {
        if (UNAVAILABLE != null) {
            throw new IllegalStateException("UNIX datagram log targets are not available: " + UNAVAILABLE,
                    UNAVAILABLE);
        }
    }

    /** A non-blocking, close-on-exec AF_UNIX datagram socket: its descriptor, or {@code -errno}. */
    static int open() {
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        return fd >= 0 ? fd : -Native.getLastError();
    }

    /** Sends {@code length} bytes at {@code buffer} as one datagram: the bytes sent, or {@code -errno}. */
    static long send(int fd, Pointer buffer, int length, Address address) {
        long sent = sendto(fd, buffer, length, MSG_DONTWAIT | MSG_NOSIGNAL, address.sockaddr, SOCKADDR_UN_SIZE);
        return sent >= 0 ? sent : -Native.getLastError();
    }

    static void closeSocket(int fd) {
        close(fd);
    }

    /** libc's text for {@code errno}, as HAProxy's alerts print it. */
    static String describe(int errno) {
        Pointer text = strerror(errno);
        return text == null ? "errno " + errno : text.getString(0, StandardCharsets.UTF_8.name());
    }

    /** A socket path as a {@code struct sockaddr_un}, built once per target. */
    static final class Address extends SocketAddress {
        private static final long serialVersionUID = 1L;

        private final String path;
        private final transient Memory sockaddr;

        Address(String path) {
            check();
            byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
            if (bytes.length >= SOCKADDR_UN_SIZE - SUN_PATH_OFFSET) {
                throw new IllegalArgumentException("socket path too long: " + path);
            }
            this.path = path;
            this.sockaddr = new Memory(SOCKADDR_UN_SIZE);
            sockaddr.clear();
            sockaddr.setShort(0, (short) AF_UNIX);
            sockaddr.write(SUN_PATH_OFFSET, bytes, 0, bytes.length);
        }

        String path() {
            return path;
        }

        @Override
        public String toString() {
            return path;
        }
    }
}
