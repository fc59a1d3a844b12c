package dev.bascule.benchmarks.log;

import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.sample.Sample;
import dev.bascule.benchmarks.AbstractLbBenchmark;
import dev.bascule.benchmarks.RequestView;
import dev.bascule.benchmarks.rules.SeedRulesBenchmark;
import dev.bascule.core.Bascule;
import dev.bascule.core.log.FrontendLog;
import dev.bascule.core.log.LogFormatter;
import dev.bascule.core.log.StreamLog;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetSocketAddress;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * One log line of a finished stream written into the thread's reused buffer, as a frontend
 * writes it when the stream ends: {@code option httplog} (HAProxy's default line) and a
 * {@code log-format} with flags and a few {@code %[...]} samples read from the stream's traffic;
 * and a {@code unique-id-format} rendered on a request, as the rules' formats are. Loaded
 * through the real loader, plugins and compiler. Expected: 0 B/op for the log lines (the clock
 * is fixed: the date text is cached per second), the returned String for the unique ID.
 */
@State(Scope.Benchmark)
public class LogFormatBenchmark extends AbstractLbBenchmark {
    static final String CONFIG = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 10s",
            "    timeout client 10m",
            "    timeout server 10m",
            "frontend httplog",
            "    bind 127.0.0.1:8080",
            "    log 127.0.0.1:514 local0",
            "    option httplog",
            "    capture request header Host len 32",
            "    default_backend be",
            "frontend custom",
            "    bind 127.0.0.1:8081",
            "    log 127.0.0.1:514 local0",
            "    log-format \"%ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %tsc %{+Q}[capture.req.hdr(0)]"
                    + " %{+Q,+E}[capture.req.hdr(1),lower] %[src] %[status] %{+X}Ts %rt %{+Q}r\"",
            "    capture request header Host len 32",
            "    capture request header User-Agent len 64",
            "    unique-id-format %{+X}o%ci:%cp_%fi:%fp_%Ts_%rt:%pid_%[req.hdr(host)]",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:5655",
            "");

    private static final long BASE = 5_000_000_000L;
    /** 2026-11-22 08:39:28.275 UTC. */
    private static final long EPOCH = 1_795_336_768_275L;

    private FrontendRuntime httplog;
    private FrontendRuntime custom;
    private StreamLog httpStream;
    private StreamLog customStream;
    private final LogFormatter formatter = new LogFormatter(ZoneOffset.UTC);
    private final StringBuilder line = new StringBuilder(256);
    private final Sample sample = new Sample();
    private final LoggedRequest view = new LoggedRequest();

    @Setup
    public void setUp() throws PluginException {
        Bascule.LoadOutcome outcome = Bascule.load(SeedRulesBenchmark.builtIns(),
                List.of(new ConfigSource("log.cfg", CONFIG)), Map.of());
        ProxyRuntime runtime = outcome.runtime()
                .orElseThrow(() -> new IllegalStateException(outcome.diagnostics().toString()));
        httplog = frontend(runtime, "httplog");
        custom = frontend(runtime, "custom");
        httpStream = stream(httplog.log());
        httpStream.requestCaptures(new String[] {"www.example.com"});
        customStream = stream(custom.log());
        customStream.traffic(view);
        customStream.requestCaptures(new String[] {"www.example.com", "Mozilla/5.0 \"Bench\""});
    }

    private static FrontendRuntime frontend(ProxyRuntime runtime, String name) {
        return runtime.frontends().stream().filter(frontend -> frontend.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** A proxied request: head at 1 ms, connected at 2 ms, response head at 5 ms, end at 6 ms. */
    private static StreamLog stream(FrontendLog frontend) {
        StreamLog log = frontend.newStreamLog();
        log.accept(RequestView.CLIENT, LoggedRequest.LOCAL, BASE, EPOCH);
        log.started(BASE + 1_000_000L, EPOCH + 1);
        log.newStream();
        log.requestHead(BASE + 1_000_000L, "GET", "/index.html?x=1", "HTTP/1.1");
        log.backend("be");
        log.connecting("s1", BASE + 1_000_000L);
        log.connected("s1", BASE + 2_000_000L);
        log.responseHead(BASE + 5_000_000L, 200);
        log.bytesOut(1234);
        log.end(BASE + 6_000_000L);
        log.connections(1, 1);
        return log;
    }

    /** {@code option httplog}: returns the line's length. */
    @Benchmark
    public int httplog() {
        line.setLength(0);
        httplog.log().format(formatter, httpStream, line);
        return line.length();
    }

    /** The {@code log-format} line with flags and samples: returns the line's length. */
    @Benchmark
    public int logFormat() {
        line.setLength(0);
        custom.log().format(formatter, customStream, line);
        return line.length();
    }

    /** The frontend's {@code unique-id-format} for one request, as the rules render their formats. */
    @Benchmark
    public String uniqueId() {
        return custom.http().uniqueIdFormat().render(view, sample);
    }

    /** The last line written (tests). */
    String line() {
        return line.toString();
    }

    /** The request, with what a log line reads beyond it: captures, status, stream id, timers. */
    static final class LoggedRequest extends RequestView {
        static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8081);
        private static final String[] NAMES = {"Host", "User-Agent", "Accept"};
        private static final String[] VALUES = {"www.example.com", "Mozilla/5.0 \"Bench\"", "*/*"};

        LoggedRequest() {
            super(LOCAL.getPort(), false, NAMES, VALUES);
        }

        @Override
        public CharSequence version() {
            return "HTTP/1.1";
        }

        @Override
        public CharSequence requestCapture(int index) {
            return index < 2 ? VALUES[index] : null;
        }

        @Override
        public int status() {
            return 200;
        }

        @Override
        public long streamId() {
            return 7;
        }

        @Override
        public long acceptEpochMillis() {
            return EPOCH;
        }

        @Override
        public CharSequence frontendName() {
            return "custom";
        }
    }
}
