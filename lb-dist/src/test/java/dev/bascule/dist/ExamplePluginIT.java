package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.Plugin;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * The SPI is enough for a third-party plugin: the example plugin of {@code src/it/example-plugin}
 * (the sources docs/plugins.md walks through) is compiled here against the lb-api jar alone, jarred
 * with its descriptor into {@code plugins/example/} of a copy of the assembled distribution, and
 * {@code bin/bascule} runs a configuration that uses its balancing algorithm, sample fetch,
 * converter and rule action, talked to over loopback by a real HTTP client.
 */
@Timeout(180)
final class ExamplePluginIT {
    private static final Path DIST = Path.of(System.getProperty("bascule.home", "target/bascule"));
    private static final Path EXAMPLE = Path.of("src/it/example-plugin");

    @TempDir
    static Path shared;

    /** The example plugin's jar, built once. */
    private static Path exampleJar;

    @BeforeAll
    static void buildTheExamplePlugin() throws IOException {
        exampleJar = buildExamplePlugin(shared.resolve("example-build"));
    }

    @Test
    void theDistributionServesEveryKeywordOfTheExamplePlugin(@TempDir Path temp) throws Exception {
        Path home = distributionWith(temp, "example");
        int port = Embedded.freePort();
        try (TestOrigin a = new TestOrigin("a"); TestOrigin b = new TestOrigin("b");
             TestOrigin c = new TestOrigin("c")) {
            Path config = Files.writeString(temp.resolve("example.cfg"), String.join("\n",
                    "defaults",
                    "    mode http",
                    "    timeout connect 5s",
                    "    timeout client 30s",
                    "    timeout server 30s",
                    "frontend fe",
                    "    bind 127.0.0.1:" + port,
                    // the fetch in an ACL: an integer, matched as one
                    "    http-request deny deny_status 403 if { example.path_depth gt 4 }",
                    // the converter on a request header, kept for the response in a variable
                    "    http-request set-var(txn.key) req.hdr(x-api-key),example.mask(4)",
                    // and with its own mask character, on what the server receives
                    "    http-request set-header x-masked-host %[req.hdr(host),example.mask(2,x)]",
                    // the action: the client's key, masked, for the servers; required under /api/ (401
                    // without), optional elsewhere, and never the client's own x-client-key
                    "    http-request example.tag x-client-key req.hdr(x-api-key),example.mask(4) or-deny 401"
                            + " if { path_beg /api/ }",
                    "    http-request example.tag x-client-key req.hdr(x-api-key),example.mask(4)"
                            + " unless { path_beg /api/ }",
                    // the fetch, straight in a response rule: the request line outlives the request rules
                    "    http-response set-header x-path-depth %[example.path_depth]",
                    "    http-response set-header x-api-key %[var(txn.key)] if { var(txn.key) -m found }",
                    "    default_backend be",
                    "backend be",
                    "    balance example.pin(x-pin)",
                    "    retries 1",
                    "    option redispatch",
                    "    server a 127.0.0.1:" + a.port(),
                    "    server b 127.0.0.1:" + b.port(),
                    "    server c 127.0.0.1:" + c.port(),
                    ""));
            Process bascule = start(home, config, temp);
            try {
                awaitListening(bascule, port, temp.resolve("stderr"));
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                String base = "http://127.0.0.1:" + port;

                // pinned: the header names the server, whatever the turn
                for (String server : List.of("c", "c", "a", "b", "c")) {
                    HttpResponse<String> response = client.send(
                            HttpRequest.newBuilder(URI.create(base + "/api/users/42?full=1")).header("x-pin", server)
                                    .header("x-api-key", "secret-token-1234").build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("x-origin")).hasValue(server);
                    assertThat(response.headers().firstValue("x-path-depth")).hasValue("3");
                    assertThat(response.headers().firstValue("x-api-key")).hasValue("*************1234");
                }
                String host = "127.0.0.1:" + port;
                assertThat(c.requestHeads().get(0)).contains("x-masked-host: "
                        + "x".repeat(host.length() - 2) + host.substring(host.length() - 2))
                        .contains("x-client-key: *************1234");

                // the action's or-deny: no key under /api/, the proxy's 401 page, and no server sees it
                HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(URI.create(base + "/api/anonymous"))
                        .header("x-pin", "a").header("x-client-key", "forged").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(anonymous.statusCode()).isEqualTo(401);
                assertThat(anonymous.body()).contains("You need a valid user and password to access this content.");
                assertThat(anonymous.headers().firstValue("x-origin")).isEmpty();
                for (TestOrigin origin : List.of(a, b, c)) {
                    assertThat(origin.requestLines()).noneMatch(line -> line.contains("/api/anonymous"));
                }
                // elsewhere the key is optional, and what the client sends as x-client-key is dropped
                HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(base + "/public"))
                        .header("x-pin", "a").header("x-client-key", "forged").build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(forged.statusCode()).isEqualTo(200);
                assertThat(a.requestLines().get(a.requestLines().size() - 1)).startsWith("GET /public ");
                assertThat(a.requestHeads().get(a.requestHeads().size() - 1))
                        .noneMatch(line -> line.startsWith("x-client-key:"));

                // not pinned, or pinned to no server of the backend: in turn, from the first server
                List<String> origins = new ArrayList<>();
                for (String pin : List.of("", "", "", "nobody", "", "")) {
                    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/"));
                    if (!pin.isEmpty()) {
                        request.header("x-pin", pin);
                    }
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("x-path-depth")).hasValue("0");
                    assertThat(response.headers().firstValue("x-api-key")).isEmpty();
                    origins.add(response.headers().firstValue("x-origin").orElseThrow());
                }
                assertThat(origins).containsExactly("a", "b", "c", "a", "b", "c");

                // empty segments do not count; a value no longer than <keep> is kept whole
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.setSoTimeout(10_000);
                    HttpProxyIT.send(socket, "GET //static///css/site.css HTTP/1.1\r\nHost: x\r\nx-pin: b\r\n"
                            + "x-api-key: 123\r\n\r\n");
                    String response = HttpProxyIT.readResponse(socket.getInputStream());
                    assertThat(response).startsWith("HTTP/1.1 200").contains("\r\nx-origin: b\r\n")
                            .contains("\r\nx-path-depth: 3\r\n").contains("\r\nx-api-key: 123\r\n");
                }
                assertThat(b.requestHeads().get(b.requestHeads().size() - 1)).contains("x-masked-host: x")
                        .contains("x-client-key: 123");

