package dev.bascule.builtin.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.Action;
import dev.bascule.api.action.ActionContext;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.ActionResult;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.HttpHead;
import dev.bascule.api.action.HttpReply;
import dev.bascule.api.action.ParsedReply;
import dev.bascule.api.action.ReplyTemplate;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.TrafficView;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** The built-in actions on a message of their own: what they parse, refuse and do. */
final class BuiltinActionsTest {
    private static final Map<String, ActionFactory> FACTORIES = new BuiltinActionsPlugin().actions().stream()
            .collect(Collectors.toMap(ActionFactory::keyword, factory -> factory));

    private static Action create(String line) throws InvalidArgumentException {
        List<String> words = List.of(line.split(" "));
        String keyword = words.get(0).replaceFirst("\\(.*", "");
        // a prefix keyword (track-sc) serves the words it starts
        ActionFactory factory = FACTORIES.containsKey(keyword) ? FACTORIES.get(keyword)
                : FACTORIES.values().stream().filter(f -> f.prefix() && keyword.startsWith(f.keyword())).findFirst()
                .orElseThrow();
        return factory.create(words.get(0), words.subList(1, words.size()), new Setup());
    }

    private static ActionResult run(String line, Message message) throws InvalidArgumentException {
        return create(line).apply(message);
    }

    @Test
    void headerActionsAddSetAndDeleteByNameWithoutCase() throws Exception {
        Message message = Message.request("GET", "/", "Host", "a", "X-Debug-1", "1", "x-debug-2", "2", "Keep", "k");
        run("add-header X-New v1", message);
        run("add-header X-New v2", message);
        run("set-header Host b", message);
        run("del-header X-DEBUG -m beg", message);
        assertThat(message.lines()).containsExactly("Keep: k", "x-new: v1", "x-new: v2", "host: b");
        run("del-header ^x-n.w$ -m reg", message);
        run("del-header keep", message);
        assertThat(message.lines()).containsExactly("host: b");
    }

    @Test
    void requestLineSettersKeepTheSchemeAndAuthorityOfAnAbsoluteTarget() throws Exception {
        Message message = Message.request("GET", "http://example.com/a/b?x=1");
        run("set-path /c", message);
        assertThat(message.uri).isEqualTo("http://example.com/c?x=1");
        run("set-query y=2", message);
        assertThat(message.uri).isEqualTo("http://example.com/c?y=2");
        run("set-pathq /d?z", message);
        assertThat(message.uri).isEqualTo("http://example.com/d?z");
        run("set-method POST", message);
        assertThat(message.method).isEqualTo("POST");
        Message origin = Message.request("GET", "/a?q");
        run("set-path /b", origin);
        assertThat(origin.uri).isEqualTo("/b?q");
    }

    @Test
    void replaceHeaderRewritesMatchingLinesReplaceValueEachValueInPlace() throws Exception {
        Message message = Message.request("GET", "/", "Cookie", "a=1; b=2", "X-List", "one, two ,three",
                "Cookie", "c=3");
        run("replace-header Cookie ^(a)=(\\d) \\1=x\\2", message);
        run("replace-value X-List ^t(.*)$ T\\1", message);
        // HAProxy replaces the whole line with the expanded format
        assertThat(message.lines()).containsExactly("Cookie: a=x1", "X-List: one,Two,Three", "Cookie: c=3");
    }

    @Test
    void replacePathChangesThePartOnlyOnAMatch() throws Exception {
        Message message = Message.request("GET", "http://example.com/api/v1/items?x=1");
        run("replace-path ^/api/(v\\d)/(.*) /\\2/\\1", message);
        assertThat(message.uri).isEqualTo("http://example.com/items/v1?x=1");
        run("replace-uri ^nomatch /other", message);
        assertThat(message.uri).isEqualTo("http://example.com/items/v1?x=1");
    }

    @Test
    void variableActionsCheckTheirNameAndConditions() {
        assertThatThrownBy(() -> create("set-var(nope.x) str(a)")).hasMessageStartingWith("invalid variable 'nope.x'");
        assertThatThrownBy(() -> create("set-var(txn.x,ifwhat) str(a)")).hasMessage("unknown condition \"ifwhat\".");
        assertThatThrownBy(() -> create("unset-var(txn.x,ifexists)"))
                .hasMessageStartingWith("unset-var does not expect parameters");
        assertThatThrownBy(() -> create("set-var(txn.x")).hasMessage("missing closing ')' after 'set-var' variable name.");
        assertThatThrownBy(() -> create("set-var-fmt(txn.x)")).hasMessage("expects an expression.");
    }

