package dev.bascule.transport.netty.http;

import dev.bascule.transport.netty.ServerDialer;
import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BackendLogConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.HealthCheckConfig;
import dev.bascule.api.config.HttpConnectionMode;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.HttpResponseRule;
import dev.bascule.api.config.HttpReuse;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.LogSettings;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.TcpPolicy;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.loader.SampleSyntax;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.builtin.action.BuiltinActionsPlugin;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** Frontends compiled from configuration records, and client connections to them on an {@link EmbeddedChannel}. */
final class HttpFixtures {
    static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    /** {@code balance first}: the first server of the backend, else none. */
    static final BalancingAlgorithmFactory FIRST = new BalancingAlgorithmFactory() {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public BalancingAlgorithm create(List<String> arguments) {
            return (snapshot, previous) -> context -> snapshot.servers().isEmpty() ? null : snapshot.servers().get(0);
        }
    };

    /** The loader's grammar for the rules' arguments, as far as these tests need it: log-format strings without tags. */
    private static final SampleSyntax LITERALS = new SampleSyntax() {
        @Override
        public LogFormat.Expression expression(String text, Phase phase) throws InvalidArgumentException {
            throw new InvalidArgumentException("no sample expression in these tests: " + text);
        }

        @Override
        public LogFormat format(String text, Phase phase) throws InvalidArgumentException {
            if (text.indexOf('%') >= 0) {
                throw new InvalidArgumentException("no log-format tag in these tests: " + text);
            }
            return LogFormat.literal(text);
        }

        /** Milliseconds, written as a number. */
        @Override
        public long timeMillis(String text) {
            return Long.parseLong(text);
        }

        /** Bytes, written as a number. */
        @Override
        public long size(String text) {
            return Long.parseLong(text);
        }

        /** Replies of their own: {@code status}, {@code content-type}, {@code string}, {@code hdr} with plain text. */
        @Override
        public Reply reply(List<String> words, int from, int defaultStatus, Phase phase, LbConfig config)
                throws InvalidArgumentException {
            int status = defaultStatus;
            Optional<String> contentType = Optional.empty();
            Optional<byte[]> body = Optional.empty();
            List<dev.bascule.api.config.HeaderField> headers = new java.util.ArrayList<>();
            int i = from;
            while (i + 1 < words.size()) {
                String value = words.get(i + 1);
                switch (words.get(i)) {
                    case "status" -> status = Integer.parseInt(value);
                    case "content-type" -> contentType = Optional.of(value);
                    case "string" -> body = Optional.of(value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    case "hdr" -> {
                        headers.add(new dev.bascule.api.config.HeaderField(value, words.get(i + 2)));
                        i++;
                    }
                    default -> {
                        return new Reply(new dev.bascule.api.config.HttpRequestAction.Return(status, contentType, body,
                                headers), false, i);
                    }
                }
                i += 2;
            }
            return new Reply(new dev.bascule.api.config.HttpRequestAction.Return(status, contentType, body, headers),
                    false, i);
        }
    };

    private HttpFixtures() {
    }

    /** HTTP rules of a section: request, response and after-response rules, with or without {@code option http-buffer-request}. */
    static HttpPolicy policy(List<HttpRequestRule> request, List<HttpResponseRule> response,
                             List<HttpResponseRule> afterResponse, boolean bufferRequest) {
        return new HttpPolicy(request, List.of(), response, Optional.empty(), bufferRequest, Optional.empty(),
                Optional.empty(), Optional.empty(), Map.of(), Optional.empty(), afterResponse, List.of(), Optional.empty(),
                Optional.empty(), List.of());
    }

    /** A frontend {@code fe} with these rules and timeouts, and its backends (the first is its default). */
    static FrontendRuntime frontend(HttpPolicy http, Timeouts timeouts, BackendConfig... backends) {
        return frontend(HttpConnectionMode.KEEP_ALIVE, http, timeouts, backends);
    }

    /** The same in this HTTP connection mode ({@code option http-server-close}...). */
    static FrontendRuntime frontend(HttpConnectionMode mode, HttpPolicy http, Timeouts timeouts, BackendConfig... backends) {
        FrontendConfig config = new FrontendConfig("fe", ProxyMode.HTTP,
                List.of(new BindConfig(new ListenAddress.Inet("127.0.0.1", 8080), HERE)), timeouts, http, List.of(),
                backends.length == 0 ? Optional.empty() : Optional.of(backends[0].name()), HERE, LogSettings.none(),
                OptionalInt.empty(), TcpPolicy.NONE, mode);
        LbConfig lb = new LbConfig(GlobalConfig.defaults(), List.of(config), List.of(backends));
        RuntimeCompiler.Result compiled = new RuntimeCompiler(TestingKeywordRegistry.withAlgorithms(FIRST)
                .plusActions(new BuiltinActionsPlugin().actions()), LITERALS).compile(lb);
        return compiled.runtime().orElseThrow(() -> new AssertionError(compiled.diagnostics())).frontends().get(0);
    }

    /** A backend without servers, with these rules. */
    static BackendConfig backend(String name, HttpPolicy http) {
        return new BackendConfig(name, ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE), List.of(), Optional.empty(),
                Timeouts.none(), 3, http, Optional.empty(), HERE);
    }

