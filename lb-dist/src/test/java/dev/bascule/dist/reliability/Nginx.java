package dev.bascule.dist.reliability;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx as the real servers behind a proxy: one nginx process (one worker) in a directory
 * of its own, listening on {@code count} free loopback ports, every one with the same
 * {@code location} blocks; files to serve go in {@link #root} before the start. A sink listens on
 * one more port and answers {@code 200 ok} to anything: {@code @SINK@} in the locations stands for
 * its address, e.g. for {@code proxy_pass} after nginx has read a whole request body.
 */
final class Nginx implements AutoCloseable {
    private static final Path NGINX = Path.of("/usr/sbin/nginx");

    private final Process process;
    private final List<Integer> ports;
    private final Path dir;

    private Nginx(Process process, List<Integer> ports, Path dir) {
        this.process = process;
        this.ports = ports;
        this.dir = dir;
    }

    /** The directory that {@code root} points to in the generated configuration: {@code dir/html}. */
    static Path root(Path dir) throws IOException {
        return Files.createDirectories(dir.resolve("html"));
    }

    static Nginx start(Path dir, int count, String locations) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(NGINX), NGINX + " is not installed (Debian package nginx; .ci/run installs it)");
        Path root = root(dir);
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ports.add(Ports.free());
        }
        int sink = Ports.free();
        StringBuilder config = new StringBuilder();
        if ("root".equals(System.getProperty("user.name"))) {
            // the worker must read files under the test's temporary directory (mode 700)
            config.append("user root;\n");
        }
        config.append(String.join("\n",
                "worker_processes 1;",
                "worker_rlimit_nofile 16384;",
                "error_log " + dir.resolve("error.log") + " warn;",
                "events { worker_connections 8192; }",
                "http {",
                "    access_log off;",
                "    client_body_temp_path " + dir.resolve("client_body") + ";",
                "    proxy_temp_path " + dir.resolve("proxy") + ";",
                "    fastcgi_temp_path " + dir.resolve("fastcgi") + ";",
                "    uwsgi_temp_path " + dir.resolve("uwsgi") + ";",
                "    scgi_temp_path " + dir.resolve("scgi") + ";",
                "    client_max_body_size 16m;",
                "    default_type application/octet-stream;",
                "    root " + root + ";",
                ""));
        for (int port : ports) {
            config.append("    server {\n        listen 127.0.0.1:").append(port).append(";\n")
                    .append(locations.replace("@SINK@", "127.0.0.1:" + sink).indent(8))
                    .append("    }\n");
        }
        config.append("    server {\n        listen 127.0.0.1:").append(sink).append(";\n")
                .append("        location / { return 200 \"ok\\n\"; }\n    }\n}\n");
        Files.writeString(dir.resolve("nginx.conf"), config);
        Process process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", dir.resolve("nginx.conf").toString(), "-g", "daemon off; pid " + dir.resolve("nginx.pid") + ";")
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        Nginx nginx = new Nginx(process, List.copyOf(ports), dir);
        for (int port : ports) {
            if (!Ports.awaitListening(port, 20, TimeUnit.SECONDS) || !process.isAlive()) {
                nginx.close();
                throw new AssertionError("nginx did not listen on " + port + ":\n"
                        + Files.readString(dir.resolve("nginx.out")) + Files.readString(dir.resolve("error.log")));
            }
        }
        return nginx;
    }

    List<Integer> ports() {
        return ports;
    }

    Set<Integer> portSet() {
        return Set.copyOf(ports);
    }

    Path dir() {
        return dir;
    }

    /** Stops the master (SIGTERM: a fast shutdown), which stops its worker. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            List<ProcessHandle> workers = process.descendants().toList();
            process.destroyForcibly();
            workers.forEach(ProcessHandle::destroyForcibly);
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
