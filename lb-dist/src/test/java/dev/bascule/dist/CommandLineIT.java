package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged {@code bin/bascule}, run as an operator runs it. */
@Timeout(120)
final class CommandLineIT {
    private static final Path HOME = Path.of(System.getProperty("bascule.home", "target/bascule"));
    private static final Path BIN = HOME.resolve("bin/bascule");

    record Run(int exit, String out, String err) {
    }

    static Run run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    static Run run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BIN.toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void versions() throws Exception {
        Run version = run("-v");
        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("Bascule version ");
        Run verbose = run("-vv");
        assertThat(verbose.exit()).isZero();
        assertThat(verbose.out()).contains("Running on: Java ").contains("Transport: netty ")
                .contains("TLS: OpenSSL provider: BoringSSL")
                .contains("haproxy-config").contains("algorithms").contains("healthcheck")
                .contains("Balancing algorithms: first, hdr, leastconn, random, rdp-cookie, roundrobin, source,"
                        + " static-rr, uri, url_param");
        // the built-in actions served through the action SPI
        assertThat(verbose.out().lines().filter(line -> line.startsWith("Actions: ")).findFirst()).get()
                .asString().contains("add-header").contains("set-header").contains("set-status");
    }

    @Test
    void checkModeOnTheQuickstart() throws Exception {
        Run check = run("-c", "-f", HOME.resolve("conf/quickstart.cfg").toString());
        assertThat(check.err()).doesNotContain("[ALERT]");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("Configuration file is valid");
    }

    /** As haproxy 2.6.12: an empty file checks with exit 2, does not start (exit 1); a directory without .cfg shows the usage. */
    @Test
    void aConfigurationWithoutListenerIsRefusedAsHaproxyRefusesIt(@TempDir Path temp) throws Exception {
        Path empty = Files.writeString(temp.resolve("empty.cfg"), "");
        Path backendOnly = Files.writeString(temp.resolve("backend.cfg"), String.join("\n",
                "defaults", "    mode http", "    timeout client 5s", "    timeout server 5s", "    timeout connect 5s",
                "backend be", "    server s1 127.0.0.1:9", ""));
        for (Path config : List.of(empty, backendOnly)) {
            Run check = run("-c", "-f", config.toString());
            assertThat(check.exit()).as("-c %s", config).isEqualTo(2);
            assertThat(check.out()).isEqualTo("Configuration file has no error but will not start (no listener) => exit(2).\n");
            Run quiet = run("-c", "-q", "-f", config.toString());
            assertThat(quiet.exit()).isEqualTo(2);
            assertThat(quiet.out()).isEmpty();
            Run start = run("-db", "-f", config.toString());
            assertThat(start.exit()).as("start %s", config).isEqualTo(1);
            assertThat(start.err()).contains("[ALERT]")
                    .contains("[bascule.main()] No enabled listener found (check for 'bind' directives) ! Exiting.");
        }
        // a stats socket listens: such a configuration is valid, as in HAProxy
        Path socketOnly = Files.writeString(temp.resolve("socket.cfg"), String.join("\n",
                "global", "    stats socket " + temp.resolve("admin.sock"), "backend be", "    server s1 127.0.0.1:9", ""));
        Run socket = run("-c", "-f", socketOnly.toString());
        assertThat(socket.exit()).isZero();
        assertThat(socket.out()).contains("Configuration file is valid");
        Path directory = Files.createDirectory(temp.resolve("conf.d"));
        Run check = run("-c", "-f", directory.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).startsWith("Usage : ");
    }

    @Test
    void checkModeReportsEveryErrorWithFileAndLine(@TempDir Path temp) throws Exception {
        Path config = temp.resolve("bad.cfg");
        Files.writeString(config, String.join("\n",
                "defaults",
                "    mode http",
                "    timeout client 5x",
                "frontend fe",
                "    bnd :8080",
                "    default_backend be",
                "backend be",
                "    balance leastcon",
                "    server s1 127.0.0.1:9",
                ""));
        Run check = run("-c", "-f", config.toString());
        assertThat(check.exit()).isEqualTo(1);
        String file = config.toString();
        assertThat(check.err())
                .contains("[ALERT]", "parsing [" + file + ":3]", "parsing [" + file + ":5]", "parsing [" + file + ":8]")
                .contains("unknown keyword 'bnd' in 'frontend' section; did you mean 'bind' maybe ?")
                .contains("Fatal errors found in configuration.");
        assertThat(check.out()).doesNotContain("Configuration file is valid");
    }

