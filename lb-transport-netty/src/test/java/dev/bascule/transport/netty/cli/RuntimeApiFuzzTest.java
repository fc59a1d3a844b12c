package dev.bascule.transport.netty.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.BalanceConfig;
import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ProxyMode;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.config.Timeouts;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.StickCounter;
import dev.bascule.api.testing.TestingKeywordRegistry;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;
import dev.bascule.core.rules.RuleCompiler;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.RuntimeCompiler;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.VariableStore;
import dev.bascule.core.sample.pattern.PatternRegistry;
import dev.bascule.core.stick.StickTable;
import dev.bascule.core.stick.StickTracker;
import dev.bascule.transport.netty.testing.TrackingAllocator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.embedded.EmbeddedChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fuzzes the runtime API (docs/fuzzing.md): {@link RuntimeApiHandler}'s line parsing ({@code ;},
 * blanks, backslashes, {@code <<} payloads, {@code prompt}) and the commands behind it
 * ({@code RuntimeCommands}, the stick-table and server commands), against a runtime with two
 * backends, ACLs, a map, a stick table and a process variable, built anew for each input. Each
 * line is handed to the handler as its line decoder would hand it, by calling it directly, so that
 * an exception reaches the fuzzer (the handler's {@code exceptionCaught} would only close the
 * connection). Every command line must get exactly one answer; a payload line none.
 *
 * <p>An input is the lines sent, followed by one byte choosing the socket's level (modulo 3:
 * user, operator, admin).
 */
final class RuntimeApiFuzzTest {
    private static final SourceLocation HERE = new SourceLocation("fuzz.cfg", 1);
    private static final String[] LEVELS = {"user", "operator", "admin"};
    /** lb-core's built-in plugins: the fetches, match methods and map converters. */
    private static final PluginRegistry PLUGINS = plugins();
    private static final Path MAP = mapFile();
    /** Picks the first server. */
    static final BalancingAlgorithmFactory FIRST = new BalancingAlgorithmFactory() {
        @Override
        public String name() {
            return "first";
        }

        @Override
        public BalancingAlgorithm create(List<String> arguments) {
            return (snapshot, previous) -> {
                ServerPicker picker = context -> snapshot.servers().isEmpty() ? null : snapshot.servers().get(0);
                return picker;
            };
        }
    };

    @FuzzTest(maxDuration = "20s")
    void commands(FuzzedDataProvider data) throws Exception {
        String level = LEVELS[data.consumeInt(0, LEVELS.length - 1)];
        byte[] input = data.consumeRemainingAsBytes();

        TrackingAllocator allocator = new TrackingAllocator();
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.config().setAllocator(allocator);
        RuntimeApiHandler.configure(channel.pipeline(), runtime(), level, System.currentTimeMillis(),
                StatsSocketConfig.DEFAULT_TIMEOUT.toMillis());
        RuntimeApiHandler handler = channel.pipeline().get(RuntimeApiHandler.class);
        ChannelHandlerContext context = channel.pipeline().context(handler);
        boolean gathering = false;
        for (byte[] line : lines(input)) {
            if (!channel.isOpen()) {
                break;
            }
            ByteBuf frame = allocator.buffer(line.length).writeBytes(line);
            try {
                handler.channelRead0(context, frame);
            } finally {
                frame.release();
            }
            String text = new String(line, StandardCharsets.UTF_8);
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            boolean payloadLine = gathering ? !text.isEmpty() : text.endsWith("<<");
            gathering = payloadLine;
            List<String> answers = answers(channel);
            assertThat(answers).as("answers to %s", text).hasSize(payloadLine ? 0 : 1);
        }
        channel.finishAndReleaseAll();
        assertThat(allocator.unreleased()).as("buffers still held once the channel is closed").isEmpty();
    }

