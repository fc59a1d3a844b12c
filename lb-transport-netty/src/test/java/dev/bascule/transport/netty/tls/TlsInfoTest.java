package dev.bascule.transport.netty.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TlsInfo} on the server side of a real handshake (local channels), with both providers. */
final class TlsInfoTest {
    /** What the server saw when the first bytes came. */
    record Seen(boolean tls, String serverName, String alpn, String data) {
    }

    private static TlsCertificate certificate(Path directory, String name, String... names) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2", "-subj", "/CN=" + names[0],
                "-keyout", directory.resolve(name + ".key").toString(),
                "-out", directory.resolve(name + ".crt").toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(directory.resolve(name + ".crt"))));
        String pem = Files.readString(directory.resolve(name + ".key"));
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der));
        return new TlsCertificate(directory.resolve(name + ".crt").toString(), List.of(certificate), key,
                List.of(names));
    }

    private static Seen exchange(TlsListener listener, String sni, String... alpn) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        try {
            CompletableFuture<Seen> seen = new CompletableFuture<>();
            LocalAddress address = new LocalAddress(TlsInfoTest.class);
            Channel server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                                @Override
                                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                    Channel client = ctx.channel();
                                    String data = ((io.netty.buffer.ByteBuf) msg).toString(StandardCharsets.US_ASCII);
                                    ReferenceCountUtil.release(msg);
                                    seen.complete(new Seen(TlsInfo.isTls(client), TlsInfo.serverName(client),
                                            TlsInfo.alpn(client), data));
                                }
                            });
                            listener.configure(channel.pipeline());
                        }
                    }).bind(address).sync().channel();
            SslContextBuilder clientBuilder = SslContextBuilder.forClient()
                    .trustManager(InsecureTrustManagerFactory.INSTANCE);
            if (alpn.length > 0) {
                clientBuilder.applicationProtocolConfig(new ApplicationProtocolConfig(
                        ApplicationProtocolConfig.Protocol.ALPN,
                        ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                        ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn));
            }
            SslContext clientContext = clientBuilder.build();
            Channel client = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(sni == null ? clientContext.newHandler(channel.alloc())
                                    : clientContext.newHandler(channel.alloc(), sni, 443));
                        }
                    }).connect(address).sync().channel();
            client.writeAndFlush(Unpooled.copiedBuffer("hello", StandardCharsets.US_ASCII));
            Seen result = seen.get(30, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync();
            return result;
        } finally {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
        }
    }

    @Test
    void theServerSideKnowsTheNameAndProtocolTheClientAskedFor(@TempDir Path directory) throws Exception {
        TlsSettings settings = new TlsSettings(List.of(certificate(directory, "a", "a.example"),
                certificate(directory, "b", "b.example", "*.b.example")), List.of("http/1.1"));
        for (TlsProvider provider : TlsProvider.values()) {
            if (provider == TlsProvider.OPENSSL && TlsProvider.best() != TlsProvider.OPENSSL) {
                continue;
            }
            TlsListener listener = TlsListener.create(settings, provider, 0);
            assertThat(exchange(listener, "WWW.b.Example", "h2", "http/1.1")).as(provider.name())
                    .isEqualTo(new Seen(true, "www.b.example", "http/1.1", "hello"));
            assertThat(exchange(listener, null)).as(provider.name()).isEqualTo(new Seen(true, null, null, "hello"));
        }
    }

    @Test
    void aClearTextChannelIsNotTls() {
        io.netty.channel.embedded.EmbeddedChannel channel = new io.netty.channel.embedded.EmbeddedChannel();
        assertThat(TlsInfo.isTls(channel)).isFalse();
        assertThat(TlsInfo.serverName(channel)).isNull();
        assertThat(TlsInfo.alpn(channel)).isNull();
        assertThat(channel.finish()).isFalse();
    }
}