    /** A backend balancing {@code first} over {@code servers}, reusing idle connections as {@code reuse} says. */
    static BackendConfig backend(String name, HttpReuse reuse, ServerConfig... servers) {
        return backend(name, reuse, Timeouts.none(), servers);
    }

    /** The same, with these timeouts. */
    static BackendConfig backend(String name, HttpReuse reuse, Timeouts timeouts, ServerConfig... servers) {
        return new BackendConfig(name, ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE), List.of(servers),
                Optional.empty(), timeouts, 3, HttpPolicy.NONE, Optional.empty(), HERE,
                HealthCheckConfig.tcpConnect(HERE), Optional.empty(), OptionalInt.empty(), reuse);
    }

    /** A backend balancing {@code first} over {@code servers} in this HTTP connection mode, pretending keep-alive or not. */
    static BackendConfig backend(String name, HttpConnectionMode mode, boolean pretendKeepAlive, ServerConfig... servers) {
        return new BackendConfig(name, ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE), List.of(servers),
                Optional.empty(), Timeouts.none(), 3, HttpPolicy.NONE, Optional.empty(), HERE,
                HealthCheckConfig.tcpConnect(HERE), Optional.empty(), OptionalInt.empty(), HttpReuse.ALWAYS,
                TcpPolicy.NONE, BackendLogConfig.NONE, mode, pretendKeepAlive);
    }

    /** A server nothing listens on: only idle connections parked for it are ever used. */
    static ServerConfig server(String name) {
        return new ServerConfig(name, new ServerAddress("127.0.0.1", 9), 1, HERE);
    }

    /**
     * A connection to {@code server} parked in the calling thread's {@link BackendPool}, as one
     * left by an earlier exchange: what the proxy sends on it is read from its outbound side, what
     * the server answers is written to its inbound side.
     */
    static EmbeddedChannel idleServerConnection(ServerRuntime server) {
        H1Decoder decoder = H1Decoder.responses(HttpTuning.DEFAULT);
        EmbeddedChannel channel = new EmbeddedChannel(decoder, new H1RequestEncoder(),
                new HttpBackendHandler(server, decoder));
        BackendPool.current().offer(server, channel);
        return channel;
    }

    /** An active client connection to {@code frontend}. */
    static EmbeddedChannel channel(FrontendRuntime frontend) {
        EmbeddedChannel channel = new EmbeddedChannel();
        HttpPipeline.configure(channel.pipeline(), frontend, ServerDialer.nio(), new ChannelDuplexHandler());
        channel.pipeline().fireChannelActive();
        return channel;
    }

    static ByteBuf ascii(String text) {
        return Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII);
    }

    /** What the connection wrote so far. */
    static String readAll(EmbeddedChannel channel) {
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
