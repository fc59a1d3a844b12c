package dev.bascule.core.os;

import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * {@code setsockopt()} and {@code getsockopt()} with an {@code int} value, for the socket options
 * the JDK does not offer on a listening socket ({@code IPV6_V6ONLY}, {@code TCP_FASTOPEN}); bound
 * to the C library by JNA's direct mapping, as {@link Posix}. Linux values.
 */
public final class SocketOptions {
    /** {@code IPPROTO_TCP}. */
    public static final int IPPROTO_TCP = 6;
    /** {@code IPPROTO_IPV6}. */
    public static final int IPPROTO_IPV6 = 41;
    /** {@code IPV6_V6ONLY} (level {@code IPPROTO_IPV6}). */
    public static final int IPV6_V6ONLY = 26;
    /** {@code TCP_FASTOPEN} (level {@code IPPROTO_TCP}): the length of the Fast Open queue. */
    public static final int TCP_FASTOPEN = 23;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private SocketOptions() {
    }

    private static native int setsockopt(int fd, int level, int name, int[] value, int length);

    private static native int getsockopt(int fd, int level, int name, int[] value, int[] length);

    /** {@code setsockopt(fd, level, name, &value, sizeof(int))}. */
    public static void set(int fd, int level, int name, int value) throws Posix.PosixException {
        if (setsockopt(fd, level, name, new int[] {value}, 4) == -1) {
            throw new Posix.PosixException("setsockopt", Native.getLastError());
        }
    }

    /** {@code getsockopt(fd, level, name, &value, &length)} of an {@code int} option. */
    public static int get(int fd, int level, int name) throws Posix.PosixException {
        int[] value = new int[1];
        if (getsockopt(fd, level, name, value, new int[] {4}) == -1) {
            throw new Posix.PosixException("getsockopt", Native.getLastError());
        }
        return value[0];
    }
}