    @Test
    void allowStopsSetStatusSetsTheStatusAndReason() throws Exception {
        Message response = Message.response(200);
        assertThat(run("allow", response)).isEqualTo(ActionResult.STOP);
        assertThat(run("set-status 503 reason Busy", response)).isEqualTo(ActionResult.CONTINUE);
        assertThat(response.status).isEqualTo(503);
        assertThat(response.reason).isEqualTo("Busy");
        assertThat(run("set-log-level silent", response)).isEqualTo(ActionResult.CONTINUE);
        assertThat(response.logLevel).isEqualTo(-1);
        run("set-log-level debug", response);
        assertThat(response.logLevel).isEqualTo(7);
    }

    @Test
    void refusalsSayWhatHaproxySays() {
        assertThatThrownBy(() -> create("set-header X")).hasMessage("expects exactly 2 arguments.");
        assertThatThrownBy(() -> create("del-header X -m dom"))
                .hasMessage("-m with unsupported matching method 'dom'.");
        assertThatThrownBy(() -> create("del-header ( -m reg")).hasMessageStartingWith("regex '(' is invalid: ");
        assertThatThrownBy(() -> create("set-status 99")).hasMessage("expects an HTTP status code between 100 and 999.");
        assertThatThrownBy(() -> create("set-log-level loud"))
                .hasMessage("expects exactly 1 argument (log level name or 'silent').");
        assertThatThrownBy(() -> create("allow now")).isInstanceOf(UnexpectedWordException.class)
                .extracting(e -> ((UnexpectedWordException) e).word()).isEqualTo("now");
        assertThatThrownBy(() -> create("del-header X -x")).isInstanceOf(UnexpectedWordException.class);
    }

    @Test
    void denyReadsItsLegacyFormItselfAndHandsTheRestToTheHostsReplyGrammar() throws Exception {
        Message message = Message.request("GET", "/");
        assertThat(run("deny", message)).isEqualTo(ActionResult.DENY);
        assertThat(message.denied).isEqualTo(403);
        assertThat(run("deny deny_status 429", message)).isEqualTo(ActionResult.DENY);
        assertThat(message.denied).isEqualTo(429);
        assertThat(message.deniedWith).isNull();
        // HAProxy skips "deny_" and parses an http reply
        assertThat(run("deny deny_status 429 string slow", message)).isEqualTo(ActionResult.DENY);
        assertThat(message.deniedWith).isEqualTo(new TestReply(List.of("status", "429", "string", "slow"), 403, null));
        assertThat(run("deny status 503 content-type text/plain string down", message)).isEqualTo(ActionResult.DENY);
        assertThat(message.deniedWith.words()).containsExactly("status", "503", "content-type", "text/plain", "string",
                "down");
        assertThatThrownBy(() -> create("deny deny_status")).hasMessage("'deny_status' expects a status code.");
        assertThatThrownBy(() -> create("deny deny_status 700"))
                .hasMessage("'status' expects a status code between 200 and 599.");
        assertThatThrownBy(() -> create("deny deny_status 418 string x"))
                .hasMessage("status code '418' not handled by default with 'default-errorfiles' argument.");
        assertThatThrownBy(() -> create("deny status 503 extra")).isInstanceOf(UnexpectedWordException.class)
                .extracting(e -> ((UnexpectedWordException) e).word()).isEqualTo("extra");
    }

