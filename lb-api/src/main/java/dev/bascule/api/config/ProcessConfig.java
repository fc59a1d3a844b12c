package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The {@code global} keywords about the process itself: its identity, its file-system root and its
 * limits, applied at start-up in HAProxy's order (limits before the listeners are bound; chroot,
 * then group, then user once every listener is bound and every file is loaded).
 *
 * @param uid            {@code user}/{@code uid}: the user id to run as; 0 leaves it as it is, as in HAProxy
 * @param gid            {@code group}/{@code gid}: the group id to run as (supplementary groups dropped);
 *                       0 leaves it as it is, as in HAProxy
 * @param chroot         {@code chroot}: the directory the process confines itself to
 * @param quiet          {@code quiet}: no message on start-up, as {@code -q}
 * @param description    {@code description}: the process's description (stats page, {@code show info})
 * @param node           {@code node}: the process's name among several (stats page, {@code show info})
 * @param spreadChecks   {@code spread-checks}: each health-check interval is randomised by up to this
 *                       percentage either way (0 to 50)
 * @param hardStopAfter  {@code hard-stop-after}: how long a soft stop may wait for open connections
 * @param fileLimit      {@code ulimit-n}: the process's limit of open files ({@code RLIMIT_NOFILE})
 * @param cpuMap         {@code cpu-map}: the CPUs of the process and of its event-loop threads
 */
public record ProcessConfig(int uid, int gid, Optional<String> chroot, boolean quiet, Optional<String> description,
                            Optional<String> node, int spreadChecks, Optional<Duration> hardStopAfter,
                            OptionalLong fileLimit, CpuMap cpuMap) {
    /** A process that keeps its identity, root and limits. */
    public static final ProcessConfig DEFAULT = new ProcessConfig(0, 0, Optional.empty(), false, Optional.empty(),
            Optional.empty(), 0, Optional.empty(), OptionalLong.empty(), CpuMap.NONE);

    public ProcessConfig {
        requireNonNull(chroot, "chroot");
        requireNonNull(description, "description");
        requireNonNull(node, "node");
        if (spreadChecks < 0 || spreadChecks > 50) {
            throw new IllegalArgumentException("spreadChecks: " + spreadChecks + " (expected: 0-50)");
        }
        requireNonNull(hardStopAfter, "hardStopAfter");
        requireNonNull(fileLimit, "fileLimit");
        requireNonNull(cpuMap, "cpuMap");
    }

    /** True when start-up must change the process's identity or root. */
    public boolean confined() {
        return uid != 0 || gid != 0 || chroot.isPresent();
    }
}