    @Test
    void checkModeNamesTheBindLineOfAMissingCertificate(@TempDir Path temp) throws Exception {
        Path config = temp.resolve("tls.cfg");
        Path missing = temp.resolve("missing.pem");
        Files.writeString(config, String.join("\n",
                "defaults",
                "    mode http",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 5s",
                "frontend fe",
                "    bind 127.0.0.1:8443 ssl crt " + missing,
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:9",
                ""));
        Run check = run("-c", "-f", config.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("[ALERT]", "parsing [" + config + ":7] : 'bind 127.0.0.1:8443' in section"
                + " 'frontend' : unable to stat SSL certificate from file '" + missing + "' : No such file or directory.");
        assertThat(check.out()).doesNotContain("Configuration file is valid");
    }

    @Test
    void checkModeTakesTheSeedExamplesTlsLines(@TempDir Path temp) throws Exception {
        Path seed = Path.of("..", "..", "shared", "configs", "seed-example-local.cfg");
        assumeTrue(Files.isRegularFile(seed), seed + " is not available");
        Path pem = TestCertificates.pem(temp, "seed", "ec", "localhost");
        Run check = run(Map.of("SEED_HTTP_PORT", "8080", "SEED_HTTPS_PORT", "8443", "SEED_PEM", pem.toString(),
                "SEED_BACK1", "127.0.0.1:5656", "SEED_BACK2", "127.0.0.1:5655"), "-c", "-f", seed.toString());
        assertThat(check.err()).as(check.err()).doesNotContain("[ALERT]");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("Configuration file is valid");
    }

    /**
     * The seed document's file as its author runs it: {@code bin/bascule -c} accepts it, with
     * the warning that shows {@code reqadd}'s modern form. Its certificate path is the author's
     * (.ci/run creates a self-signed one there); elsewhere the test makes one and points a copy
     * of the file at it.
     */
    @Test
    void checkModeAcceptsTheSeedExampleWithTheReqaddWarning(@TempDir Path temp) throws Exception {
        Path seed = Path.of("..", "..", "shared", "configs", "seed-example.cfg");
        assumeTrue(Files.isRegularFile(seed), seed + " is not available");
        Path file = seed;
        if (!Files.isReadable(Path.of("/usr/local/etc/haproxy/ssl.pem"))) {
            Path pem = TestCertificates.pem(temp, "seed", "ec", "www.backend2.co.kr");
            file = temp.resolve("seed-example.cfg");
            Files.writeString(file, Files.readString(seed).replace("/usr/local/etc/haproxy/ssl.pem", pem.toString()));
        }
        Run check = run("-c", "-f", file.toString());
        assertThat(check.err()).as(check.err()).doesNotContain("[ALERT]")
                .contains("seed-example.cfg:27] : The 'reqadd' directive is not supported anymore since HAProxy 2.1;"
                        + " Bascule runs it as 'http-request add-header X-Forwarded-Proto https'.");
        assertThat(check.exit()).isZero();
        assertThat(check.out()).contains("Configuration file is valid");
    }

    @Test
    void conditionsLikeHaproxy() throws Exception {
        assertThat(run("-cc", "version_atleast(2.4-dev0)").exit()).isZero();
        assertThat(run("-cc", "version_atleast(2.7)").exit()).isEqualTo(1);
        assertThat(run("-cc", "version_before(3.0) && feature(OPENSSL) && feature(PCRE2)").exit()).isZero();
        assertThat(run("-cc", "feature(LUA)").exit()).isEqualTo(1);
        assertThat(run("-cc", "defined(PATH)").exit()).isZero();
        assertThat(run("-cc", "bogus(1)").exit()).isEqualTo(2);
    }

    /**
     * {@code .if}/{@code .elif}/{@code .else}/{@code .endif} blocks and the messages of their
     * mistakes, against {@code haproxy -c} on the same files: each {@code .alert} that is reached
     * tells which block was taken.
     */
    @Test
    void conditionalBlocksAsHaproxy(@TempDir Path temp) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed");
        List<String> files = List.of(
                ".if feature(OPENSSL) && version_atleast(2.6) && !version_before(2.6.12)\n.alert \"taken\"\n.endif\n",
                ".if 0\n  .if 1\n    .alert \"inner\"\n  .endif\n.elif defined(HOME) || 0x0\n.warning \"elif\"\n"
                        + ".else\n.alert \"else\"\n.endif\n.if streq(\"a b\",a b) && strneq(x,y)\n.alert \"strings\"\n.endif\n",
                ".if foo(1)\n.endif\n",
                ".if feature(PCRE2) &&\n.endif\n",
                ".if 1\n.elif (1\n.endif\n.if 0\n.elif (1\n.endif\n",
                ".if 1 2\n.endif\n",
                ".if streq(a)\n.endif\n",
                ".if streq(a,b,c)\n.endif\n",
                ".if streq(a,b\n.endif\n",
                ".if streq\n.endif\n",
                ".if feature\n.alert \"empty feature\"\n.endif\n",
                ".else\n",
                ".if 1\n.else\n.else\n.endif\n",
                ".if 1\n.else\n.elif 1\n.endif\n",
                ".if 1\nglobal\n",
                ".if 1\n.endif x\nglobal\n",
                ".endif\n",
                ".if version_atleast(abc)\n.alert \"unreadable version\"\n.endif\n");
        for (int index = 0; index < files.size(); index++) {
            Path file = temp.resolve("cond" + index + ".cfg");
            Files.writeString(file, files.get(index));
            Process process = new ProcessBuilder(haproxy.toString(), "-c", "-f", file.toString())
                    .redirectErrorStream(true).start();
            String expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Run bascule = run("-c", "-f", file.toString());
            assertThat(messages(bascule.out() + bascule.err())).as("%s", files.get(index))
                    .isEqualTo(messages(expected));
        }
    }

