package dev.bascule.dist.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One proxy run as a separate process on a configuration file, in the foreground ({@code -db}),
 * its standard output and error captured together in a file: the assembled {@code bin/bascule}
 * (with Netty's paranoid leak detection, so that a buffer released by no one shows as a
 * {@code LEAK:} line in that output), or Debian's {@code /usr/sbin/haproxy} on the same text.
 */
final class ProxyProcess implements AutoCloseable {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final Path BASCULE = Path.of(System.getProperty("bascule.home", "target/bascule"), "bin", "bascule");
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    enum Kind {
        HAPROXY("haproxy"), BASCULE("bascule");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** HAProxy first, then Bascule: the order every case runs them in. */
    static final List<Kind> BOTH = List.of(Kind.HAPROXY, Kind.BASCULE);

    private final Kind kind;
    private final Process process;
    private final Path log;

    private ProxyProcess(Kind kind, Process process, Path log) {
        this.kind = kind;
        this.process = process;
        this.log = log;
    }

    /**
     * Writes {@code config} to {@code dir/<kind>.cfg}, starts the proxy on it and waits until
     * {@code port} (a port the config binds) accepts connections.
     */
    static ProxyProcess start(Kind kind, Path dir, String config, int port) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        Path file = dir.resolve(kind + ".cfg");
        Path log = dir.resolve(kind + ".log");
        Files.writeString(file, config);
        ProcessBuilder builder = kind == Kind.HAPROXY
                ? new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                : new ProcessBuilder(BASCULE.toString(), "-db", "-f", file.toString());
        builder.environment().remove("JAVA_OPTS");
        builder.environment().put("BASCULE_JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid");
        builder.redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(
                Path.of("/dev/null").toFile()));
        ProxyProcess proxy = new ProxyProcess(kind, builder.start(), log);
        if (!Ports.awaitListening(port, 30, TimeUnit.SECONDS) || !proxy.process.isAlive()) {
            proxy.close();
            throw new AssertionError(kind + " did not listen on " + port + "; its output:\n" + proxy.output());
        }
        return proxy;
    }

    Kind kind() {
        return kind;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything the process wrote so far. */
    String output() {
        try {
            return Files.readString(log, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The number of lines of the output that report a leaked buffer ({@code LEAK:}). */
    long leaks() {
        return output().lines().filter(line -> line.contains("LEAK:")).count();
    }

    /**
     * What went wrong according to the output, for a failure's message: each distinct line that
     * is not a stack frame nor a leak record's detail, with how many times it came, the most
     * frequent first, at most {@code limit} of them.
     */
    String summary(int limit) {
        java.util.Map<String, Long> counts = new java.util.HashMap<>();
        output().lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)) && !line.startsWith("#")
                        && !line.startsWith("Created at:") && !line.startsWith("Caused by:")
                        && !line.startsWith(": ") && !line.startsWith("Hint:")
                        && !line.startsWith("Recent access records:"))
                .map(line -> line.length() > 200 ? line.substring(0, 200) : line)
                .forEach(line -> counts.merge(line, 1L, Long::sum));
        StringBuilder summary = new StringBuilder();
        counts.entrySet().stream()
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(limit)
                .forEach(entry -> summary.append(String.format("%6d x %s%n", entry.getValue(), entry.getKey())));
        return summary.toString();
    }

    /**
     * A full collection in Bascule's JVM ({@code jcmd PID GC.run}), so that buffers lost during
     * the load are found; Netty reports them at the next allocations, so send a few requests
     * after this. Nothing for HAProxy.
     */
    void collectGarbage() throws IOException, InterruptedException {
        if (kind != Kind.BASCULE || !process.isAlive()) {
            return;
        }
        Process jcmd = new ProcessBuilder(JCMD.toString(), Long.toString(pid()), "GC.run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(30, TimeUnit.SECONDS)) {
            jcmd.destroyForcibly();
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s); its output stays readable. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
