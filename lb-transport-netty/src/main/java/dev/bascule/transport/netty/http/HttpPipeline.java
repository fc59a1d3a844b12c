package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.FrontendRuntime;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;

/** Builds the pipeline of a client connection in HTTP mode. */
public final class HttpPipeline {
    private HttpPipeline() {
    }

    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 Class<? extends SocketChannel> socketChannel, ChannelHandler connectionCounter) {
        H1ResponseEncoder encoder = new H1ResponseEncoder();
        HttpFrontendHandler handler = new HttpFrontendHandler(frontend, socketChannel, connectionCounter, encoder);
        // named: Netty would otherwise make up a name for each handler of each connection
        pipeline.addLast("connections", connectionCounter);
        pipeline.addLast("bytes", new RawBytesMarker(handler));
        pipeline.addLast("decoder", H1Decoder.requests());
        pipeline.addLast("encoder", encoder);
        pipeline.addLast("http", handler);
    }
}
