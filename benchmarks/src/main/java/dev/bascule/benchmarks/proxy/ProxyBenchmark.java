package dev.bascule.benchmarks.proxy;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.benchmarks.AbstractLbBenchmark;
import dev.bascule.benchmarks.rules.SeedRulesBenchmark;
import dev.bascule.core.Bascule;
import dev.bascule.core.Transport;
import dev.bascule.core.runtime.ProxyRuntime;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A whole request through the proxy, in one JVM: a keep-alive client connection sends
 * {@code GET /} to Bascule's transport (one event loop, the seed's rules on the way), which
 * forwards it to a Netty origin answering {@code ok}. One operation is one request and its
 * response. The allocation per operation counts every thread (client, proxy, origin).
 */
@State(Scope.Benchmark)
public class ProxyBenchmark extends AbstractLbBenchmark {
    private static final byte[] REQUEST = ("GET /index.html?x=1 HTTP/1.1\r\nHost: www.backend2.co.kr\r\n"
            + "User-Agent: jmh\r\nAccept: */*\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private EventLoopGroup originGroup;
    private Channel origin;
    private Transport transport;
    private Socket client;
    private OutputStream out;
    private InputStream in;
    private final byte[] buffer = new byte[8192];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        originGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        origin = new ServerBootstrap().group(originGroup).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536), new Ok());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        int originPort = ((InetSocketAddress) origin.localAddress()).getPort();
        int port = freePort();
        String config = String.join("\n",
                "global",
                "    nbthread 1",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                "    option forwardfor",
                "    http-request add-header X-Forwarded-Proto https",
                "    acl restricted hdr(host) -i www.backend1.co.kr",
                "    acl back2 hdr_end(host) -i www.backend2.co.kr",
                "    use_backend be if back2",
                "    http-request deny if restricted",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + originPort,
                "");
        ProxyRuntime runtime = Bascule.load(SeedRulesBenchmark.builtIns(), List.of(new ConfigSource("bench.cfg",
                config)), Map.of()).runtime().orElseThrow();
        transport = Bascule.newTransport();
        transport.start(runtime);
        client = new Socket("127.0.0.1", port);
        client.setTcpNoDelay(true);
        out = client.getOutputStream();
        in = client.getInputStream();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** One request and its whole response; returns the status code. */
    @Benchmark
    public int request() throws IOException {
        out.write(REQUEST);
        out.flush();
        return readResponse();
    }

    /** Reads a response with a Content-Length body, without allocating; returns its status. */
    private int readResponse() throws IOException {
        int length = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                throw new IOException("connection closed");
            }
            length += read;
            headEnd = indexOfBlankLine(length);
        }
        int status = (buffer[9] - '0') * 100 + (buffer[10] - '0') * 10 + (buffer[11] - '0');
        int body = contentLength(headEnd);
        int total = headEnd + 4 + body;
        while (length < total) {
            int read = in.read(buffer, length, buffer.length - length);
            if (read < 0) {
                throw new IOException("connection closed");
            }
            length += read;
        }
        return status;
    }

    private int indexOfBlankLine(int length) {
        for (int i = 3; i < length; i++) {
            if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                return i - 3;
            }
        }
        return -1;
    }

    private int contentLength(int headEnd) {
        byte[] name = "\ncontent-length:".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + name.length < headEnd; i++) {
            for (int j = 0; j < name.length; j++) {
                if (Character.toLowerCase(buffer[i + j]) != name[j]) {
                    continue outer;
                }
            }
            int value = 0;
            for (int k = i + name.length; k < headEnd && buffer[k] != '\r'; k++) {
                if (buffer[k] >= '0' && buffer[k] <= '9') {
                    value = value * 10 + buffer[k] - '0';
                }
            }
            return value;
        }
        return 0;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (client != null) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
        if (origin != null) {
            origin.close().sync();
        }
        if (originGroup != null) {
            originGroup.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).sync();
        }
    }

    /** Answers {@code ok} to every request, keeping the connection. */
    private static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                    Unpooled.wrappedBuffer(OK));
            response.headers().set("content-length", 3).set("x-backend", "b1");
            ctx.writeAndFlush(response);
        }

        private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    }
}
