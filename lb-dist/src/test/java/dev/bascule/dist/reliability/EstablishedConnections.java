package dev.bascule.dist.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The connections in state ESTABLISHED that servers listening on given ports hold, counted from
 * {@code /proc/net/tcp} and {@code /proc/net/tcp6}. Each connection is counted once, on its server
 * side (the local port is one of the ports), whoever opened it.
 */
final class EstablishedConnections {
    private static final String ESTABLISHED = "01";

    private EstablishedConnections() {
    }

    static int to(Set<Integer> ports) {
        return count(Path.of("/proc/net/tcp"), ports) + count(Path.of("/proc/net/tcp6"), ports);
    }

    private static int count(Path table, Set<Integer> ports) {
        if (!Files.exists(table)) {
            return 0;
        }
        try {
            int count = 0;
            // "  sl  local_address rem_address   st ...", then "   0: 0100007F:1F90 0100007F:C350 01 ..."
            for (String line : Files.readAllLines(table)) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length < 4 || !fields[3].equals(ESTABLISHED)) {
                    continue;
                }
                String local = fields[1];
                int port = Integer.parseInt(local.substring(local.indexOf(':') + 1), 16);
                if (ports.contains(port)) {
                    count++;
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
