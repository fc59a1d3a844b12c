package dev.bascule.core.os;

import dev.bascule.api.config.CpuMap;
import dev.bascule.api.config.ProcessConfig;
import dev.bascule.core.Transport;
import dev.bascule.core.cli.Console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What HAProxy's {@code main()} does to the process around binding its listeners: the limit of
 * open files ({@code ulimit-n}) before them; the CPUs ({@code cpu-map}); once every listener is
 * bound and every file loaded,
 * {@code chroot}, then the group (supplementary groups dropped), then the user
 * ({@code set_identity()}).
 */
public final class ProcessSetup {
    private static final String MAIN = "[bascule.main()] ";

    private ProcessSetup() {
    }

    /** Start-up cannot go on: the alert has been printed, the process exits with 1. */
    public static final class StartupFailure extends Exception {
        private static final long serialVersionUID = 1L;

        StartupFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * {@code ulimit-n}: the soft limit of open files set to the value, the hard one raised to it if
     * needed; when the kernel refuses, as high as the hard limit allows, with HAProxy's warning.
     */
    public static void applyFileLimit(ProcessConfig process, Console console) {
        if (process.fileLimit().isEmpty()) {
            return;
        }
        long wanted = process.fileLimit().getAsLong();
        try {
            long[] atBoot = Posix.fileLimit();
            try {
                Posix.setFileLimit(wanted, Math.max(atBoot[1], wanted));
            } catch (Posix.PosixException refused) {
                long[] current = Posix.fileLimit();
                try {
                    Posix.setFileLimit(current[1], current[1]);
                } catch (Posix.PosixException ignored) {
                    // the limit stays what it was
                }
                console.warning(MAIN + "Cannot raise FD limit to " + (int) wanted + ", limit is "
                        + (int) Posix.fileLimit()[0] + ".");
            }
        } catch (Posix.PosixException e) {
            console.warning(MAIN + "Cannot raise FD limit to " + (int) wanted + ": " + e.getMessage());
        }
    }

    /**
     * {@code cpu-map} for the whole process, before the event loops start (their threads inherit
     * it): every thread of the JVM is bound, which is what {@code sched_setaffinity()} on the
     * process does in HAProxy. As HAProxy 2.6, only a daemon applies it; a failure is ignored.
     */
    public static void bindProcessCpus(CpuMap map) {
        if (map.process().isEmpty()) {
            return;
        }
        // JNA's own thread starts with the first call: before the threads are listed
        Posix.userId();
        Set<String> bound = new HashSet<>();
        // a thread started meanwhile by one not bound yet would escape: again until none is new
        for (boolean more = true; more; ) {
            more = false;
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    String tid = task.getFileName().toString();
                    if (bound.add(tid)) {
                        more = true;
                        try {
                            Posix.setAffinity(Integer.parseInt(tid), map.process());
                        } catch (Posix.PosixException | NumberFormatException e) {
                            // HAProxy does not check sched_setaffinity() either; a thread may also have ended
                        }
                    }
                }
            } catch (IOException e) {
                // no /proc: the process stays where it is, as HAProxy's ignored failure
                return;
            }
        }
    }

    /**
     * {@code cpu-map} for each thread: event loop {@code i} is HAProxy's thread {@code i + 1} and
     * binds itself to its set within the process's ({@code set_thread_cpu_affinity()}); a failure
     * is ignored, as HAProxy ignores {@code pthread_setaffinity_np()}'s.
     */
    public static void bindThreadCpus(CpuMap map, Transport transport) {
        if (map.threads().isEmpty()) {
            return;
        }
        transport.onEachEventLoop(index -> {
            Set<Integer> cpus = map.thread(index + 1);
            if (!cpus.isEmpty()) {
                try {
                    Posix.setAffinity(0, cpus);
                } catch (Posix.PosixException e) {
                    // as HAProxy: the thread runs where it can
                }
            }
        });
    }

    /**
     * {@code chroot}, then {@code group}/{@code gid} and {@code user}/{@code uid}, as HAProxy once
     * its listeners are bound: what the JVM reads lazily from the file system is read first
     * ({@link ChrootPreload}), from {@code loaders}' jars among others.
     *
     * @throws StartupFailure after HAProxy's alert, when a call fails
     */
    public static void confine(ProcessConfig process, List<ClassLoader> loaders, Console console)
            throws StartupFailure {
        if (process.chroot().isPresent()) {
            String directory = process.chroot().get();
            try {
                ChrootPreload.run(loaders);
                Posix.changeRoot(directory);
            } catch (Posix.PosixException | RuntimeException e) {
                console.alert(MAIN + "Cannot chroot(" + directory + ").");
                throw new StartupFailure("chroot(" + directory + "): " + e.getMessage(), e);
            }
        }
        setIdentity(process, console);
    }

    /** HAProxy's {@code set_identity()}. */
    private static void setIdentity(ProcessConfig process, Console console) throws StartupFailure {
        if (process.gid() != 0) {
            if (Posix.supplementaryGroups() > 0) {
                try {
                    Posix.dropSupplementaryGroups();
                } catch (Posix.PosixException e) {
                    console.warning(MAIN + "Failed to drop supplementary groups. Using 'gid'/'group' without"
                            + " 'uid'/'user' is generally useless.");
                }
            }
            try {
                Posix.setGroupId(process.gid());
            } catch (Posix.PosixException e) {
                console.alert(MAIN + "Cannot set gid " + process.gid() + ".");
                throw new StartupFailure(e.getMessage(), e);
            }
        }
        if (process.uid() != 0) {
            try {
                Posix.setUserId(process.uid());
            } catch (Posix.PosixException e) {
                console.alert(MAIN + "Cannot set uid " + process.uid() + ".");
                throw new StartupFailure(e.getMessage(), e);
            }
        }
    }
}
