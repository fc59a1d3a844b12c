package dev.bascule.dist;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP origin for tests, on 127.0.0.1 and a free port: answers every request with its own
 * body echoed back (chunked when the request carries {@code x-chunked: 1}, else with a length),
 * an {@code x-origin} header naming it, and the request head it received in {@code x-seen-*}
 * headers; {@code /health} answers with an empty body and the status set by {@link #health}. Counts
 * the connections it accepted.
 */
final class TestOrigin implements AutoCloseable {
    private static final int MAX_BODY = 32 * 1024 * 1024;

    private final String name;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel listener;
    private final AtomicInteger connections = new AtomicInteger();
    private final java.util.Set<Channel> children = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<List<String>> requestHeads = new CopyOnWriteArrayList<>();

    private volatile HttpResponseStatus health = HttpResponseStatus.OK;

    TestOrigin(String name) throws InterruptedException {
        this(name, 0);
    }

    /** An origin on a given port, to restart one where it was. */
    TestOrigin(String name, int port) throws InterruptedException {
        this(name, "127.0.0.1", port);
    }

    /** An origin on another loopback address ({@code 127.0.0.2}...), as name resolution may give. */
    TestOrigin(String name, String host, int port) throws InterruptedException {
        this.name = name;
        listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        connections.incrementAndGet();
                        children.add(channel);
                        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY),
                                new Echo());
                    }
                })
                .bind(new InetSocketAddress(host, port)).sync().channel();
    }

    int port() {
        return ((InetSocketAddress) listener.localAddress()).getPort();
    }

    /** What {@code /health} answers from now on (200 at first). */
    void health(HttpResponseStatus status) {
        health = status;
    }

    int connections() {
        return connections.get();
    }

    /** The connections open now. */
    int openConnections() {
        return (int) children.stream().filter(Channel::isActive).count();
    }

    List<String> requestLines() {
        return requestLines;
    }

    /** The header lines of each request received, in order, as {@code name: value} with the name lower-cased. */
    List<List<String>> requestHeads() {
        return requestHeads;
    }

    @Override
    public void close() {
        if (group.isShuttingDown()) {
            return;
        }
        listener.close().syncUninterruptibly();
        // like a process that dies: every connection it had closes now
        children.forEach(child -> child.close().syncUninterruptibly());
        group.shutdownGracefully(0, 100, java.util.concurrent.TimeUnit.MILLISECONDS).syncUninterruptibly();
    }

    private final class Echo extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
            requestLines.add(request.method() + " " + request.uri() + " " + request.protocolVersion());
            List<String> received = new java.util.ArrayList<>();
            request.headers().forEach(header -> received.add(header.getKey().toLowerCase(java.util.Locale.ROOT)
                    + ": " + header.getValue()));
            requestHeads.add(List.copyOf(received));
            boolean keepAlive = HttpUtil.isKeepAlive(request);
            if (request.uri().equals("/health")) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, health);
                HttpUtil.setContentLength(response, 0);
                finish(ctx.writeAndFlush(response), keepAlive);
                return;
            }
            ByteBuf body = request.content().retain();
            if ("1".equals(request.headers().get("x-chunked"))) {
                HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
                decorate(head, request);
                HttpUtil.setTransferEncodingChunked(head, true);
                ctx.write(head);
                int chunk = 8192;
                while (body.readableBytes() > chunk) {
                    ctx.write(new DefaultHttpContent(body.readRetainedSlice(chunk)));
                }
                ctx.write(new DefaultHttpContent(body.readRetainedSlice(body.readableBytes())));
                body.release();
                finish(ctx.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT), keepAlive);
            } else {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
                decorate(response, request);
                HttpUtil.setContentLength(response, body.readableBytes());
                finish(ctx.writeAndFlush(response), keepAlive);
            }
        }

        private void decorate(HttpResponse response, FullHttpRequest request) {
            response.headers().set("x-origin", name);
            for (String header : List.of("x-str1", "x-beg1", "x-keep", "set-cookie", "connection")) {
                String value = request.headers().get("x-reply-" + header);
                if (value != null) {
                    response.headers().set(header, value);
                }
            }
            response.headers().set("x-seen-uri", request.uri());
            String host = request.headers().get(HttpHeaderNames.HOST);
            if (host != null) {
                response.headers().set("x-seen-host", host);
            }
        }

        private void finish(io.netty.channel.ChannelFuture future, boolean keepAlive) {
            if (!keepAlive) {
                future.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
