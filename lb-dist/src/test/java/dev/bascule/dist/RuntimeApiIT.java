package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.core.Versions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** {@code stats socket}: HAProxy's line protocol on a UNIX socket, with the mode asked for. */
@Timeout(30)
final class RuntimeApiIT {
    @Test
    void answersOnTheUnixSocketWithItsMode(@TempDir Path temp) throws Exception {
        Path socket = temp.resolve("stats.sock");
        try (Embedded bascule = Embedded.start(String.join("\n",
                "global",
                "    stats socket " + socket + " level admin mode 600",
                ""))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
            assertThat(ask(socket, "show version\n")).isEqualTo(Versions.bascule() + "\n\n");
            assertThat(ask(socket, "show info; show version\n"))
                    .startsWith("Name: Bascule\nVersion: " + Versions.bascule() + "\nPid: ")
                    .endsWith("\n\n" + Versions.bascule() + "\n\n");
            assertThat(ask(socket, "show bogus\n"))
                    .startsWith("Unknown command. Please enter one of the following commands only:\n")
                    .contains("  show info ");
        }
        assertThat(socket).doesNotExist();
    }

    private static String ask(Path socket, String command) throws IOException {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            channel.write(ByteBuffer.wrap(command.getBytes(StandardCharsets.UTF_8)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            while (channel.read(buffer) >= 0) {
                out.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }
}
