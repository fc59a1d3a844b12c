package dev.bascule.config.haproxy.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Self-signed certificates made by the {@code openssl} command, for tests: this module's and, through
 * its test-jar, lb-dist's.
 */
public final class TestCertificates {
    private TestCertificates() {
    }

    /**
     * Writes {@code <name>.crt} and {@code <name>.key} into {@code directory}.
     *
     * @param keyType an {@code openssl req -newkey} argument: {@code rsa:2048}, {@code ec}
     * @param names   subject alternative DNS names; the first is also the common name
     */
    public static void create(Path directory, String name, String keyType, String... names)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", keyType));
        if (keyType.equals("ec")) {
            command.addAll(List.of("-pkeyopt", "ec_paramgen_curve:prime256v1"));
        }
        command.addAll(List.of("-nodes", "-days", "2", "-subj", "/CN=" + names[0],
                "-keyout", directory.resolve(name + ".key").toString(),
                "-out", directory.resolve(name + ".crt").toString()));
        if (names.length > 1) {
            command.addAll(List.of("-addext", "subjectAltName=DNS:" + String.join(",DNS:", names)));
        }
        run(command);
    }

    /** HAProxy's PEM: certificate then key, in one file. */
    public static Path pem(Path directory, String name, String keyType, String... names)
            throws IOException, InterruptedException {
        create(directory, name, keyType, names);
        Path pem = directory.resolve(name + ".pem");
        Files.writeString(pem, Files.readString(directory.resolve(name + ".crt"))
                + Files.readString(directory.resolve(name + ".key")));
        return pem;
    }

    public static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
    }
}