    /** The mistakes of {@code balance} and {@code hash-type} lines, against {@code haproxy -c} on the same files. */
    @Test
    void balanceAndHashTypeMessagesAsHaproxy(@TempDir Path temp) throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        assumeTrue(Files.isExecutable(haproxy), "HAProxy is not installed");
        List<String> lines = List.of("balance uri len x", "balance uri depth 0", "balance uri depth",
                "balance uri foo", "balance uri whole len 3 depth 2 path-only", "balance url_param",
                "balance url_param a b", "balance hdr()", "balance hdr(host", "balance hdr(host) x",
                "balance hdr(host) use_domain_only", "balance random(0)", "balance random(2x)", "balance random(3",
                "balance random(", "balance random(0x10)", "balance static-rr", "hash-type foo",
                "hash-type avalanche", "hash-type map-based djb2 x", "hash-type map-based md5",
                "hash-type map-based crc32 avalanche\n  balance uri", "hash-type consistent\n  balance roundrobin",
                "hash-type consistent djb2\n  balance uri depth 3",
                "mode tcp\n  balance uri", "mode tcp\n  balance hdr(x)\n  hash-type consistent");
        for (int index = 0; index < lines.size(); index++) {
            Path file = temp.resolve("balance" + index + ".cfg");
            Files.writeString(file, "defaults\n  mode http\n  timeout client 1s\n  timeout server 1s\n"
                    + "  timeout connect 1s\nbackend b\n  " + lines.get(index) + "\n  server s1 127.0.0.1:8001\n");
            Process process = new ProcessBuilder(haproxy.toString(), "-c", "-f", file.toString())
                    .redirectErrorStream(true).start();
            String expected = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            Run bascule = run("-c", "-f", file.toString());
            assertThat(messages(bascule.out() + bascule.err())).as("%s", lines.get(index))
                    .isEqualTo(messages(expected));
        }
    }

    /** The alert and warning lines, without pids, HAProxy's closing summary or Bascule's. */
    static List<String> messages(String output) {
        return output.lines().filter(line -> line.startsWith("[ALERT]") || line.startsWith("[WARNING]")
                        || line.startsWith("  "))
                .filter(line -> !line.contains("Fatal errors found in configuration"))
                .map(line -> line.replaceFirst("\\(\\d+\\)", "(PID)").replace("] : ", "]: "))
                .toList();
    }

    @Test
    void servesUntilSigintThenExitsZeroWithoutLeaks(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        Process process = serveOk(temp, port);
        Path stderr = temp.resolve("stderr");
        try {
            awaitListening(port);
            for (int i = 0; i < 20; i++) {
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(5_000);
                    HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                    assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK").endsWith("ok");
                }
            }
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
            assertThat(Files.readString(stderr)).doesNotContain("LEAK:");
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigintStopsItEvenWhenItsParentIgnoredSigint(@TempDir Path temp) throws Exception {
        // a script's background job starts with SIGINT ignored; HAProxy stops on SIGINT all the same
        int port = Embedded.freePort();
        Path config = okConfig(temp, port);
        ProcessBuilder builder = new ProcessBuilder("bash", "-c", "trap '' INT; exec \"$0\" -db -f \"$1\"",
                BIN.toString(), config.toString());
        builder.redirectError(temp.resolve("stderr").toFile()).redirectOutput(temp.resolve("stdout").toFile());
        stopsWithZeroOnSigintOnceListening(builder.start(), port);
    }

    @Test
    void sigintAsSoonAsItListensStillExitsZero(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        stopsWithZeroOnSigintOnceListening(serveOk(temp, port), port);
    }

    private static void stopsWithZeroOnSigintOnceListening(Process process, int port) throws Exception {
        try {
            awaitListening(port);
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor();
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void sigusr1StopsAcceptingAndExitsWhenTheLastConnectionEnds(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        Process process = serveOk(temp, port);
        try {
            awaitListening(port);
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
                new ProcessBuilder("kill", "-USR1", Long.toString(process.pid())).start().waitFor();
                // the kept-alive connection still holds the process
                assertThat(process.waitFor(500, TimeUnit.MILLISECONDS)).isFalse();
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
                assertThatThrownBy(() -> new Socket(InetAddress.getLoopbackAddress(), port).close())
                        .isInstanceOf(IOException.class);
            }
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void configDirectoryIsReadInLexicalOrder(@TempDir Path temp) throws Exception {
        Path dir = Files.createDirectory(temp.resolve("conf.d"));
        Files.writeString(dir.resolve("10-front.cfg"), String.join("\n",
                "defaults",
                "    mode http",
                "    timeout client 5s",
                "    timeout server 5s",
                "    timeout connect 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + Embedded.freePort(),
                "    default_backend be",
                ""));
        Files.writeString(dir.resolve("20-back.cfg"), "backend be\n    server s1 127.0.0.1:9\n");
        Files.writeString(dir.resolve("README"), "not a config file\n");
        Run check = run("-c", "-f", dir.toString());
        assertThat(check.err()).doesNotContain("[ALERT]");
        assertThat(check.exit()).isZero();
        Files.writeString(dir.resolve("05-first.cfg"), "backend be\n    server s0 127.0.0.1:9\n");
        Run duplicate = run("-c", "-f", dir.toString());
        assertThat(duplicate.exit()).isEqualTo(1);
        assertThat(duplicate.err()).contains(dir + "/20-back.cfg:1");
    }

    @Test
    void daemonModeWritesThePidFileAndDetaches(@TempDir Path temp) throws Exception {
        int port = Embedded.freePort();
        Path config = temp.resolve("d.cfg");
        Path pidFile = temp.resolve("bascule.pid");
        Files.writeString(config, String.join("\n",
                "frontend fe",
                "    mode http",
                "    timeout client 5s",
                "    bind 127.0.0.1:" + port,
                "    http-request return status 200",
                ""));
        Run run = run("-D", "-p", pidFile.toString(), "-f", config.toString());
        assertThat(run.exit()).isZero();
        long pid = Long.parseLong(Files.readString(pidFile).trim());
        ProcessHandle daemon = ProcessHandle.of(pid).orElseThrow();
        try {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket.setSoTimeout(5_000);
                HttpProxyIT.send(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
                assertThat(HttpProxyIT.readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
            }
            new ProcessBuilder("kill", "-TERM", Long.toString(pid)).start().waitFor();
            daemon.onExit().get(20, TimeUnit.SECONDS);
        } finally {
            daemon.destroyForcibly();
        }
    }

    /**
     * Starts {@code bin/bascule -db} on a frontend answering {@code 200 ok} on {@code port}, with
     * paranoid leak detection; its stderr goes to {@code temp/stderr}.
     */
    static Process serveOk(Path temp, int port) throws IOException {
        Path config = okConfig(temp, port);
        ProcessBuilder builder = new ProcessBuilder(BIN.toString(), "-db", "-f", config.toString());
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        builder.redirectError(temp.resolve("stderr").toFile()).redirectOutput(temp.resolve("stdout").toFile());
        return builder.start();
    }

    /** A configuration answering 200 "ok" on {@code port}. */
    static Path okConfig(Path temp, int port) throws IOException {
        Path config = temp.resolve("ok.cfg");
        Files.writeString(config, String.join("\n",
                "defaults",
                "    mode http",
                "    timeout client 30s",
                "    timeout server 5s",
                "    timeout connect 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    http-request return status 200 content-type text/plain string \"ok\"",
                ""));
        return config;
    }

    static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listening on " + port);
    }
}