    /** The complete lines, without their line feed (and a CR before it), as LineBasedFrameDecoder gives them. */
    private static List<byte[]> lines(byte[] input) {
        List<byte[]> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\n') {
                int end = i > start && input[i - 1] == '\r' ? i - 1 : i;
                lines.add(java.util.Arrays.copyOfRange(input, start, end));
                start = i + 1;
            }
        }
        return lines;
    }

    private static List<String> answers(EmbeddedChannel channel) {
        List<String> answers = new ArrayList<>();
        Object message;
        while ((message = channel.readOutbound()) != null) {
            ByteBuf answer = (ByteBuf) message;
            try {
                answers.add(answer.toString(StandardCharsets.UTF_8));
            } finally {
                answer.release();
            }
        }
        return answers;
    }

    /**
     * Two backends ({@code be}: {@code srv1}, {@code srv2}; {@code static}: {@code s1}), ACLs
     * {@code #0} ({@code path_beg}) and {@code #1} ({@code src}), the map {@code #2} read by the
     * {@code map} and {@code map_beg} converters, and the stick table {@code fe} holding one entry.
     */
    private static ProxyRuntime runtime() throws Exception {
        SampleHost host = new SampleHost();
        PatternRegistry patterns = host.patterns();
        RuleCompiler rules = new RuleCompiler(PLUGINS, host, new HashMap<>());
        rules.declare(new AclConfig("blocked", "path", List.of(), "beg", new MatchOptions(false),
                List.of("/admin", "/x"), HERE, List.of(), "path_beg", List.of()));
        rules.declare(new AclConfig("local", "src", List.of(), "ip", new MatchOptions(false),
                List.of("127.0.0.0/8", "::1"), HERE, List.of(), "src", List.of()));
        for (String converter : List.of("map", "map_beg")) {
            PLUGINS.sampleConverter(converter).orElseThrow().create(List.of(MAP.toString(), "none"),
                    host.context(HERE, false));
        }
        patterns.finish();

        BackendConfig be = new BackendConfig("be", ProxyMode.HTTP, new BalanceConfig("first", List.of(), HERE),
                List.of(new ServerConfig("srv1", new ServerAddress("127.0.0.1", 8081), 10, HERE),
                        new ServerConfig("srv2", new ServerAddress("127.0.0.1", 8082), 1, HERE)),
                Optional.empty(), Timeouts.none(), 3, HERE);
        BackendConfig other = new BackendConfig("static", ProxyMode.TCP, new BalanceConfig("first", List.of(), HERE),
                List.of(new ServerConfig("s1", new ServerAddress("::1", 9000), 1, HERE)),
                Optional.empty(), Timeouts.none(), 0, HERE);
        RuntimeCompiler.Result compiled = new RuntimeCompiler(TestingKeywordRegistry.withAlgorithms(FIRST))
                .compile(new LbConfig(GlobalConfig.defaults(), List.of(), List.of(be, other)));
        ProxyRuntime runtime = compiled.runtime().orElseThrow(() -> new AssertionError(compiled.diagnostics()));

        Map<String, StickTable> tables = new LinkedHashMap<>();
        StickTable table = new StickTable(new StickTableConfig("fe", StickTableConfig.KeyType.IP, 0, 100,
                Optional.of(Duration.ofSeconds(30)), false, List.of(
                        new StickTableConfig.Stored(StickCounter.HTTP_REQ_CNT, Optional.empty()),
                        new StickTableConfig.Stored(StickCounter.HTTP_REQ_RATE, Optional.of(Duration.ofSeconds(10)))),
                HERE));
        tables.put("fe", table);
        StickTracker tracker = new StickTracker(tables);
        tracker.track(false, 0, table, new Sample().setAddress(InetAddress.getByName("127.0.0.1")), true);
        tracker.endStream();
        // a process variable, as a connection of the configuration sets it
        new VariableStore(host.variables()).set("proc.fuzz", new Sample().setString("a\tb"));
        return new ProxyRuntime(runtime.global(), runtime.frontends(), runtime.backends(), runtime.log(), patterns,
                tables, host.variables());
    }

    private static PluginRegistry plugins() {
        try {
            return Plugins.load(RuntimeApiFuzzTest.class.getClassLoader(), Optional.empty());
        } catch (dev.bascule.core.plugin.PluginException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path mapFile() {
        try {
            Path file = Files.createTempFile("bascule-fuzz-", ".map");
            file.toFile().deleteOnExit();
            Files.writeString(file, "www.example.com be\napi.example.com static\n# a comment\n10.0.0.0/8 internal\n");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
