package dev.bascule.benchmarks.stick;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.HttpReply;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.StickCounters;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.benchmarks.AbstractLbBenchmark;
import dev.bascule.benchmarks.rules.SeedRulesBenchmark;
import dev.bascule.core.Bascule;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.rules.HttpRule;
import dev.bascule.core.rules.HttpRules;
import dev.bascule.core.rules.RuleKind;
import dev.bascule.core.rules.TrackedCounter;
import dev.bascule.core.runtime.FrontendRuntime;
import dev.bascule.core.stick.StickTracker;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

/**
 * One request's stick-table work, as the HTTP transport does it: the request counted on the
 * tracked entries, {@code http-request track-sc0 src} (a known client: its entry exists), a deny
 * condition reading {@code sc_http_req_rate(0)}, and the stream's end releasing the entry.
 * Loaded through the real loader and compiler. Expected: 0 B/op.
 */
@State(Scope.Benchmark)
public class StickTableBenchmark extends AbstractLbBenchmark {
    static final String CONFIG = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 10s",
            "    timeout client 10m",
            "    timeout server 10m",
            "frontend fe",
            "    bind 127.0.0.1:8080",
            "    stick-table type ip size 100k expire 30s store http_req_rate(10s),conn_cur,conn_cnt",
            "    http-request track-sc0 src",
            "    http-request deny deny_status 429 if { sc_http_req_rate(0) gt 1000000000 }",
            "    default_backend be",
            "backend be",
            "    server s1 127.0.0.1:5655",
            "");

    /** How many client addresses take turns. */
    @Param({"1", "1000"})
    public int clients;

    private HttpRules rules;
    private StickTracker tracker;
    private InetSocketAddress[] sources;
    private int next;
    private final Sample sample = new Sample();
    private final ClientView view = new ClientView();

    @Setup
    public void setUp() throws PluginException, UnknownHostException {
        Bascule.LoadOutcome outcome = Bascule.load(SeedRulesBenchmark.builtIns(),
                List.of(new ConfigSource("stick.cfg", CONFIG)), Map.of());
        FrontendRuntime frontend = outcome.runtime()
                .orElseThrow(() -> new IllegalStateException(outcome.diagnostics().toString())).frontends().get(0);
        rules = frontend.http();
        tracker = frontend.newStickTracker();
        sources = new InetSocketAddress[clients];
        for (int i = 0; i < clients; i++) {
            sources[i] = new InetSocketAddress(InetAddress.getByAddress(new byte[] {10, 0, (byte) (i >> 8), (byte) i}),
                    40000);
        }
        for (int i = 0; i < clients; i++) {
            // every client known: the benchmark measures the path of an existing entry
            request();
        }
    }

    /** Runs the request's stick-table work; returns 1 when the deny rule would answer, else 0. */
    @Benchmark
    public int request() {
        view.source = sources[next];
        next = next + 1 == sources.length ? 0 : next + 1;
        tracker.httpRequest();
        int denied = 0;
        for (int i = 0; i < rules.requestCount(); i++) {
            HttpRule rule = rules.request(i);
            if (!rule.applies(view, sample)) {
                continue;
            }
            // track-sc and deny, actions of the SPI, run as the transport runs them
            if (rule.kind() == RuleKind.ACTION && rule.action().apply(actions) == ActionResult.DENY) {
                denied = 1;
                break;
            }
        }
        tracker.endStream();
        return denied;
    }

    /** The tracker, for the test. */
    StickTracker tracker() {
        return tracker;
    }

    private final Actions actions = new Actions();

    /** The context the rules' actions see, as the HTTP transport's: tracking through the stream's tracker. */
    private final class Actions implements ActionContext {
        @Override
        public RuleSet ruleSet() {
            return RuleSet.HTTP_REQUEST;
        }

        @Override
        public TrafficView traffic() {
            return view;
        }

        @Override
        public Sample sample() {
            return sample;
        }

        @Override
        public @Nullable HttpHead head() {
            return null;
        }

        @Override
        public void reply(HttpReply reply) {
            throw new IllegalStateException("no reply here");
        }

        @Override
        public void deny(int status) {
            // counted by the caller
        }

        @Override
        public void closeServer() {
            throw new IllegalStateException("no server here");
        }

        @Override
        public void setSource(InetAddress address) {
            throw new IllegalStateException("not here");
        }

        @Override
        public void setDestination(InetAddress address) {
            throw new IllegalStateException("not here");
        }

        @Override
        public void setLogLevel(int level) {
        }

        @Override
        public boolean isTracking(StickCounter counter) {
            return ((TrackedCounter) counter).tracking(tracker);
        }

        @Override
        public void track(StickCounter counter, Sample key) {
            ((TrackedCounter) counter).track(tracker, key, true);
        }
    }

    private final class ClientView implements TrafficView {
        private final InetSocketAddress local = new InetSocketAddress("127.0.0.1", 8080);
        InetSocketAddress source;

        @Override
        public InetSocketAddress source() {
            return source;
        }

        @Override
        public InetSocketAddress destination() {
            return local;
        }

        @Override
        public StickCounters stickCounters() {
            return tracker;
        }
    }
}