                // a path too deep for the ACL never reaches a server
                HttpResponse<String> denied = client.send(HttpRequest.newBuilder(URI.create(base + "/1/2/3/4/5"))
                        .header("x-pin", "a").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(denied.statusCode()).isEqualTo(403);
                assertThat(client.send(HttpRequest.newBuilder(URI.create(base + "/1/2/3/4/")).header("x-pin", "a")
                        .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
                assertThat(a.requestLines()).noneMatch(line -> line.contains("/5"));

                // the pinned server is gone: the retry is redispatched, and the picker skips the server that failed
                b.close();
                for (int i = 0; i < 4; i++) {
                    HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(base + "/a/b"))
                            .header("x-pin", "b").build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    assertThat(response.headers().firstValue("x-origin")).get().isIn("a", "c");
                    assertThat(response.headers().firstValue("x-path-depth")).hasValue("2");
                }
            } finally {
                stop(bascule);
            }
            assertThat(Files.readString(temp.resolve("stderr"))).doesNotContain("LEAK:").doesNotContain("[ALERT]");
        }
    }

    @Test
    void verboseVersionListsThePluginAndItsKeywords(@TempDir Path temp) throws Exception {
        Path home = distributionWith(temp, "example");
        CommandLineIT.Run run = run(home, "-vv");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("\texample 1.0.0 (api " + dev.bascule.api.ApiVersion.string() + ", "
                + home.resolve("plugins/example") + ")\n");
        assertThat(line(run.out(), "Balancing algorithms: ")).contains("example.pin").contains("roundrobin");
        assertThat(line(run.out(), "Sample fetches: ")).contains("example.path_depth");
        assertThat(line(run.out(), "Converters: ")).contains("example.mask").contains("lower");
        assertThat(line(run.out(), "Actions: ")).contains("example.tag").contains("set-header");
    }

    /** A mistake in the arguments of a plugin's keyword is an alert naming the file and line, as any other. */
    @Test
    void badArgumentsAreAlertsWithFileAndLine(@TempDir Path temp) throws Exception {
        Path home = distributionWith(temp, "example");
        Path config = Files.writeString(temp.resolve("bad.cfg"), String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + Embedded.freePort(),
                "    http-request set-header x-key %[req.hdr(x-api-key),example.mask(all)]",
                "    http-request set-header x-depth %[example.path_depth(2)]",
                "    http-request example.tag x-client-key req.hdr(x-api-key) or-deny teapot",
                "    http-request example.tag x-client-key req.hdr(x-api-key) and-more",
                "    http-request example.tag x-client-key",
                "    http-request example.tag x-depth example.path_depth(2)",
                "    http-response example.tag x-key str(a)",
                "    default_backend be",
                "backend be",
                "    balance example.pin",
                "    server a 127.0.0.1:9",
                ""));
        CommandLineIT.Run check = run(home, "-c", "-f", config.toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("[ALERT]")
                .contains("parsing [" + config + ":8]").contains("invalid args in converter 'example.mask' :"
                        + " <keep> must be a number of characters from 0 to 1024 (got 'all')")
                .contains("parsing [" + config + ":9]").contains("invalid args in fetch method 'example.path_depth' :"
                        + " takes no argument (got 1)")
                .contains("parsing [" + config + ":17]").contains("'balance example.pin' : expects one argument, the"
                        + " request header that names the server, as in 'balance example.pin(x-pin)'");
        // the action's own messages, with HAProxy's words around them
        String rule = "error detected in frontend 'fe' while parsing 'http-request example.tag' rule : ";
        assertThat(check.err())
                .contains("parsing [" + config + ":10] : " + rule + "'or-deny' expects a status the proxy has an"
                        + " error page for: 400, 401, 403, 404, 405, 407, 408, 410, 413, 421, 422, 425, 429, 500, 501,"
                        + " 502, 503, 504 (got 'teapot').")
                .contains("parsing [" + config + ":11] : 'http-request example.tag' expects either 'if' or 'unless'"
                        + " followed by a condition but found 'and-more'.")
                .contains("parsing [" + config + ":12] : " + rule + "expects <header> <expression> [or-deny"
                        + " <status>].")
                // a mistake in its expression is the language's, as anywhere else
                .contains("parsing [" + config + ":13] : " + rule + "invalid args in fetch method"
                        + " 'example.path_depth' : takes no argument (got 1)\n")
                .contains("parsing [" + config + ":14] : 'http-response example.tag' : action 'example.tag' is only"
                        + " allowed in 'http-request' rules.");
    }

    /** The upgrade that kept the old directory: Bascule refuses to start and names both directories. */
    @Test
    void thePluginInstalledTwiceIsRefusedNamingBothDirectories(@TempDir Path temp) throws Exception {
        Path home = distributionWith(temp, "example");
        Files.createDirectories(home.resolve("plugins/example-1.0"));
        Files.copy(exampleJar, home.resolve("plugins/example-1.0/example-plugin.jar"));
        CommandLineIT.Run check = run(home, "-c", "-f", home.resolve("conf/quickstart.cfg").toString());
        assertThat(check.exit()).isEqualTo(1);
        assertThat(check.err()).contains("[ALERT]").contains("plugins : plugin 'example' 1.0.0 ("
                + home.resolve("plugins/example") + ") and plugin 'example' 1.0.0 ("
                + home.resolve("plugins/example-1.0") + ") both serve balance algorithm 'example.pin', sample fetch"
                + " 'example.path_depth', converter 'example.mask', rule action 'example.tag': plugin 'example' is"
                + " installed twice, keep one of the two directories");
    }

    /**
     * Compiles the example's sources against the lb-api jar alone (what a plugin author has) and
     * jars them with its resources, as {@code mvn package} would.
     */
    static Path buildExamplePlugin(Path work) throws IOException {
        Path classes = Files.createDirectories(work.resolve("classes"));
        List<String> sources;
        try (Stream<Path> files = Files.walk(EXAMPLE.resolve("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        assertThat(sources).isNotEmpty();
        List<String> options = List.of("--release", "17", "-Xlint:all", "-Werror", "-cp", apiJar().toString(),
                "-d", classes.toString());
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            compiled = compiler.getTask(messages, files, null, options, null,
                    files.getJavaFileObjectsFromStrings(sources)).call();
        }
        assertThat(compiled).as("javac:%n%s", messages).isTrue();
        Path jar = work.resolve("example-plugin.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (Path root : List.of(EXAMPLE.resolve("src/main/resources"), classes)) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                        Files.copy(file, out);
                        out.closeEntry();
                    }
                }
            }
        }
        return jar;
    }

    /** The lb-api jar the build resolved (the host's classes when run outside Maven). */
    private static Path apiJar() {
        String jar = System.getProperty("bascule.api.jar");
        if (jar != null && !jar.isEmpty()) {
            return Path.of(jar);
        }
        return Path.of(URI.create(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toString()));
    }

    /**
     * A copy of the assembled distribution in {@code temp/bascule}, so that the built one is never
     * changed, with the example plugin's jar in {@code plugins/<directory>/}. The class-data
     * sharing archive stays behind: it is only good where it was made.
     */
    private static Path distributionWith(Path temp, String directory) throws IOException {
        assertThat(DIST.resolve("bin/bascule")).as("the assembled distribution (mvn package)").isExecutable();
        Path home = temp.resolve("bascule");
        try (Stream<Path> files = Files.walk(DIST)) {
            for (Path file : files.toList()) {
                Path target = home.resolve(DIST.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().endsWith(".jsa")) {
                    Files.copy(file, target);
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        Path plugin = Files.createDirectories(home.resolve("plugins").resolve(directory));
        Files.copy(exampleJar, plugin.resolve("example-plugin.jar"));
        return home;
    }

    private static Process start(Path home, Path config, Path temp) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/bascule").toString(), "-db", "-f",
                config.toString());
        builder.environment().put("JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        builder.redirectError(temp.resolve("stderr").toFile()).redirectOutput(temp.resolve("stdout").toFile());
        return builder.start();
    }

    /** Waits until {@code port} accepts; a process that exits first fails the test with its stderr. */
    private static void awaitListening(Process process, int port, Path stderr) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("bascule exited with " + process.exitValue() + "; stderr:\n"
                        + Files.readString(stderr));
            }
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("nothing listening on " + port + "; stderr:\n" + Files.readString(stderr));
    }

    /** SIGTERM, as an operator stops it; a process that does not stop fails the test. */
    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        boolean stopped = process.waitFor(20, TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
        }
        assertThat(stopped).as("bascule stops on SIGTERM").isTrue();
    }

    private static CommandLineIT.Run run(Path home, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin/bascule").toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new CommandLineIT.Run(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    private static String line(String output, String prefix) {
        return output.lines().filter(candidate -> candidate.startsWith(prefix)).findFirst().orElseThrow();
    }
}
