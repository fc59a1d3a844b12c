package dev.bascule.dist.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.dist.reliability.ProxyProcess.Kind;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server that misbehaves in each of the ways HAProxy answers 502 or 504 to (and two where the
 * answer had begun): the status line the client gets and whether its connection closes must be
 * HAProxy's, on the same configuration with {@code timeout server 1s}.
 */
@Timeout(120)
final class ReliabilityBadServerIT {
    private static final int SERVER_TIMEOUT_MILLIS = 1_000;

    /** Each misbehaviour, by the path that leads to its backend. */
    private static final Map<String, ScriptedServer.Behaviour> BEHAVIOURS = new LinkedHashMap<>();

    static {
        BEHAVIOURS.put("/closes", (socket, in, out) -> {
            ScriptedServer.readHead(in);
        });
        BEHAVIOURS.put("/garbage", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            out.write("this is no HTTP\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            awaitClose(socket, in);
        });
        BEHAVIOURS.put("/big-head", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            out.write(("HTTP/1.1 200 OK\r\nX-Big: " + "x".repeat(20_000) + "\r\nContent-Length: 2\r\n\r\nok")
                    .getBytes(StandardCharsets.ISO_8859_1));
            awaitClose(socket, in);
        });
        BEHAVIOURS.put("/cut-chunks", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(100);
        });
        BEHAVIOURS.put("/cut-length", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread.sleep(100);
        });
        BEHAVIOURS.put("/silent", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            awaitClose(socket, in);
        });
        BEHAVIOURS.put("/resets", (socket, in, out) -> {
            ScriptedServer.readHead(in);
            socket.setSoLinger(true, 0);
        });
    }

    @Test
    void misbehavingServersGetHaproxysAnswers(@TempDir Path temp) throws Exception {
        List<ScriptedServer> servers = new ArrayList<>();
        Map<Kind, Map<String, String>> outcomes = new EnumMap<>(Kind.class);
        long leaks;
        String summary;
        try {
            for (Map.Entry<String, ScriptedServer.Behaviour> behaviour : BEHAVIOURS.entrySet()) {
                servers.add(ScriptedServer.start(behaviour.getKey().substring(1), behaviour.getValue()));
            }
            for (Kind kind : ProxyProcess.BOTH) {
                int port = Ports.free();
                ProxyProcess proxy = ProxyProcess.start(kind, temp, config(port, servers), port);
                Map<String, String> answers = new LinkedHashMap<>();
                try {
                    for (String path : BEHAVIOURS.keySet()) {
                        answers.put(path, outcome(port, path));
                    }
                    AfterLoad.answer(proxy, port, "/closes");
                } finally {
                    proxy.close();
                }
                outcomes.put(kind, answers);
                leaks = proxy.leaks();
                summary = proxy.summary(12);
                if (kind == Kind.BASCULE) {
                    print(outcomes, leaks);
                    assertThat(outcomes.get(Kind.BASCULE)).as("what the client got, per misbehaviour; Bascule's"
                            + " output, line by line:%n%s", summary).isEqualTo(outcomes.get(Kind.HAPROXY));
                    assertThat(leaks).as("LEAK lines in Bascule's output:%n%s", summary).isZero();
                }
            }
        } finally {
            servers.forEach(ScriptedServer::close);
        }
    }

    private static void print(Map<Kind, Map<String, String>> outcomes, long leaks) {
        StringBuilder line = new StringBuilder("reliability bad-server:");
        for (String path : BEHAVIOURS.keySet()) {
            line.append(' ').append(path).append(" bascule [").append(outcomes.get(Kind.BASCULE).get(path))
                    .append("] haproxy [").append(outcomes.get(Kind.HAPROXY).get(path)).append("];");
        }
        System.out.println(line.append(" leaks ").append(leaks));
    }

    /** Waits until the proxy closes its side (at most 10 s). */
    private static void awaitClose(Socket socket, InputStream in) throws IOException {
        socket.setSoTimeout(10_000);
        try {
            while (in.read() >= 0) {
                // what the proxy still sends is dropped
            }
        } catch (SocketTimeoutException enough) {
            // the proxy kept it open: the test is over for this connection anyway
        }
    }

    /** The status line the client got and what became of its connection, for one keep-alive GET. */
    private static String outcome(int port, String path) throws IOException {
        try (HttpConnection connection = HttpConnection.open(port, 5 * SERVER_TIMEOUT_MILLIS)) {
            connection.send(HttpConnection.get(path, false));
            HttpConnection.Response response;
            try {
                response = connection.read();
            } catch (EOFException e) {
                return "closed without an answer";
            } catch (SocketTimeoutException e) {
                return "no answer within " + 5 * SERVER_TIMEOUT_MILLIS + " ms";
            } catch (IOException e) {
                return "reset without an answer";
            }
            return response.statusLine() + (response.complete() ? "" : ", body cut")
                    + (connection.closedWithin(1_500) ? ", closed" : ", kept open");
        }
    }

    private static String config(int port, List<ScriptedServer> servers) {
        StringBuilder config = new StringBuilder(String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 10s",
                "    timeout server " + SERVER_TIMEOUT_MILLIS + "ms",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                ""));
        List<String> paths = new ArrayList<>(BEHAVIOURS.keySet());
        for (String path : paths) {
            config.append("    use_backend ").append(path.substring(1)).append(" if { path ").append(path).append(" }\n");
        }
        config.append("    default_backend closes\n");
        for (int i = 0; i < paths.size(); i++) {
            config.append("backend ").append(paths.get(i).substring(1)).append('\n')
                    .append("    server s 127.0.0.1:").append(servers.get(i).port()).append('\n');
        }
        return config.toString();
    }
}
