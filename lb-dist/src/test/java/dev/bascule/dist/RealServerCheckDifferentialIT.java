package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The protocol checks against the real servers from Debian's packages, started by this test:
 * Redis ({@code redis-server}, with and without {@code requirepass}), MariaDB ({@code mariadbd},
 * a user that may log in and one that may not) and PostgreSQL ({@code postgresql-15}). Each
 * server's first {@code Health check} line and its stats fields are the same on HAProxy 2.6 and
 * on Bascule. A server whose package is absent is left out, said on the test's output.
 */
@Timeout(240)
final class RealServerCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final Path REDIS = Path.of("/usr/bin/redis-server");
    private static final Path MARIADB = Path.of("/usr/sbin/mariadbd");
    private static final Path MARIADB_INSTALL = Path.of("/usr/bin/mariadb-install-db");
    private static final Path MARIADB_CLIENT = Path.of("/usr/bin/mariadb");
    private static final Path POSTGRES = Path.of("/usr/lib/postgresql/15/bin");

    private final List<Process> started = new ArrayList<>();

    /** A backend's check option and its server's port. */
    private record Backend(String option, int port) {
    }

    @Test
    void protocolChecksReadAsOnHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        Map<String, Backend> backends = new LinkedHashMap<>();
        try {
            if (Files.isExecutable(REDIS)) {
                int open = redis(temp, null);
                int locked = redis(temp, "secret");
                backends.put("redis_ok", new Backend("redis-check", open));
                backends.put("redis_noauth", new Backend("redis-check", locked));
            } else {
                System.out.println("redis-server is not installed (package redis-server): its checks are left out");
            }
            if (Files.isExecutable(MARIADB) && Files.isExecutable(MARIADB_INSTALL)) {
                int port = mariadb(temp);
                backends.put("mysql_handshake", new Backend("mysql-check", port));
                backends.put("mysql_login", new Backend("mysql-check user haproxy post-41", port));
                backends.put("mysql_denied", new Backend("mysql-check user nobody_here post-41", port));
                backends.put("mysql_pre41", new Backend("mysql-check user haproxy", port));
            } else {
                System.out.println("mariadbd is not installed (package mariadb-server): its checks are left out");
            }
            if (Files.isExecutable(POSTGRES.resolve("postgres"))) {
                int port = postgres(temp);
                backends.put("pgsql_ok", new Backend("pgsql-check user postgres", port));
                backends.put("pgsql_md5", new Backend("pgsql-check user checker", port));
            } else {
                System.out.println("postgres is not installed (package postgresql-15): its checks are left out");
            }
            assumeTrue(!backends.isEmpty(), "none of redis-server, mariadb-server, postgresql-15 is installed");
            StringBuilder config = new StringBuilder("""
                    defaults
                        mode tcp
                        timeout connect 2s
                        timeout client 5s
                        timeout server 5s
                        timeout check 2s
                        option log-health-checks
                        default-server inter 500 rise 1 fall 1
                    """);
            for (Map.Entry<String, Backend> backend : backends.entrySet()) {
                config.append("backend ").append(backend.getKey()).append("\n    option ")
                        .append(backend.getValue().option()).append("\n    server s 127.0.0.1:")
                        .append(backend.getValue().port()).append(" check\n");
            }
            ProtocolCheckDifferentialIT.Observed haproxy = ProtocolCheckDifferentialIT.observe(HAPROXY,
                    temp.resolve("haproxy"), config, backends.keySet());
            ProtocolCheckDifferentialIT.Observed bascule = ProtocolCheckDifferentialIT.observe(BASCULE,
                    temp.resolve("bascule"), config, backends.keySet());
            System.out.println("haproxy:\n" + String.join("\n", haproxy.lines()) + "\n"
                    + String.join("\n", haproxy.stats()));
            System.out.println("bascule:\n" + String.join("\n", bascule.lines()) + "\n"
                    + String.join("\n", bascule.stats()));
            assertThat(haproxy.lines()).hasSize(backends.size());
            assertThat(bascule.lines()).isEqualTo(haproxy.lines());
            // HAProxy clears the text of a passing MySQL probe (see ProtocolCheckDifferentialIT); Bascule keeps it
            assertThat(bascule.stats()).hasSameSizeAs(haproxy.stats());
            for (int index = 0; index < haproxy.stats().size(); index++) {
                String expected = haproxy.stats().get(index);
                String actual = bascule.stats().get(index);
                if (expected.startsWith("mysql_") && expected.contains("|L7OK|0|Layer7 check passed||")) {
                    actual = actual.replaceFirst("\\|Layer7 check passed\\|[^|]*\\|", "|Layer7 check passed||");
                }
                assertThat(actual).isEqualTo(expected);
            }
        } finally {
            for (Process process : started) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    private int redis(Path temp, String password) throws Exception {
        int port = Embedded.freePort();
        List<String> command = new ArrayList<>(List.of(REDIS.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", temp.toString()));
        if (password != null) {
            command.addAll(List.of("--requirepass", password));
        }
        start(command, temp.resolve("redis-" + port + ".log"), port);
        return port;
    }

    private int mariadb(Path temp) throws Exception {
        Path data = temp.resolve("mariadb");
        run(List.of(MARIADB_INSTALL.toString(), "--datadir=" + data, "--user=" + user(),
                "--auth-root-authentication-method=normal", "--skip-test-db"), temp.resolve("mariadb-install.log"));
        int port = Embedded.freePort();
        Path socket = temp.resolve("mariadb.sock");
        start(List.of(MARIADB.toString(), "--no-defaults", "--datadir=" + data, "--user=" + user(),
                "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket, "--skip-log-bin",
                "--innodb-buffer-pool-size=16M", "--pid-file=" + temp.resolve("mariadb.pid")),
                temp.resolve("mariadb.log"), port);
        // a user without password that may log in from the checks' address
        run(List.of(MARIADB_CLIENT.toString(), "--no-defaults", "-uroot", "-S", socket.toString(), "-e",
                "CREATE USER 'haproxy'@'127.0.0.1'; CREATE USER 'haproxy'@'localhost'"),
                temp.resolve("mariadb-user.log"));
        return port;
    }

    private int postgres(Path temp) throws Exception {
        // postgres refuses to run as root: as the package's postgres user then, in a directory it may write
        Path base = Files.createDirectories(temp.resolve("pg"));
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path data = base.resolve("data");
        run(asPostgres(List.of(POSTGRES.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
                "--auth-local=trust", "--auth-host=trust")), temp.resolve("initdb.log"));
        // the checker role must give a password: md5 for it, trust for the others
        Path hba = data.resolve("pg_hba.conf");
        Files.writeString(hba, "host all checker 127.0.0.1/32 md5\n" + Files.readString(hba));
        int port = Embedded.freePort();
        start(asPostgres(List.of(POSTGRES.resolve("postgres").toString(), "-D", data.toString(), "-p",
                Integer.toString(port), "-k", base.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off")),
                temp.resolve("postgres.log"), port);
        run(asPostgres(List.of(POSTGRES.resolve("psql").toString(), "-h", base.toString(), "-p",
                Integer.toString(port), "-U", "postgres", "-c", "CREATE ROLE checker LOGIN PASSWORD 'secret'")),
                temp.resolve("psql.log"));
        return port;
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String user() {
        return System.getProperty("user.name");
    }

    private static List<String> asPostgres(List<String> command) {
        if (!root()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void start(List<String> command, Path log, int port) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException(command.get(0) + " did not start: " + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static void run(List<String> command, Path log) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed: " + Files.readString(log));
        }
    }
}
