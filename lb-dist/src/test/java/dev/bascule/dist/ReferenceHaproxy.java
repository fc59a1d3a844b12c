package dev.bascule.dist;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * HAProxy 2.6 ({@code /usr/sbin/haproxy}), the reference of the differential tests: started in the
 * foreground on a configuration text in a directory of the test's, given its script once it
 * listens, and stopped by its process handle whatever the script did.
 */
final class ReferenceHaproxy {
    static final Path PROGRAM = Path.of("/usr/sbin/haproxy");

    /** What a test does against a proxy listening on {@code port}. */
    @FunctionalInterface
    interface Script<T> {
        T run(int port) throws Exception;
    }

    private ReferenceHaproxy() {
    }

    /** Whether the reference is installed (tests skip themselves without it). */
    static boolean installed() {
        return Files.isExecutable(PROGRAM);
    }

    /**
     * Runs {@code script} against HAProxy started with {@code config} (given the port it is to
     * listen on) in {@code dir}; its output goes to {@code dir/haproxy.log}.
     */
    static <T> T run(Path dir, IntFunction<String> config, Script<T> script) throws Exception {
        int port = Embedded.freePort();
        Files.writeString(dir.resolve("haproxy.cfg"), config.apply(port));
        Process haproxy = new ProcessBuilder(PROGRAM.toString(), "-db", "-f", "haproxy.cfg")
                .directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("haproxy.log").toFile()).start();
        try {
            CommandLineIT.awaitListening(port);
            return script.run(port);
        } finally {
            haproxy.destroy();
            haproxy.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The same script against Bascule in this JVM, after the same probe that it listens. */
    static <T> T runBascule(IntFunction<String> config, Script<T> script) throws Exception {
        int port = Embedded.freePort();
        try (Embedded bascule = Embedded.start(config.apply(port))) {
            CommandLineIT.awaitListening(port);
            return script.run(port);
        }
    }
}
