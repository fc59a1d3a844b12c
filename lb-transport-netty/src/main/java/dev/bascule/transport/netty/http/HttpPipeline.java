package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.FrontendRuntime;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;

/** Builds the pipeline of a client connection in HTTP mode. */
public final class HttpPipeline {
    /** HAProxy's default {@code tune.bufsize}: a request head must fit in it. */
    static final int BUFFER_SIZE = 16_384;

    private HttpPipeline() {
    }

    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 Class<? extends SocketChannel> socketChannel, ChannelHandler connectionCounter) {
        HttpFrontendHandler handler = new HttpFrontendHandler(frontend, socketChannel, connectionCounter);
        pipeline.addLast(connectionCounter,
                new RawBytesMarker(handler),
                new HttpServerCodec(BUFFER_SIZE, BUFFER_SIZE, BUFFER_SIZE),
                new ResponseSize(handler),
                handler);
    }
}
