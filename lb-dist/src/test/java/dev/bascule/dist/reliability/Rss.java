package dev.bascule.dist.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's resident set, from {@code /proc/PID/status}. */
final class Rss {
    private Rss() {
    }

    /** VmRSS in MiB, or -1 when the process is gone. */
    static long mib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
            return -1;
        } catch (IOException gone) {
            return -1;
        }
    }
}
