package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Plugin;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.HttpReply;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.SampleType;
import dev.bascule.core.Bascule;
import dev.bascule.core.plugin.LoadedPlugin;
import dev.bascule.core.plugin.PluginDescriptor;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Rule actions served by a plugin ({@link ActionFactory}), run in every rule set they may be
 * written in: the loader keeps their words, the host parses them with the plugin's factory, the
 * transport runs them and follows their {@link ActionResult}.
 */
@Timeout(60)
final class PluginActionIT {
    /** The actions of a plugin written for this test. */
    public static final class TestActions implements Plugin {
        @Override
        public List<ActionFactory> actions() {
            return List.of(new Tag(), new Teapot(), new Refuse(), new Stop());
        }
    }

    /** {@code x-tag NAME EXPR|fmt FORMAT}: sets the header NAME of the message to the sample or the format. */
    static final class Tag implements ActionFactory {
        @Override
        public String keyword() {
            return "x-tag";
        }

        @Override
        public Set<RuleSet> ruleSets() {
            return EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE, RuleSet.HTTP_AFTER_RESPONSE);
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            if (arguments.size() == 3 && arguments.get(1).equals("fmt")) {
                String name = arguments.get(0);
                SampleFormat format = setup.format(arguments.get(2));
                return context -> {
                    context.head().setHeader(name, format.render(context.traffic(), context.sample()));
                    return ActionResult.CONTINUE;
                };
            }
            if (arguments.size() < 2) {
                throw new InvalidArgumentException("expects <name> <expression>, or <name> fmt <format>.");
            }
            UnexpectedWordException.checkUsed(arguments, 2);
            String name = arguments.get(0);
            SampleFetch fetch = setup.expression(arguments.get(1));
            return context -> {
                Sample sample = context.sample().reset(false);
                if (fetch.fetch(context.traffic(), sample) && sample.castTo(SampleType.STRING)) {
                    context.head().setHeader(name, sample.toString());
                }
                return ActionResult.CONTINUE;
            };
        }
    }

    /** {@code x-teapot}: the proxy answers 418 itself. */
    static final class Teapot implements ActionFactory {
        private static final HttpReply REPLY = HttpReply.text(418, "text/plain", "short and stout\n");

        @Override
        public String keyword() {
            return "x-teapot";
        }

        @Override
        public Set<RuleSet> ruleSets() {
            return EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE);
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup) {
            return context -> {
                context.reply(REPLY);
                return ActionResult.DONE;
            };
        }
    }

    /** {@code x-refuse[-STATUS]}, a prefix keyword: denies with the status (403 when none). */
    static final class Refuse implements ActionFactory {
        @Override
        public String keyword() {
            return "x-refuse";
        }

        @Override
        public boolean prefix() {
            return true;
        }

        @Override
        public Set<RuleSet> ruleSets() {
            return EnumSet.of(RuleSet.HTTP_REQUEST, RuleSet.HTTP_RESPONSE, RuleSet.TCP_REQUEST_CONTENT,
                    RuleSet.TCP_REQUEST_CONNECTION);
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup)
                throws InvalidArgumentException {
            int status = written.equals("x-refuse") ? 403 : Integer.parseInt(written.substring("x-refuse-".length()));
            if (!arguments.isEmpty()) {
                throw new InvalidArgumentException("expects no argument.");
            }
            return context -> {
                context.deny(status);
                return ActionResult.DENY;
            };
        }
    }

    /** {@code x-stop}: the rules after it in its set are skipped. */
    static final class Stop implements ActionFactory {
        @Override
        public String keyword() {
            return "x-stop";
        }

        @Override
        public Set<RuleSet> ruleSets() {
            return EnumSet.of(RuleSet.HTTP_REQUEST);
        }

        @Override
        public Action create(String written, List<String> arguments, ActionSetup setup) {
            return context -> ActionResult.STOP;
        }
    }

    private static PluginRegistry registry() throws PluginException {
        List<LoadedPlugin> plugins = new ArrayList<>(Embedded.builtins().plugins());
        plugins.add(new LoadedPlugin(new PluginDescriptor("test-actions", "1", "1.0", List.of(), "test"),
                PluginActionIT.class.getClassLoader(), List.of(new TestActions())));
        return Plugins.of(plugins);
    }

    private static String config(int port, int origin, String... rules) {
        return String.join("\n",
                "defaults",
                "    mode http",
                "    timeout connect 5s",
                "    timeout client 30s",
                "    timeout server 30s",
                "frontend fe",
                "    bind 127.0.0.1:" + port,
                String.join("\n", rules),
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:" + origin,
                "");
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void requestAndResponseActionsEditTheMessagesWithTheLoadersGrammar() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded bascule = Embedded.start(registry(), config(port, origin.port(),
                     // the origin copies x-reply-x-keep into its answer's x-keep
                     "    http-request x-tag x-reply-x-keep path,upper if { path_beg /tag }",
                     "    http-response x-tag x-resp fmt \"%[status]-%[res.hdr(x-origin)]\"",
                     "    http-after-response x-tag x-after str(after)"))) {
            HttpResponse<String> tagged = get(port, "/tag/me");
            assertThat(tagged.statusCode()).isEqualTo(200);
            assertThat(tagged.headers().firstValue("x-keep")).hasValue("/TAG/ME");
            assertThat(tagged.headers().firstValue("x-resp")).hasValue("200-o1");
            assertThat(tagged.headers().firstValue("x-after")).hasValue("after");
            HttpResponse<String> untagged = get(port, "/other");
            assertThat(untagged.headers().firstValue("x-keep")).isEmpty();
        }
    }

    @Test
    void doneAnswersLocallyDenyGivesTheErrorPageStopSkipsTheRest() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded bascule = Embedded.start(registry(), config(port, origin.port(),
                     "    http-request x-stop if { path_beg /stop }",
                     "    http-request x-teapot if { path_beg /tea }",
                     "    http-request x-refuse-429 if { path_beg /stop } || { path_beg /slow }",
                     "    http-request x-refuse if { path_beg /no }",
                     "    http-request x-refuse-418 if { path_beg /odd }",
                     "    http-response x-teapot if { res.hdr(x-seen-uri) -m beg /rtea }",
                     "    http-response x-refuse-503 if { res.hdr(x-seen-uri) -m beg /rno }",
                     "    http-after-response x-tag x-after str(after)"))) {
            HttpResponse<String> tea = get(port, "/tea");
            assertThat(tea.statusCode()).isEqualTo(418);
            assertThat(tea.body()).isEqualTo("short and stout\n");
            assertThat(tea.headers().firstValue("content-type")).hasValue("text/plain");
            assertThat(tea.headers().firstValue("x-origin")).isEmpty();
            assertThat(tea.headers().firstValue("x-after")).hasValue("after");

            HttpResponse<String> denied = get(port, "/no");
            assertThat(denied.statusCode()).isEqualTo(403);
            assertThat(denied.body()).contains("Request forbidden by administrative rules.");
            assertThat(get(port, "/slow").statusCode()).isEqualTo(429);
            // no message for 418: HAProxy's http_get_status_idx() answers with its 500
            HttpResponse<String> odd = get(port, "/odd");
            assertThat(odd.statusCode()).isEqualTo(500);
            assertThat(odd.body()).contains("An internal server error occurred.");
            // x-stop ends the http-request rules before the 429
            HttpResponse<String> stopped = get(port, "/stop");
            assertThat(stopped.statusCode()).isEqualTo(200);
            assertThat(stopped.headers().firstValue("x-origin")).hasValue("o1");

            HttpResponse<String> replaced = get(port, "/rtea");
            assertThat(replaced.statusCode()).isEqualTo(418);
            assertThat(replaced.headers().firstValue("x-origin")).isEmpty();
            HttpResponse<String> refused = get(port, "/rno");
            assertThat(refused.statusCode()).isEqualTo(503);
        }
    }

    @Test
    void tcpContentDenyClosesTheConnection() throws Exception {
        int port = Embedded.freePort();
        try (TestOrigin origin = new TestOrigin("o1");
             Embedded bascule = Embedded.start(registry(), config(port, origin.port(),
                     "    tcp-request inspect-delay 1s",
                     "    tcp-request content x-refuse if { path_beg /no }"))) {
            assertThat(get(port, "/yes").statusCode()).isEqualTo(200);
            try (Socket socket = new Socket("127.0.0.1", port)) {
                OutputStream out = socket.getOutputStream();
                out.write("GET /no HTTP/1.1\r\nhost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                InputStream in = socket.getInputStream();
                socket.setSoTimeout(10_000);
                // HAProxy's tcp-request content reject: closed without an answer
                assertThat(in.read()).isEqualTo(-1);
            }
        }
    }

    @Test
    void aKeywordOutsideItsRuleSetsIsRefusedAtLoad() throws Exception {
        String config = config(Embedded.freePort(), Embedded.freePort(), "    http-after-response x-stop");
        Bascule.LoadOutcome outcome = Bascule.load(registry(), List.of(new ConfigSource("t.cfg", config)), Map.of());
        assertThat(outcome.runtime()).isEmpty();
        assertThat(outcome.diagnostics()).anySatisfy(d -> {
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ALERT);
            assertThat(d.location()).hasValue(new dev.bascule.api.config.SourceLocation("t.cfg", 8));
            assertThat(d.message()).isEqualTo("'http-after-response x-stop' : action 'x-stop' is only allowed in"
                    + " 'http-request' rules.");
        });
    }

    @Test
    void theFactoryRefusalNamesTheRuleAndItsLine() throws Exception {
        PluginRegistry registry = registry();
        for (String[] rule : new String[][] {
                {"    http-request x-tag onlyone", "error detected in frontend 'fe' while parsing 'http-request x-tag'"
                        + " rule : expects <name> <expression>, or <name> fmt <format>."},
                {"    http-request x-tag x-a nosuchfetch", "error detected in frontend 'fe' while parsing"
                        + " 'http-request x-tag' rule : unknown fetch method 'nosuchfetch'"},
                {"    http-request x-tag x-a path extra", "'http-request x-tag' expects either 'if' or 'unless'"
                        + " followed by a condition but found 'extra'."},
                {"    tcp-request content x-refuse extra", "'tcp-request content x-refuse' : expects no argument."}}) {
            String config = config(Embedded.freePort(), Embedded.freePort(), rule[0]);
            Bascule.LoadOutcome outcome = Bascule.load(registry, List.of(new ConfigSource("t.cfg", config)),
                    Map.of());
            assertThat(outcome.runtime()).as(rule[0]).isEmpty();
            assertThat(outcome.diagnostics()).as(rule[0]).anySatisfy(d -> {
                assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ALERT);
                assertThat(d.location()).hasValue(new dev.bascule.api.config.SourceLocation("t.cfg", 8));
                assertThat(d.message()).isEqualTo(rule[1]);
            });
        }
    }
}
