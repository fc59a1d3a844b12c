package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

final class HttpFrontendHandlerTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    @Test
    void malformedRequestGetsHaproxys400AndTheConnectionCloses() {
        EmbeddedChannel channel = channel(frontend(List.of()));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\nbad header line\r\n\r\n"));
        // the raw message of HAProxy's H1 layer, as haproxy 2.6.12 sends it for a bad request
        assertThat(readAll(channel)).isEqualTo("HTTP/1.1 400 Bad request\r\n"
                + "Content-length: 90\r\n"
                + "Cache-Control: no-cache\r\n"
                + "Connection: close\r\n"
                + "Content-Type: text/html\r\n"
                + "\r\n"
                + "<html><body><h1>400 Bad request</h1>\nYour browser sent an invalid request.\n</body></html>\n");
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void noBackendGets503AndKeepsTheConnection() {
        EmbeddedChannel channel = channel(frontend(List.of()));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(channel)).startsWith("HTTP/1.1 503 Service Unavailable\r\ncontent-length: 107\r\n");
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(ascii("GET /again HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(channel)).startsWith("HTTP/1.1 503 Service Unavailable\r\n");
        channel.finishAndReleaseAll();
    }

    @Test
    void httpRequestReturnAnswersLikeHaproxy() {
        HttpRequestRule rule = new HttpRequestRule(new ActionCall("return", List.of("content-type", "text/plain",
                "string", "hi\n", "hdr", "x-a", "b")), HERE);
        EmbeddedChannel channel = channel(frontend(List.of(rule)));
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        assertThat(readAll(channel)).isEqualTo(
                "HTTP/1.1 200 OK\r\nx-a: b\r\ncontent-length: 3\r\ncontent-type: text/plain\r\n\r\nhi\n");
        assertThat(channel.isOpen()).isTrue();
        channel.writeInbound(ascii("GET / HTTP/1.0\r\n\r\n"));
        assertThat(readAll(channel)).isEqualTo("HTTP/1.1 200 OK\r\nx-a: b\r\ncontent-length: 3\r\n"
                + "content-type: text/plain\r\nconnection: close\r\n\r\nhi\n");
        channel.runPendingTasks();
        assertThat(channel.isOpen()).isFalse();
        channel.finishAndReleaseAll();
    }

    @Test
    void requestBodyIsDrainedBeforeTheNextRequest() {
        HttpRequestRule rule = new HttpRequestRule(new ActionCall("return", List.of()), HERE);
        EmbeddedChannel channel = channel(frontend(List.of(rule)));
        channel.writeInbound(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /next HTTP/1.1\r\nHost: x\r\n\r\n"));
        String replies = readAll(channel);
        assertThat(replies.split("HTTP/1.1 200 OK", -1)).hasSize(3);
        channel.finishAndReleaseAll();
    }

    private static EmbeddedChannel channel(FrontendRuntime frontend) {
        EmbeddedChannel channel = new EmbeddedChannel();
        HttpPipeline.configure(channel.pipeline(), frontend, ServerDialer.nio(), new ChannelDuplexHandler());
        channel.pipeline().fireChannelActive();
        return channel;
    }

    private static FrontendRuntime frontend(List<HttpRequestRule> rules) {
        if (!rules.isEmpty()) {
            return HttpFixtures.frontend(HttpFixtures.policy(rules, List.of(), List.of(), false), Timeouts.none());
        }
        FrontendConfig config = new FrontendConfig("fe", ProxyMode.HTTP,
                List.of(new BindConfig(new ListenAddress.Inet("127.0.0.1", 8080), HERE)), Timeouts.none(),
                new HttpPolicy(rules, List.of(), List.of(), Optional.empty()), List.of(), Optional.empty(), HERE);
        LbConfig lb = new LbConfig(GlobalConfig.defaults(), List.of(config), List.of());
        return new RuntimeCompiler(TestingKeywordRegistry.empty()).compile(lb).runtime().orElseThrow().frontends().get(0);
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    private static String readAll(EmbeddedChannel channel) {
        StringBuilder out = new StringBuilder();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ByteBuf buf = (ByteBuf) message;
            out.append(buf.toString(StandardCharsets.US_ASCII));
            buf.release();
        }
        return out.toString();
    }
}