    @Test
    void returnRepliesWithTheTemplateAuthWithTheProxysReplyAndItsChallenge() throws Exception {
        Message message = Message.request("GET", "/");
        assertThat(run("return status 200 string hi", message)).isEqualTo(ActionResult.DONE);
        assertThat(message.replied).isEqualTo(new TestReply(List.of("status", "200", "string", "hi"), 200, null));
        assertThatThrownBy(() -> create("return string hi now")).isInstanceOf(UnexpectedWordException.class);

        assertThat(run("auth", message)).isEqualTo(ActionResult.DONE);
        // the realm is the proxy's name unless the line names one
        assertThat(message.replied).isEqualTo(new TestReply(List.of("default-errorfiles"), 401,
                "www-authenticate: Basic realm=\"fe\""));
        assertThat(run("auth realm private", message)).isEqualTo(ActionResult.DONE);
        assertThat(message.replied.header()).isEqualTo("www-authenticate: Basic realm=\"private\"");
        assertThatThrownBy(() -> create("auth realm")).hasMessage("missing realm value.");
        assertThatThrownBy(() -> create("auth private")).isInstanceOf(UnexpectedWordException.class);
    }

    @Test
    void redirectBuildsItsLocationAsHaproxyAndTheHostSendsIt() throws Exception {
        Message message = Message.request("GET", "/a/b?x=1", "Host", "www.example.com");
        assertThat(run("redirect scheme https code 301", message)).isEqualTo(ActionResult.DONE);
        assertThat(message.redirect).isEqualTo("301 https://www.example.com/a/b?x=1 null");
        assertThat(run("redirect prefix /new drop-query append-slash set-cookie SEEN=1", message))
                .isEqualTo(ActionResult.DONE);
        assertThat(message.redirect).isEqualTo("302 /new/a/b/ SEEN=1; path=/;");
        // a prefix "/" adds nothing: HAProxy's self-redirection
        assertThat(run("redirect prefix / clear-cookie SEEN", message)).isEqualTo(ActionResult.DONE);
        assertThat(message.redirect).isEqualTo("302 /a/b?x=1 SEEN; path=/; Max-Age=0;");
        assertThat(run("redirect location /elsewhere code 308", message)).isEqualTo(ActionResult.DONE);
        assertThat(message.redirect).isEqualTo("308 /elsewhere null");
        assertThatThrownBy(() -> create("redirect location /x code 305")).hasMessage("'code': unsupported HTTP code"
                + " '305' (must be one of 301, 302, 303, 307 or 308).");
        assertThatThrownBy(() -> create("redirect location")).hasMessage("missing argument for 'location'.");
        assertThatThrownBy(() -> create("redirect code 301")).hasMessage("redirection type expected ('prefix',"
                + " 'location', or 'scheme').");
        assertThatThrownBy(() -> create("redirect location /x now")).hasMessage("expects 'code', 'prefix',"
                + " 'location', 'scheme', 'set-cookie', 'clear-cookie', 'drop-query', 'ignore-empty' or"
                + " 'append-slash' (was 'now').");
    }

    @Test
    void waitForBodyAsksTheHostToWaitAndYields() throws Exception {
        Message message = Message.request("POST", "/");
        assertThat(run("wait-for-body time 1500 at-least 2048", message)).isEqualTo(ActionResult.YIELD);
        assertThat(message.bodyWait).isEqualTo("1500 2048");
        assertThat(run("wait-for-body at-least 10 time 20", message)).isEqualTo(ActionResult.YIELD);
        assertThat(message.bodyWait).isEqualTo("20 10");
        assertThatThrownBy(() -> create("wait-for-body")).hasMessage("expects time <time> [ at-least <bytes> ].");
        assertThatThrownBy(() -> create("wait-for-body at-least 10"))
                .hasMessage("expects time <time> [ at-least <bytes> ].");
        assertThatThrownBy(() -> create("wait-for-body time")).hasMessage("missing argument for 'time'.");
        assertThatThrownBy(() -> create("wait-for-body time 10 now")).isInstanceOf(UnexpectedWordException.class);
    }

