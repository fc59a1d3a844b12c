package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The protocol checks ({@code option redis-check}, {@code smtpchk}, {@code pgsql-check}, {@code mysql-check},
 * {@code ldap-check}, {@code ssl-hello-chk}) on HAProxy 2.6 and Bascule with the same configuration, against
 * servers in this test that play each protocol's answers: every server's first {@code Health check} line is
 * the same on both, so are the stats' check fields (but for one known difference), and {@code haproxy -c}
 * and {@code bascule -c} say the same of the options' bad forms.
 */
@Timeout(120)
final class ProtocolCheckDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin/bascule");
    private static final String MYSQL_HANDSHAKE = "4A0000000A382E302E3139000A0000006F3C025E6249410D00FFFFFF0200FFC7"
            + "150000" + "00000000000000007C182159106E2761144322200063616368696E675F736861325F70617373776F726400";

    @Test
    void everyServersFirstCheckReadsAsOnHaproxy(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<Scripted> servers = new ArrayList<>();
        try {
            // backend and option -> the server's answers: byte arrays are sent, integers are read
            Map<String, String> backends = new LinkedHashMap<>();
            Map<String, Scripted> played = new LinkedHashMap<>();
            played.put("redis_ok", new Scripted(14, text("+PONG\r\n")));
            backends.put("redis_ok", "redis-check");
            played.put("redis_err", new Scripted(14, text("-ERR unknown\r\n")));
            backends.put("redis_err", "redis-check");
            played.put("smtp_ok", new Scripted(text("220 mx ESMTP\r\n"), 17, text("250-mx\r\n250 SIZE 1\r\n"), 6,
                    text("221 mx bye\r\n")));
            backends.put("smtp_ok", "smtpchk EHLO domain.tld");
            played.put("smtp_busy", new Scripted(text("421 Try again later\r\n")));
            backends.put("smtp_busy", "smtpchk");
            played.put("pgsql_ok", new Scripted(23, hex("520000000800000000")));
            backends.put("pgsql_ok", "pgsql-check user postgres");
            played.put("pgsql_fatal", new Scripted(23, hex("450000000B53464154414C00")));
            backends.put("pgsql_fatal", "pgsql-check user postgres");
            played.put("mysql_ok", new Scripted(hex(MYSQL_HANDSHAKE), 47, hex("0700000200000002000000")));
            backends.put("mysql_ok", "mysql-check user user");
            played.put("mysql_err", new Scripted(hex(MYSQL_HANDSHAKE), 20, hex("0E000002FF1504416363657373206465"
                    + "6E696564")));
            backends.put("mysql_err", "mysql-check user user pre-41");
            played.put("ldap_ok", new Scripted(14, hex("300C02010161070A010004000400")));
            backends.put("ldap_ok", "ldap-check");
            played.put("ldap_code", new Scripted(14, hex("300C02010161070A013104000400")));
            backends.put("ldap_code", "ldap-check");
            played.put("ssl_alert", new Scripted(126, hex("15030000020228")));
            backends.put("ssl_alert", "ssl-hello-chk");
            played.put("ssl_http", new Scripted(126, text("HTTP/1.0 400 Bad request\r\n\r\n")));
            backends.put("ssl_http", "ssl-hello-chk");
            servers.addAll(played.values());
            StringBuilder config = new StringBuilder("""
                    defaults
                        mode tcp
                        timeout connect 1s
                        timeout client 5s
                        timeout server 5s
                        timeout check 1s
                        option log-health-checks
                        default-server inter 300 rise 1 fall 1
                    """);
            for (Map.Entry<String, String> backend : backends.entrySet()) {
                config.append("backend ").append(backend.getKey()).append("\n    option ").append(backend.getValue())
                        .append("\n    server s 127.0.0.1:").append(played.get(backend.getKey()).port())
                        .append(" check\n");
            }
            Observed haproxy = observe(HAPROXY, temp.resolve("haproxy"), config, backends.keySet());
            Observed bascule = observe(BASCULE, temp.resolve("bascule"), config, backends.keySet());
            System.out.println("haproxy:\n" + String.join("\n", haproxy.lines()) + "\n"
                    + String.join("\n", haproxy.stats()));
            System.out.println("bascule:\n" + String.join("\n", bascule.lines()) + "\n"
                    + String.join("\n", bascule.stats()));
            assertThat(haproxy.lines()).hasSize(backends.size());
            assertThat(haproxy.lines()).contains("Health check for server smtp_busy/s failed, reason: Layer7 wrong"
                    + " status, code: 421, info: \"Try again later\", check duration: Nms, status: 0/1 DOWN.");
            assertThat(bascule.lines()).isEqualTo(haproxy.lines());
            // the stats' check fields; HAProxy clears the text of a passing MySQL or LDAP probe (its
            // tcpcheck_main() sets the status a second time, without it), Bascule keeps it
            assertThat(haproxy.stats()).hasSize(backends.size())
                    .contains("mysql_ok|s|UP|L7OK|0|Layer7 check passed||",
                            "ldap_ok|s|UP|L7OK|0|Layer7 check passed||");
            assertThat(bascule.stats()).isEqualTo(haproxy.stats().stream()
                    .map(row -> row.replace("mysql_ok|s|UP|L7OK|0|Layer7 check passed||",
                                    "mysql_ok|s|UP|L7OK|0|Layer7 check passed|8.0.19|")
                            .replace("ldap_ok|s|UP|L7OK|0|Layer7 check passed||",
                                    "ldap_ok|s|UP|L7OK|0|Layer7 check passed|Success|"))
                    .toList());
        } finally {
            for (Scripted server : servers) {
                server.close();
            }
        }
    }

    /** {@code haproxy -c} and {@code bascule -c} on the same files: the same alerts and warnings, the same verdict. */
    @Test
    void configurationCheckSaysWhatHaproxySays(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<String> lines = List.of("option redis-check", "option redis-check x", "option ssl-hello-chk x",
                "option ldap-check x", "option smtpchk a b c", "option smtpchk HELO x", "option pgsql-check",
                "option pgsql-check user", "option pgsql-check usr x", "option pgsql-check user x y",
                "option mysql-check usr", "option mysql-check user", "option mysql-check user u post-42",
                "option mysql-check user u pre-41 x", "option mysql-check user u pre-41",
                "tcp-check send x\n  option redis-check", "option redis-check\n  tcp-check send x",
                "option smtpchk\n  http-check disable-on-404");
        for (int index = 0; index < lines.size(); index++) {
            Path file = temp.resolve("case" + index + ".cfg");
            Files.writeString(file, "defaults\n  mode tcp\n  timeout connect 5s\n  timeout client 5s\n"
                    + "  timeout server 5s\nfrontend f\n  bind 127.0.0.1:18080\n  option ldap-check\n"
                    + "  default_backend b\nbackend b\n  " + lines.get(index)
                    + "\n  server s1 127.0.0.1:18081 check\n");
            Process process = new ProcessBuilder(HAPROXY.toString(), "-c", "-f", file.toString())
                    .redirectErrorStream(true).start();
            process.getOutputStream().close();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            CommandLineIT.Run bascule = CommandLineIT.run("-c", "-f", file.toString());
            String what = Files.readString(file) + "\nhaproxy:\n" + out + "\nbascule:\n" + bascule.out()
                    + bascule.err();
            assertThat(CommandLineIT.messages(bascule.out() + bascule.err())).as(what)
                    .isEqualTo(CommandLineIT.messages(out));
            assertThat(bascule.exit()).as(what).isEqualTo(process.exitValue());
        }
    }

    /** Each server's first {@code Health check} line, and its check fields on the stats page. */
    record Observed(List<String> lines, List<String> stats) {
    }

    /** Runs {@code binary} on the configuration until each backend's server logged a check. */
    static Observed observe(Path binary, Path base, StringBuilder backends, Iterable<String> names)
            throws Exception {
        int port = Embedded.freePort();
        int statsPort = Embedded.freePort();
        Path config = Path.of(base + ".cfg");
        Files.writeString(config, backends + "frontend f\n    bind 127.0.0.1:" + port + "\n    default_backend "
                + names.iterator().next() + "\nlisten stats\n    mode http\n    bind 127.0.0.1:" + statsPort
                + "\n    stats enable\n    stats uri /stats\n");
        Path output = Path.of(base + ".out");
        Process process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            CommandLineIT.awaitListening(port);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                List<String> first = firstHealthChecks(output, names);
                if (first.size() == count(names) || System.nanoTime() > deadline) {
                    return new Observed(first, settledStats(statsPort));
                }
                Thread.sleep(100);
            }
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The servers' name, status, check_status, check_code, check_desc and last_chk, read when no probe runs
     * (a running one shows "* " before its check_status and resets the code and text on HAProxy).
     */
    static List<String> settledStats(int statsPort) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            String csv = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + statsPort + "/stats;csv"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            List<String> lines = csv.lines().toList();
            List<String> header = List.of(lines.get(0).substring(2).split(","));
            String[] names = {"pxname", "svname", "status", "check_status", "check_code", "check_desc", "last_chk"};
            List<String> rows = new ArrayList<>();
            boolean running = false;
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.split(",", -1);
                if (fields.length < header.size() || !fields[1].equals("s")) {
                    continue;
                }
                StringBuilder row = new StringBuilder();
                for (String name : names) {
                    row.append(fields[header.indexOf(name)]).append('|');
                }
                running |= fields[header.indexOf("check_status")].startsWith("* ");
                rows.add(row.toString());
            }
            if (!running || System.nanoTime() > deadline) {
                return rows;
            }
            Thread.sleep(50);
        }
    }

    /** Each backend's first {@code Health check} line in a process's output, its duration masked. */
    static List<String> firstHealthChecks(Path output, Iterable<String> names) throws IOException {
        List<String> first = new ArrayList<>();
        List<String> lines = Files.readString(output, StandardCharsets.ISO_8859_1).lines()
                .map(line -> line.replaceFirst("^.*?(Health check for server )", "$1")
                        .replaceAll("check duration: \\d+ms", "check duration: Nms"))
                .filter(line -> line.startsWith("Health check for server ")).toList();
        for (String name : names) {
            lines.stream().filter(line -> line.startsWith("Health check for server " + name + "/"))
                    .findFirst().ifPresent(first::add);
        }
        return first;
    }

    static int count(Iterable<String> names) {
        int count = 0;
        for (String ignored : names) {
            count++;
        }
        return count;
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text);
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Plays its script on every connection: byte arrays are sent, integers are read; then it closes. */
    private static final class Scripted implements AutoCloseable {
        private final ServerSocket server;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();

        Scripted(Object... script) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket socket = server.accept();
                        sockets.add(socket);
                        Thread serving = new Thread(() -> play(socket, script));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        private void play(Socket socket, Object[] script) {
            try (socket) {
                socket.setSoTimeout(5_000);
                InputStream in = socket.getInputStream();
                for (Object step : script) {
                    if (step instanceof byte[] bytes) {
                        socket.getOutputStream().write(bytes);
                        socket.getOutputStream().flush();
                    } else if (in.readNBytes((Integer) step).length < (Integer) step) {
                        return;
                    }
                }
            } catch (IOException e) {
                // the check went away
            } finally {
                sockets.remove(socket);
            }
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
