package dev.bascule.core;

import dev.bascule.core.cli.Console;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code -D}: a JVM cannot fork, so the process starts a copy of itself in a new session, waits
 * until that copy reports its listeners open (or dies), and exits with 0 (or the copy's status).
 */
final class Daemon {
    private static final String READY = "BASCULE-READY";

    private Daemon() {
    }

    static int detach(String[] args, Console console) {
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.add(ProcessHandle.current().info().command().orElse(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Bascule.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().put(Bascule.DAEMON_CHILD, "1");
        Process child;
        try {
            child = builder.start();
        } catch (IOException e) {
            console.alert("cannot start the daemon process: " + e.getMessage());
            return 1;
        }
        // the child's start-up messages reach the caller through this process, so that the
        // child holds none of the caller's descriptors once it is on its own
        Thread relay = new Thread(() -> {
            try (InputStream errors = child.getErrorStream()) {
                errors.transferTo(System.err);
            } catch (IOException ignored) {
                // the child let go of its stderr
            }
        }, "bascule-daemon-stderr");
        relay.setDaemon(true);
        relay.start();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.equals(READY)) {
                    return 0;
                }
            }
            int status = child.waitFor();
            relay.join(1_000);
            return status;
        } catch (IOException e) {
            console.alert("lost the daemon process: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** In the daemon's child: tell the parent the listeners are open, then let go of its pipes, as HAProxy closes its stdio. */
    static void signalReady() {
        System.out.println(READY);
        System.out.flush();
        System.out.close();
        System.err.close();
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        System.setErr(new PrintStream(OutputStream.nullOutputStream()));
    }
}
