package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The runtime API's health and agent commands ({@code set server <b>/<s> health up|stopping|down},
 * {@code set server <b>/<s> agent up|down}, {@code agent-send}, {@code enable|disable health},
 * {@code enable|disable agent}) on HAProxy 2.6 and on Bascule: the same answers, and the same
 * {@code show servers state} after each (but the seconds since the last change).
 */
@Timeout(120)
final class RuntimeHealthCommandsDifferentialIT {
    @TempDir
    Path temp;

    private static final List<String> SCRIPT = List.of(
            "disable health be/s1", "show servers state be",
            "enable health be/s1", "enable health be/s3", "disable health be/s3", "show servers state be",
            "set server be/s1 health down", "show servers state be",
            "set server be/s1 health stopping", "show servers state be",
            "set server be/s1 health up", "show servers state be",
            "set server be/s1 health bogus",
            "set server be/s3 health down", "show servers state be",
            "set server be/s3 health up", "show servers state be",
            "set server be/s1 agent down", "enable agent be/s1", "disable agent be/s1",
            "set server be/s2 agent down", "show servers state be",
            "set server be/s2 agent sideways",
            "set server be/s2 agent up", "show servers state be",
            "set server be/s2 agent-send hello",
            "disable agent be/s2", "show servers state be",
            "set server be/s2 agent up", "set server be/s2 agent-send again",
            "enable agent be/s2", "show servers state be",
            "set server be/s1 state maint", "set server be/s1 health down", "show servers state be",
            "set server be/s1 state ready", "show servers state be");

    private static String config(Path socket, int port, int[] origins) {
        return String.join("\n",
                "global",
                "    stats socket " + socket + " level admin",
                "defaults",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 5s",
                "    timeout server 5s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    default_backend be",
                "backend be",
                // checks and agent far apart: only the commands change the states
                "    server s1 127.0.0.1:" + origins[0] + " check inter 1h",
                "    server s2 127.0.0.1:" + origins[1] + " check inter 1h agent-check agent-port " + origins[2]
                        + " agent-inter 1h",
                "    server s3 127.0.0.1:" + origins[2],
                "");
    }

    private static List<String> run(Path socket) throws Exception {
        // s1's first check runs at start (its origin does not listen: L4CON, DOWN); s2's comes in half an hour
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!RuntimeApiIT.ask(socket, "show servers state be\n").contains(" s1 127.0.0.1 0 0 1 1 ")) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("s1's first check did not take it DOWN");
            }
            Thread.sleep(50);
        }
        List<String> seen = new ArrayList<>();
        for (String command : SCRIPT) {
            String answer = RuntimeApiIT.ask(socket, command + "\n");
            if (command.startsWith("show servers state")) {
                // the seconds since the last change (10th field) differ from run to run
                StringBuilder masked = new StringBuilder();
                for (String line : answer.split("\n", -1)) {
                    String[] fields = line.split(" ");
                    if (fields.length > 10 && !line.startsWith("#")) {
                        fields[9] = "S";
                    }
                    masked.append(String.join(" ", fields)).append('\n');
                }
                answer = masked.toString();
            }
            seen.add("> " + command + "\n" + answer);
        }
        return seen;
    }

    @Test
    void sameAnswersAndStatesAsHaproxy() throws Exception {
        Assumptions.assumeTrue(ReferenceHaproxy.installed(), "haproxy 2.6 is not installed (/usr/sbin/haproxy)");
        int[] origins = {Embedded.freePort(), Embedded.freePort(), Embedded.freePort()};
        Path haproxyDir = Files.createDirectory(temp.resolve("haproxy"));
        Path haproxySocket = haproxyDir.resolve("stats.sock");
        List<String> haproxy = ReferenceHaproxy.run(haproxyDir, port -> config(haproxySocket, port, origins),
                port -> run(haproxySocket));
        Path basculeSocket = temp.resolve("bascule.sock");
        List<String> bascule = ReferenceHaproxy.runBascule(port -> config(basculeSocket, port, origins),
                port -> run(basculeSocket));
        assertThat(String.join("", bascule)).isEqualTo(String.join("", haproxy));
        // what the comparison covers
        assertThat(haproxy).contains("> enable health be/s3\nHealth check was not configured on this server, cannot"
                + " enable.\n\n", "> set server be/s1 agent down\nagent checks are not enabled on this server.\n\n");
    }
}
