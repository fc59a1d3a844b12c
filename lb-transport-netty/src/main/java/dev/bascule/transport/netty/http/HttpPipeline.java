package dev.bascule.transport.netty.http;

import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.Nullable;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.stats.ListenerCounters;
import dev.bascule.transport.netty.ServerDialer;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelPipeline;

/** Builds the pipeline of a client connection in HTTP mode. */
public final class HttpPipeline {
    private HttpPipeline() {
    }

    /** With HAProxy's default buffer sizes. */
    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 ServerDialer dialer, ChannelHandler connectionCounter) {
        configure(pipeline, frontend, dialer, connectionCounter, HttpTuning.DEFAULT);
    }

    /** With {@code tune.bufsize}, {@code tune.maxrewrite} and {@code tune.http.maxhdr} from {@code tuning}. */
    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 ServerDialer dialer, ChannelHandler connectionCounter,
                                 HttpTuning tuning) {
        configure(pipeline, frontend, dialer, connectionCounter, tuning, null);
    }

    /** With the counters of the accepting listener ({@code option socket-stats}; null: none). */
    public static void configure(ChannelPipeline pipeline, FrontendRuntime frontend,
                                 ServerDialer dialer, ChannelHandler connectionCounter,
                                 HttpTuning tuning, @Nullable ListenerCounters listener) {
        H1ResponseEncoder encoder = new H1ResponseEncoder();
        HttpFrontendHandler handler = new HttpFrontendHandler(frontend, dialer, connectionCounter, encoder,
                tuning, listener);
        // named: Netty would otherwise make up a name for each handler of each connection
        pipeline.addLast("connections", connectionCounter);
        pipeline.addLast("bytes", new RawBytesMarker(handler));
        pipeline.addLast("decoder", H1Decoder.requests(tuning));
        pipeline.addLast("encoder", encoder);
        pipeline.addLast("http", handler);
    }
}
