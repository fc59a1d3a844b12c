package dev.bascule.benchmarks.http;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.benchmarks.AbstractLbBenchmark;
import dev.bascule.benchmarks.rules.SeedRulesBenchmark;
import dev.bascule.core.Bascule;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.transport.netty.http.H1Decoder;
import dev.bascule.transport.netty.http.HeaderRewrites;
import dev.bascule.transport.netty.http.HttpActionContext;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.netty.handler.codec.http.LastHttpContent;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request head through the HTTP/1 path of the proxy, without sockets: decoded by Bascule's
 * strict parser ({@link H1Decoder}) from a pooled direct buffer as a socket read gives it,
 * rewritten as the proxy does (the section's {@code http-request add-header/set-header/del-header}
 * rules run through the action SPI as the transport runs them, {@code option forwardfor}, hop-by-hop headers), and encoded again for the server.
 * One operation is one head; the figure includes {@link EmbeddedChannel}'s own bookkeeping.
 */
@State(Scope.Thread)
public class HeadBenchmark extends AbstractLbBenchmark {
    static final String CONFIG = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 10s",
            "    timeout client 10m",
            "    timeout server 10m",
            "frontend fe",
            "    bind 127.0.0.1:8080",
            "    option forwardfor",
            "    http-request add-header X-Forwarded-Proto https",
            "    http-request set-header X-Proxy bascule",
            "    http-request del-header X-Debug",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:5655",
            "");

    /** What a browser sends, give or take. */
    static final byte[] REQUEST = ("GET /catalog/item.html?id=1234&ref=home HTTP/1.1\r\n"
            + "Host: www.backend2.co.kr\r\n"
            + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0\r\n"
            + "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
            + "Accept-Language: en-US,en;q=0.5\r\n"
            + "Accept-Encoding: gzip, deflate, br\r\n"
            + "Cookie: session=0123456789abcdef; theme=dark\r\n"
            + "X-Debug: 1\r\n"
            + "Connection: keep-alive\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);

    /** Which decoder: Bascule's, or Netty's own (for comparison; not what the proxy runs). */
    @Param({"bascule", "netty"})
    public String parser = "bascule";

    private EmbeddedChannel decoder;
    private EmbeddedChannel encoder;
    private HttpRules rules;
    private ByteBuf input;
    private HttpActionContext actions;

    @Setup
    public void setUp() throws Exception {
        Bascule.LoadOutcome outcome = Bascule.load(SeedRulesBenchmark.builtIns(),
                List.of(new ConfigSource("head.cfg", CONFIG)), Map.of());
        rules = outcome.runtime().orElseThrow(() -> new IllegalStateException(outcome.diagnostics().toString()))
                .frontends().get(0).http();
        decoder = new EmbeddedChannel(parser.equals("netty")
                ? new HttpRequestDecoder(new HttpDecoderConfig().setHeadersFactory(
                        DefaultHttpHeadersFactory.headersFactory().withValidation(false)))
                : H1Decoder.requests());
        encoder = new EmbeddedChannel(new HttpRequestEncoder());
        input = decoder.alloc().directBuffer(REQUEST.length).writeBytes(REQUEST);
        actions = HttpActionContext.of(decoder);
    }

    @TearDown
    public void tearDown() {
        input.release();
        decoder.finishAndReleaseAll();
        encoder.finishAndReleaseAll();
    }

    /** Returns the size of the head sent to the server. */
    @Benchmark
    public int parseRewriteEncode() {
        decoder.writeInbound(input.retainedDuplicate());
        HttpRequest request = decoder.readInbound();
        LastHttpContent last = decoder.readInbound();
        for (int i = 0; i < rules.requestCount(); i++) {
            actions.run(rules.request(i), request, null);
        }
        request.headers().add(rules.forwardFor().header(), "127.0.0.1");
        HeaderRewrites.prepareForServer(request);
        encoder.writeOutbound(request, last);
        int size = 0;
        ByteBuf out;
        while ((out = encoder.readOutbound()) != null) {
            size += out.readableBytes();
            out.release();
        }
        return size;
    }

    /** The head the server gets (for the sanity test). */
    String encodedOnce() {
        decoder.writeInbound(Unpooled.wrappedBuffer(REQUEST));
        HttpRequest request = decoder.readInbound();
        LastHttpContent last = decoder.readInbound();
        for (int i = 0; i < rules.requestCount(); i++) {
            actions.run(rules.request(i), request, null);
        }
        request.headers().add(rules.forwardFor().header(), "127.0.0.1");
        HeaderRewrites.prepareForServer(request);
        encoder.writeOutbound(request, last);
        StringBuilder text = new StringBuilder();
        ByteBuf out;
        while ((out = encoder.readOutbound()) != null) {
            text.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        return text.toString();
    }
}