    @Test
    void trackScResolvesItsCounterThroughTheHostAndTracksTheKeyOnce() throws Exception {
        Message message = Message.request("GET", "/");
        assertThat(run("track-sc1 src table other", message)).isEqualTo(ActionResult.CONTINUE);
        assertThat(message.tracked).containsExactly("1 other key:src");
        message.tracking = true;
        assertThat(run("track-sc0 src", message)).isEqualTo(ActionResult.CONTINUE);
        // the slot was taken: the key is not even fetched
        assertThat(message.tracked).containsExactly("1 other key:src");
        assertThatThrownBy(() -> create("track-scx src")).hasMessage("Wrong track-sc number 'x'.");
        assertThatThrownBy(() -> create("track-sc3 src"))
                .hasMessage("3 track-sc number exceeding 2 (MAX_SESS_STKCTR-1) value.");
        assertThatThrownBy(() -> create("track-sc0")).hasMessage("missing fetch method.");
        assertThatThrownBy(() -> create("track-sc0 res.hdr(x)")).hasMessage("fetch method 'res.hdr(x)' extracts"
                + " information from 'HTTP response headers', none of which is available here.");
        assertThatThrownBy(() -> create("track-sc0 src table")).hasMessage("missing table name.");
        assertThatThrownBy(() -> create("track-sc0 src extra")).isInstanceOf(UnexpectedWordException.class);
    }

    /** A stick counter as these tests' setup makes it. */
    private record TestCounter(int slot, String table) implements StickCounter {
    }

    /** A reply as these tests' setup reads it: the words it took, its status, the header set on it. */
    private record TestReply(List<String> words, int status, @Nullable String header) implements ReplyTemplate {
        @Override
        public ReplyTemplate withHeader(String name, String value) {
            return new TestReply(words, status, name + ": " + value);
        }
    }

    /** Formats without expressions, as a setup for these tests. */
    private static final class Setup implements ActionSetup {
        @Override
        public SourceLocation location() {
            return new SourceLocation("test.cfg", 1);
        }

        @Override
        public RuleSet ruleSet() {
            return RuleSet.HTTP_REQUEST;
        }

        @Override
        public String proxy() {
            return "fe";
        }

        /** A fetch whose sample is "key:" and the text. */
        @Override
        public SampleFetch expression(String text) {
            return (traffic, sample) -> {
                sample.setString("key:" + text);
                return true;
            };
        }

        @Override
        public Set<Phase> fetchAvailability(String keyword) {
            return keyword.startsWith("res.") ? Set.of(Phase.HTTP_RESPONSE) : Set.of();
        }

        @Override
        public StickCounter stickCounter(int slot, @Nullable String table) {
            return new TestCounter(slot, table == null ? proxy() : table);
        }

        @Override
        public SampleFormat format(String text, boolean http) {
            return new SampleFormat() {
                @Override
                public String render(TrafficView traffic, Sample sample) {
                    return text;
                }

                @Override
                public boolean constant() {
                    return true;
                }
            };
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

        /** Takes keyword-value pairs ({@code hdr} a name and a value) and {@code default-errorfiles}, up to another word. */
        @Override
        public ParsedReply httpReply(List<String> arguments, int from, int defaultStatus) {
            int next = from;
            while (next < arguments.size()) {
                String word = arguments.get(next);
                if (word.equals("default-errorfiles")) {
                    next++;
                } else if (List.of("status", "content-type", "string", "errorfile").contains(word)) {
                    next += 2;
                } else if (word.equals("hdr")) {
                    next += 3;
                } else {
                    break;
                }
            }
            return new ParsedReply(new TestReply(arguments.subList(from, next), defaultStatus, null), next);
        }
    }

    /** A message as name/value lines, and the context actions run in. */
    private static final class Message implements HttpHead, ActionContext {
        private final List<String[]> headers = new ArrayList<>();
        private final boolean request;
        String method;
        String uri;
        int status;
        @Nullable String reason;
        int logLevel = 6;

        private Message(boolean request, String method, String uri, int status, String... lines) {
            this.request = request;
            this.method = method;
            this.uri = uri;
            this.status = status;
            for (int i = 0; i < lines.length; i += 2) {
                headers.add(new String[] {lines[i], lines[i + 1]});
            }
        }

        static Message request(String method, String uri, String... lines) {
            return new Message(true, method, uri, 0, lines);
        }

        static Message response(int status) {
            return new Message(false, "", "", status);
        }

        List<String> lines() {
            return headers.stream().map(line -> line[0] + ": " + line[1]).toList();
        }

        @Override
        public RuleSet ruleSet() {
            return request ? RuleSet.HTTP_REQUEST : RuleSet.HTTP_RESPONSE;
        }

