package dev.bascule.core.os;

import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.util.OptionalInt;
import java.util.Set;

/**
 * The POSIX calls the JDK does not have, bound to the C library by JNA's direct mapping. glibc's
 * {@code setuid()}, {@code setgid()} and {@code setgroups()} change the credentials of every thread
 * of the process (its {@code SIGSETXID} broadcast), which a JVM with its many threads needs. Linux,
 * 64 bits ({@code size_t}, {@code rlim_t} and the {@code passwd}/{@code group} layouts).
 */
public final class Posix {
    /** {@code RLIMIT_NOFILE} on Linux. */
    static final int RLIMIT_NOFILE = 7;

    static {
        Native.register(Platform.C_LIBRARY_NAME);
    }

    private Posix() {
    }

    /** A call that failed, with its {@code errno}. */
    public static final class PosixException extends Exception {
        private static final long serialVersionUID = 1L;

        private final int errno;

        PosixException(String call, int errno) {
            super(call + ": " + strerror(errno));
            this.errno = errno;
        }

        public int errno() {
            return errno;
        }
    }

    /** A user's or group's id, or the {@code errno} its lookup left (0: the name is unknown). */
    public record Lookup(OptionalInt id, int errno) {
        public String reason() {
            return strerror(errno);
        }
    }

    private static native int getuid();

    private static native int getgid();

    private static native int getgroups(int size, Pointer list);

    private static native int setgroups(long size, Pointer list);

    private static native int setgid(int gid);

    private static native int setuid(int uid);

    private static native int chroot(String path);

    private static native int chdir(String path);

    private static native int getrlimit(int resource, long[] limit);

    private static native int setrlimit(int resource, long[] limit);

    private static native int sched_setaffinity(int pid, long size, long[] mask);

    private static native Pointer getpwnam(String name);

    private static native Pointer getgrnam(String name);

    private static native String strerror(int errno);

    public static int userId() {
        return getuid();
    }

    public static int groupId() {
        return getgid();
    }

    /** How many supplementary groups the process has. */
    public static int supplementaryGroups() {
        return getgroups(0, null);
    }

    /** {@code setgroups(0, NULL)}: no supplementary group left. */
    public static void dropSupplementaryGroups() throws PosixException {
        check("setgroups", setgroups(0, null));
    }

    public static void setGroupId(int gid) throws PosixException {
        check("setgid", setgid(gid));
    }

    public static void setUserId(int uid) throws PosixException {
        check("setuid", setuid(uid));
    }

    /** {@code chroot(dir)} then {@code chdir("/")}, as HAProxy confines itself. */
    public static void changeRoot(String directory) throws PosixException {
        check("chroot", chroot(directory));
        check("chdir", chdir("/"));
    }

    /** {@code getrlimit(RLIMIT_NOFILE)}: the soft and the hard limit of open files. */
    public static long[] fileLimit() throws PosixException {
        long[] limit = new long[2];
        check("getrlimit", getrlimit(RLIMIT_NOFILE, limit));
        return limit;
    }

    /** {@code setrlimit(RLIMIT_NOFILE)}. */
    public static void setFileLimit(long soft, long hard) throws PosixException {
        check("setrlimit", setrlimit(RLIMIT_NOFILE, new long[] {soft, hard}));
    }

    /**
     * {@code sched_setaffinity(tid, cpus)}: the CPUs the thread {@code tid} may run on (0: the
     * calling thread). A thread created afterwards inherits its creator's set.
     */
    public static void setAffinity(int tid, Set<Integer> cpus) throws PosixException {
        // cpu_set_t: CPU_SETSIZE (1024) bits
        long[] mask = new long[16];
        for (int cpu : cpus) {
            mask[cpu / 64] |= 1L << (cpu % 64);
        }
        check("sched_setaffinity", sched_setaffinity(tid, mask.length * 8L, mask));
    }

    /** {@code getpwnam(name)}: the user's id, or the {@code errno} HAProxy reports. */
    public static Lookup lookUpUser(String name) {
        Native.setLastError(0);
        Pointer entry = getpwnam(name);
        // struct passwd: pw_name, pw_passwd, then uid_t pw_uid
        return entry == null ? new Lookup(OptionalInt.empty(), Native.getLastError())
                : new Lookup(OptionalInt.of(entry.getInt(2L * Native.POINTER_SIZE)), 0);
    }

    /** {@code getgrnam(name)}: the group's id, or the {@code errno} HAProxy reports. */
    public static Lookup lookUpGroup(String name) {
        Native.setLastError(0);
        Pointer entry = getgrnam(name);
        // struct group: gr_name, gr_passwd, then gid_t gr_gid
        return entry == null ? new Lookup(OptionalInt.empty(), Native.getLastError())
                : new Lookup(OptionalInt.of(entry.getInt(2L * Native.POINTER_SIZE)), 0);
    }

    private static void check(String call, int result) throws PosixException {
        if (result == -1) {
            throw new PosixException(call, Native.getLastError());
        }
    }
}
