package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoder around a protocol switch, as HAProxy 2.6's H1 parser: which requests may become
 * tunnels, what it refuses (a WebSocket handshake without key, a 101 the two sides did not agree
 * on), and the bytes after such a request or response left undecoded for the tunnel.
 */
final class H1DecoderTunnelTest {

    @Test
    void anUpgradeRequestMayTunnelAndWhatFollowsItWaits() {
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests());
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\nUpgrade: foo\r\n\r\n"
                + "GET /next HTTP/1.1\r\nHost: h\r\n\r\n"));
        List<Object> out = drain(channel);
        assertThat(out).hasSize(2);
        assertThat(out.get(0)).isInstanceOf(H1Decoder.TunnelRequest.class);
        assertThat(out.get(1)).isSameAs(LastHttpContent.EMPTY_LAST_CONTENT);
        // not a tunnel after all: the held request comes out
        H1Decoder decoder = channel.pipeline().get(H1Decoder.class);
        decoder.resume(channel.pipeline().context(decoder));
        out = drain(channel);
        assertThat(((HttpRequest) out.get(0)).uri()).isEqualTo("/next");
        assertThat(out.get(0)).isNotInstanceOf(H1Decoder.TunnelRequest.class);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void removingTheDecoderHandsOnTheBytesItHeld() {
        List<Object> passed = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
            }
        });
        channel.writeInbound(ascii("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n\u0016\u0003\u0001early"));
        assertThat(passed).hasSize(2);
        assertThat(passed.get(0)).isInstanceOf(H1Decoder.TunnelRequest.class);
        assertThat(((HttpRequest) passed.get(0)).headers().get("host")).isEqualTo("h");
        assertThat(((HttpRequest) passed.get(0)).uri()).isEqualTo("h:443");
        channel.pipeline().remove(H1Decoder.class);
        assertThat(passed).hasSize(3);
        ByteBuf raw = (ByteBuf) passed.get(2);
        assertThat(raw.toString(StandardCharsets.ISO_8859_1)).isEqualTo("\u0016\u0003\u0001early");
        raw.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void theClientsFinKeepsTheHeldBytes() {
        List<Object> passed = new ArrayList<>();
        EmbeddedChannel channel = new EmbeddedChannel(H1Decoder.requests(), new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                passed.add(msg);
            }

            @Override
            public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
                passed.add(event);
            }
        });
        channel.writeInbound(ascii("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: foo\r\n\r\nabc"));
        channel.pipeline().fireUserEventTriggered(ChannelInputShutdownEvent.INSTANCE);
        assertThat(passed).hasSize(3);
        assertThat(passed.get(2)).isSameAs(ChannelInputShutdownEvent.INSTANCE);
        channel.pipeline().remove(H1Decoder.class);
        ByteBuf raw = (ByteBuf) passed.get(3);
        assertThat(raw.toString(StandardCharsets.ISO_8859_1)).isEqualTo("abc");
        raw.release();
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void anUpgradeWithABodyIsNotOneAndLosesItsUpgrade() {
        List<Object> out = decode(H1Decoder.requests(),
                "POST / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: foo\r\nContent-Length: 2\r\n\r\nab");
        HttpRequest request = (HttpRequest) out.get(0);
        assertThat(request).isNotInstanceOf(H1Decoder.TunnelRequest.class);
        assertThat(request.headers().contains("upgrade")).isFalse();
        assertThat(request.headers().get("connection")).isEqualTo("upgrade");
    }

    @Test
    void aWebSocketHandshakeNeedsItsKey() {
        List<Object> out = decode(H1Decoder.requests(),
                "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Key: short\r\n\r\n");
        assertThat(((HttpObject) out.get(0)).decoderResult().isFailure()).isTrue();
        assertThat(((H1Exception) ((HttpObject) out.get(0)).decoderResult().cause()).status()).isEqualTo(400);
        out = decode(H1Decoder.requests(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: h2c, WebSocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertThat(out.get(0)).isInstanceOf(H1Decoder.TunnelRequest.class);
        // an Upgrade that is not a WebSocket one needs no key
        out = decode(H1Decoder.requests(), "GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: h2c\r\n\r\n");
        assertThat(out.get(0)).isInstanceOf(H1Decoder.TunnelRequest.class);
    }

    @Test
    void a101StopsTheDecodingOfTheServersBytes() {
        H1Decoder decoder = H1Decoder.responses();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectResponseTo(tunnelRequest("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: foo\r\n\r\n"));
        channel.writeInbound(ascii("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: foo\r\n\r\n"
                + "HTTP/1.1 200 not a head\r\n\r\n"));
        List<Object> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(((HttpResponse) out.get(0)).status().code()).isEqualTo(101);
        assertThat(((HttpResponse) out.get(0)).headers().get("connection")).isEqualTo("Upgrade");
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    @Test
    void a101TheRequestDidNotAskForOrWithoutUpgradeIsABadResponse() {
        assertThat(responseStatus("GET / HTTP/1.1\r\nHost: h\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: foo\r\n\r\n")).isEqualTo(502);
        assertThat(responseStatus("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: foo\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: foo\r\n\r\n")).isEqualTo(502);
        assertThat(responseStatus("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n\r\n")).isEqualTo(502);
        assertThat(responseStatus("GET / HTTP/1.1\r\nHost: h\r\nConnection: upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n",
                "HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: websocket\r\n"
                        + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")).isEqualTo(101);
    }

    @Test
    void aConnectsSuccessIsATunnelItsFailureHasABody() {
        H1Decoder decoder = H1Decoder.responses();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectResponseTo(tunnelRequest("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"));
        channel.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nbytes"));
        List<Object> out = drain(channel);
        assertThat(out).hasSize(1);
        assertThat(channel.finishAndReleaseAll()).isFalse();

        decoder = H1Decoder.responses();
        channel = new EmbeddedChannel(decoder);
        decoder.expectResponseTo(tunnelRequest("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n"));
        channel.writeInbound(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 2\r\n\r\nno"));
        out = drain(channel);
        assertThat(out).hasSize(2);
        assertThat(out.get(1)).isInstanceOf(LastHttpContent.class);
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    private static int responseStatus(String request, String response) {
        H1Decoder decoder = H1Decoder.responses();
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        decoder.expectResponseTo(tunnelRequest(request));
        channel.writeInbound(ascii(response));
        List<Object> out = drain(channel);
        HttpResponse head = (HttpResponse) out.get(0);
        int status = head.decoderResult().isFailure() ? ((H1Exception) head.decoderResult().cause()).status()
                : head.status().code();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        return status;
    }

    /** The request as the client side's decoder makes it. */
    private static HttpRequest tunnelRequest(String text) {
        return (HttpRequest) decode(H1Decoder.requests(), text).get(0);
    }

    private static List<Object> decode(H1Decoder decoder, String text) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        channel.writeInbound(ascii(text));
        List<Object> out = drain(channel);
        for (Object message : out) {
            if (message instanceof LastHttpContent && ((LastHttpContent) message).content().isReadable()) {
                ((LastHttpContent) message).release();
            }
        }
        channel.finishAndReleaseAll();
        return out;
    }

    private static List<Object> drain(EmbeddedChannel channel) {
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        return out;
    }

    private static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.ISO_8859_1);
    }
}