        @Override
        public TrafficView traffic() {
            return new TrafficView() {
                @Override
                public InetSocketAddress source() {
                    return new InetSocketAddress("127.0.0.1", 1);
                }

                @Override
                public InetSocketAddress destination() {
                    return new InetSocketAddress("127.0.0.1", 2);
                }
            };
        }

        @Override
        public Sample sample() {
            return new Sample();
        }

        @Override
        public HttpHead head() {
            return this;
        }

        @Override
        public void reply(HttpReply reply) {
            throw new AssertionError("no reply expected");
        }

        int denied;
        @Nullable TestReply deniedWith;
        @Nullable TestReply replied;

        @Override
        public void deny(int code) {
            denied = code;
            deniedWith = null;
        }

        @Override
        public void deny(ReplyTemplate reply) {
            deniedWith = (TestReply) reply;
        }

        @Override
        public void reply(ReplyTemplate reply) {
            replied = (TestReply) reply;
        }

        @Nullable String redirect;
        @Nullable String bodyWait;
        boolean tracking;
        final List<String> tracked = new ArrayList<>();

        @Override
        public boolean isTracking(StickCounter counter) {
            return tracking;
        }

        @Override
        public void track(StickCounter counter, Sample key) {
            tracked.add(counter.slot() + " " + counter.table() + " " + key.text());
        }

        @Override
        public void waitForBody(long timeoutMillis, long atLeastBytes) {
            bodyWait = timeoutMillis + " " + atLeastBytes;
        }

        @Override
        public void redirect(int code, CharSequence location, @Nullable CharSequence cookie) {
            redirect = code + " " + location + " " + cookie;
        }

        @Override
        public void setLogLevel(int level) {
            logLevel = level;
        }

        @Override
        public void closeServer() {
            throw new AssertionError("not used here");
        }

        @Override
        public void setSource(InetAddress address) {
            throw new AssertionError("not used here");
        }

        @Override
        public void setDestination(InetAddress address) {
            throw new AssertionError("not used here");
        }

        @Override
        public boolean request() {
            return request;
        }

        @Override
        public int headerCount() {
            return headers.size();
        }

        @Override
        public CharSequence headerName(int index) {
            return headers.get(index)[0];
        }

        @Override
        public CharSequence headerValue(int index) {
            return headers.get(index)[1];
        }

        @Override
        public @Nullable CharSequence header(CharSequence name) {
            return headers.stream().filter(line -> line[0].equalsIgnoreCase(name.toString())).map(line -> line[1])
                    .findFirst().orElse(null);
        }

        @Override
        public void addHeader(CharSequence name, CharSequence value) {
            headers.add(new String[] {name.toString(), value.toString()});
        }

        @Override
        public void setHeader(CharSequence name, CharSequence value) {
            removeHeader(name);
            addHeader(name, value);
        }

        @Override
        public boolean removeHeader(CharSequence name) {
            return headers.removeIf(line -> line[0].equalsIgnoreCase(name.toString()));
        }

        @Override
        public int removeHeaders(Predicate<? super CharSequence> names) {
            int before = headers.size();
            headers.removeIf(line -> names.test(line[0]));
            return before - headers.size();
        }

        @Override
        public List<String> headerValues(CharSequence name) {
            return headers.stream().filter(line -> line[0].equalsIgnoreCase(name.toString())).map(line -> line[1])
                    .toList();
        }

        @Override
        public void replaceHeaderValues(CharSequence name, List<? extends @Nullable CharSequence> values) {
            int next = 0;
            List<String[]> kept = new ArrayList<>();
            for (String[] line : headers) {
                if (line[0].equalsIgnoreCase(name.toString())) {
                    CharSequence value = values.get(next++);
                    if (value != null) {
                        kept.add(new String[] {line[0], value.toString()});
                    }
                } else {
                    kept.add(line);
                }
            }
            headers.clear();
            headers.addAll(kept);
        }

        @Override
        public CharSequence method() {
            return method;
        }

        @Override
        public CharSequence uri() {
            return uri;
        }

        @Override
        public void setUri(CharSequence target) {
            uri = target.toString();
        }

        @Override
        public void setMethod(CharSequence name) {
            method = name.toString();
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public void setStatus(int code, @Nullable CharSequence text) {
            status = code;
            reason = text == null ? null : text.toString();
        }
    }
}
