package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Tunnels on the real HAProxy 2.6 and on Bascule, same configuration, same traffic: a WebSocket
 * echo server (Netty's {@link WebSocketServerProtocolHandler}) behind each, a client that sends
 * 10 MB of binary frames and reads the 10 MB echoed back at the same time; and timeouts of
 * tunnels ({@code timeout tunnel}, {@code timeout server-fin}, {@code timeout client-fin} in HTTP
 * and TCP modes). Compared: the 101 head the client gets, the bytes that come back, whether and
 * how the connection ends, and the log line's status, bytes, termination flags and request.
 */
@Timeout(240)
final class TunnelDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");
    private static final int FRAME = 64 * 1024;
    private static final int FRAMES = 160;
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    /** What one run gives: the observations of each scenario, then the log lines, as comparable text. */
    private record Outcome(List<String> observations, List<String> lines) {
    }

    @Test
    void tunnelsBehaveAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try (RawOrigin raw = new RawOrigin();
             DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            Channel websocket = websocketEcho(group);
            int echoPort = ((InetSocketAddress) websocket.localAddress()).getPort();
            syslog.setSoTimeout(20_000);
            Function<int[], String> config = ports -> config(ports, echoPort, raw.port(), syslog.getLocalPort());
            int[] haproxyPorts = freePorts(4);
            Path file = temp.resolve("haproxy.cfg");
            Files.writeString(file, config.apply(haproxyPorts));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            Outcome expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                expected = run(haproxyPorts, syslog);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = freePorts(4);
            Outcome actual;
            try (Embedded bascule = Embedded.start(config.apply(basculePorts))) {
                for (int port : basculePorts) {
                    CommandLineIT.awaitListening(port);
                }
                actual = run(basculePorts, syslog);
            }
            assertThat(actual.observations()).isEqualTo(expected.observations());
            assertThat(actual.lines()).isEqualTo(expected.lines());
            // and what they are, so that a change on both sides is seen
            assertThat(expected.observations().get(0)).startsWith("HTTP/1.1 101 Switching Protocols\r\n")
                    .contains("echoed " + FRAMES * FRAME + " bytes, same digest: true");
            assertThat(expected.lines().get(0)).startsWith("ws be_ws/s1 101 ").endsWith(" ---- \"GET /ws HTTP/1.1\"");
            assertThat(expected.lines().subList(1, 5)).allSatisfy(line -> assertThat(line).matches(".* [cs]D.*"));
            assertThat(expected.observations().subList(1, 5)).allSatisfy(seen -> assertThat(seen).contains("within 5 s"));
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /**
     * {@code option abortonclose}: a client that closes while its request waits for a server
     * connection (here: refused, retried after HAProxy's one-second turn-around). HAProxy 2.6.12
     * aborts the request ({@code CC}) only when the frontend has the option too (from defaults),
     * else it goes on and answers 503 after its retries.
     */
    @Test
    void abortOnCloseAsHaproxys(@TempDir Path temp) throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        int refused = Embedded.freePort();
        try (DatagramSocket syslog = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            syslog.setSoTimeout(20_000);
            Function<int[], String> config = ports -> "global\n"
                    + "    log 127.0.0.1:" + syslog.getLocalPort() + " local0\n"
                    + "defaults\n"
                    + "    mode http\n"
                    + "    log global\n"
                    + "    option httplog\n"
                    + "    option dontlognull\n"
                    + "    option abortonclose\n"
                    + "    timeout connect 1s\n"
                    + "    timeout client 10s\n"
                    + "    timeout server 10s\n"
                    + "    retries 2\n"
                    + "frontend both\n"
                    + "    bind 127.0.0.1:" + ports[0] + "\n"
                    + "    default_backend aborting\n"
                    + "backend aborting\n"
                    + "    server s1 127.0.0.1:" + refused + "\n"
                    + "frontend frontend_only\n"
                    + "    bind 127.0.0.1:" + ports[1] + "\n"
                    + "    default_backend patient\n"
                    + "backend patient\n"
                    + "    no option abortonclose\n"
                    + "    server s1 127.0.0.1:" + refused + "\n";
            int[] haproxyPorts = freePorts(2);
            Path file = temp.resolve("haproxy.cfg");
            Files.writeString(file, config.apply(haproxyPorts));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", file.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                for (int port : haproxyPorts) {
                    CommandLineIT.awaitListening(port);
                }
                expected = abortScenarios(haproxyPorts, syslog);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int[] basculePorts = freePorts(2);
            List<String> actual;
            try (Embedded bascule = Embedded.start(config.apply(basculePorts))) {
                for (int port : basculePorts) {
                    CommandLineIT.awaitListening(port);
                }
                actual = abortScenarios(basculePorts, syslog);
            }
            assertThat(actual).isEqualTo(expected);
            assertThat(expected).containsExactly(
                    "both aborting/s1 -1 0 CC-- \"GET /half HTTP/1.1\"",
                    "both aborting/s1 -1 0 CC-- \"GET /closed HTTP/1.1\"",
                    "frontend_only patient/s1 503 217 SC-- \"GET /half HTTP/1.1\"");
        }
    }

    /** A request then the client's FIN (half-closed, or closed), while the server refuses: the log lines. */
    private static List<String> abortScenarios(int[] ports, DatagramSocket syslog) throws Exception {
        drain(syslog);
        List<String> lines = new ArrayList<>();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
            socket.getOutputStream().write("GET /half HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            sleep(300);
            socket.shutdownOutput();
            lines.add(fields(receive(syslog)));
        }
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[0])) {
            socket.getOutputStream().write("GET /closed HTTP/1.1\r\nHost: h\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            sleep(300);
        }
        lines.add(fields(receive(syslog)));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), ports[1])) {
            socket.getOutputStream().write("GET /half HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            sleep(300);
            socket.shutdownOutput();
            lines.add(fields(receive(syslog)));
        }
        return lines;
    }

    private static String config(int[] ports, int echoPort, int rawPort, int syslogPort) {
        return "global\n"
                + "    log 127.0.0.1:" + syslogPort + " local0\n"
                + "defaults\n"
                + "    mode http\n"
                + "    log global\n"
                + "    option httplog\n"
                + "    option dontlognull\n"
                + "    timeout connect 5s\n"
                + "    timeout client 30s\n"
                + "    timeout server 30s\n"
                + "frontend ws\n"
                + "    bind 127.0.0.1:" + ports[0] + "\n"
                + "    default_backend be_ws\n"
                + "backend be_ws\n"
                + "    server s1 127.0.0.1:" + echoPort + "\n"
                + "frontend short\n"
                + "    bind 127.0.0.1:" + ports[1] + "\n"
                + "    default_backend be_short\n"
                + "backend be_short\n"
                + "    timeout tunnel 300ms\n"
                + "    timeout server-fin 300ms\n"
                + "    server s1 127.0.0.1:" + rawPort + "\n"
                + "listen tcp\n"
                + "    mode tcp\n"
                + "    option tcplog\n"
                + "    bind 127.0.0.1:" + ports[2] + "\n"
                + "    timeout tunnel 10s\n"
                + "    timeout client-fin 300ms\n"
                + "    timeout server-fin 300ms\n"
                + "    server s1 127.0.0.1:" + rawPort + "\n"
                // the fourth port is never used: the frontends above take fixed positions
                + "listen unused\n"
                + "    bind 127.0.0.1:" + ports[3] + "\n"
                + "    server s1 127.0.0.1:" + rawPort + "\n";
    }

    private static Outcome run(int[] ports, DatagramSocket syslog) throws Exception {
        drain(syslog);
        List<String> observations = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        observations.add(websocketEcho(ports[0]));
        lines.add(fields(receive(syslog)));
        // HTTP tunnel, nobody says anything: timeout tunnel
        observations.add(idle(ports[1], "GET /idle HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: raw\r\n\r\n",
                false, false));
        lines.add(fields(receive(syslog)));
        // HTTP tunnel, the client's FIN goes to the server, which keeps quiet: timeout server-fin
        observations.add(idle(ports[1], "GET /hold HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: raw\r\n\r\n",
                true, false));
        lines.add(fields(receive(syslog)));
        // TCP: the client's FIN goes to the server, which keeps quiet: timeout server-fin
        observations.add(idle(ports[2], "GET /hold HTTP/1.1\r\n\r\n", true, false));
        lines.add(fields(receive(syslog)));
        // TCP: the server's FIN goes to the client, which keeps quiet: timeout client-fin
        observations.add(idle(ports[2], "GET /fin HTTP/1.1\r\n\r\n", false, true));
        lines.add(fields(receive(syslog)));
        return new Outcome(observations, lines);
    }

    /**
     * A WebSocket handshake, then {@link #FRAMES} masked binary frames sent while the echoed ones
     * are read: the 101 head as it came, and whether the payload came back whole.
     */
    private static String websocketEcho(int port) throws Exception {
        byte[] payload = new byte[FRAME * FRAMES];
        new Random(13).nextBytes(payload);
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ws HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " + KEY + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            String head = head(in);
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < FRAMES; i++) {
                        // FIN + binary, masked with a zero key (the payload goes as it is), 64-bit length
                        out.write(new byte[] {(byte) 0x82, (byte) (0x80 | 127), 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0});
                        out.write(payload, i * FRAME, FRAME);
                    }
                    out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            MessageDigest echoed = MessageDigest.getInstance("SHA-256");
            long received = 0;
            byte[] buffer = new byte[FRAME];
            while (received < payload.length) {
                int first = in.readUnsignedByte();
                int second = in.readUnsignedByte();
                long length = second & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                assertThat(first & 0x0f).as("opcode").isEqualTo(2);
                while (length > 0) {
                    int n = in.read(buffer, 0, (int) Math.min(buffer.length, length));
                    assertThat(n).isPositive();
                    echoed.update(buffer, 0, n);
                    length -= n;
                    received += n;
                }
            }
            sending.get(30, TimeUnit.SECONDS);
            boolean same = MessageDigest.isEqual(echoed.digest(), digest(payload));
            // a close frame (masked, empty): the server answers it and closes
            out.write(new byte[] {(byte) 0x88, (byte) 0x80, 0, 0, 0, 0});
            out.flush();
            ByteArrayOutputStream rest = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                rest.write(b);
            }
            return head + "echoed " + received + " bytes, same digest: " + same + ", then "
                    + HexFormat.of().formatHex(rest.toByteArray()) + " and the end";
        }
    }

    /**
     * Sends {@code request}, reads what comes until the proxy ends the connection (within a
     * generous bound), shutting the sending side first when {@code shut}: what came and how it
     * ended. With {@code stay}, the end of what comes is a FIN: the connection then stays open,
     * quiet, for a second, so that the proxy's half-closed timeout ends it.
     */
    private static String idle(int port, String request, boolean shut, boolean stay) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            if (shut) {
                socket.shutdownOutput();
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            String end;
            long start = System.nanoTime();
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    got.write(buffer, 0, n);
                }
                end = "closed";
                if (stay) {
                    sleep(1000);
                }
            } catch (SocketTimeoutException e) {
                end = "still open after 10 s";
            } catch (IOException e) {
                end = "reset";
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            return got.toString(StandardCharsets.ISO_8859_1) + " / " + end
                    + (seconds < 5 ? " within 5 s" : " after " + seconds + " s");
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String head(DataInputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    private static byte[] digest(byte[] bytes) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(bytes);
    }

    /** A log line's frontend, backend/server, status, bytes, termination state and request (no timer, no date). */
    private static String fields(String line) {
        String body = line.substring(line.indexOf("]: ") + 3);
        String[] words = body.split(" ");
        // client [date] frontend backend/server timers status bytes ...
        if (body.contains("\"")) {
            return words[2] + " " + words[3] + " " + words[5] + " " + words[6] + " " + words[9] + " "
                    + body.substring(body.indexOf('"'));
        }
        // tcplog: client [date] frontend backend/server timers bytes state ...
        return words[2] + " " + words[3] + " " + words[5] + " " + words[6];
    }

    private static String receive(DatagramSocket syslog) throws IOException {
        byte[] buffer = new byte[4096];
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        syslog.receive(packet);
        return new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1).strip();
    }

    private static void drain(DatagramSocket syslog) throws IOException {
        syslog.setSoTimeout(300);
        try {
            while (true) {
                syslog.receive(new DatagramPacket(new byte[4096], 4096));
            }
        } catch (SocketTimeoutException done) {
            syslog.setSoTimeout(20_000);
        }
    }

    private static int[] freePorts(int count) {
        int[] ports = new int[count];
        for (int i = 0; i < count; i++) {
            ports[i] = Embedded.freePort();
        }
        return ports;
    }

    /** A WebSocket server on /ws that echoes every binary frame. */
    private static Channel websocketEcho(EventLoopGroup group) throws InterruptedException {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(8192),
                                new WebSocketServerProtocolHandler("/ws", null, false, FRAME),
                                new SimpleChannelInboundHandler<BinaryWebSocketFrame>() {
                                    @Override
                                    protected void channelRead0(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
                                        ctx.writeAndFlush(frame.retain());
                                    }
                                });
                    }
                })
                .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
    }

    /**
     * A server that reads a request head, answers a 101 and reads until the peer's FIN
     * ({@code /fin}: shutting its own sending side first; {@code /hold}: keeping its connection
     * open and quiet for 3 s after that FIN).
     */
    private static final class RawOrigin implements AutoCloseable {
        private final ServerSocket listener;
        private final Thread thread;

        RawOrigin() throws IOException {
            listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "raw-origin");
            thread.setDaemon(true);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    Thread connection = new Thread(() -> answer(socket), "raw-origin-connection");
                    connection.setDaemon(true);
                    connection.start();
                } catch (IOException e) {
                    // closed
                }
            }
        }

        private static void answer(Socket accepted) {
            try (Socket socket = accepted) {
                socket.setSoTimeout(20_000);
                DataInputStream in = new DataInputStream(socket.getInputStream());
                String head = head(in);
                socket.getOutputStream().write(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
                        + "Upgrade: raw\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                if (head.startsWith("GET /fin")) {
                    socket.shutdownOutput();
                }
                while (in.read() >= 0) {
                    // until the peer's FIN
                }
                if (head.startsWith("GET /hold")) {
                    // half-closed: quiet, for the proxy's server-fin timeout
                    sleep(3000);
                }
            } catch (IOException e) {
                // done
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
        }
    }
}
