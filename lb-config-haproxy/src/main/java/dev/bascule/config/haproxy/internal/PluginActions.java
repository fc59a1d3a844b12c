package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.action.ActionFactory;
import dev.bascule.api.action.ActionSetup;
import dev.bascule.api.action.ParsedReply;
import dev.bascule.api.action.ReplyTemplate;
import dev.bascule.api.action.RuleSet;
import dev.bascule.api.action.StickCounter;
import dev.bascule.api.action.UnexpectedWordException;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.HeaderCapture;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleFormat;
import dev.bascule.api.sample.TrafficView;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Actions served by {@link ActionFactory ActionFactories} (the built-in ones and plugins'): the
 * loader knows their rule sets, not their grammar. It keeps their words as written up to the
 * line's condition, and checks them at once with the factory, so that a refusal is reported in
 * the order of the lines, with HAProxy's wording around the factory's message. The host creates
 * the action again when it compiles the configuration.
 */
final class PluginActions {
    private final KeywordRegistry registry;
    private final AclParser samples;
    private final LogFormatParser formats;
    /** The global {@code tune.*} values as read so far. */
    private final Supplier<HttpTuning> tuning;
    /** The http-errors sections of the configuration, as they are read. */
    private final Supplier<ErrorFiles.Sections> errorSections;

    PluginActions(KeywordRegistry registry, AclParser samples, LogFormatParser formats, Supplier<HttpTuning> tuning,
                  Supplier<ErrorFiles.Sections> errorSections) {
        this.registry = registry;
        this.samples = samples;
        this.formats = formats;
        this.tuning = tuning;
        this.errorSections = errorSections;
    }

    /** An action kept as written, and the index of the line's word after it (its condition). */
    record Parsed(ActionCall call, int next) {
    }

    /** Whether the factory serving {@code written} says its action ends the rule set. */
    boolean isFinal(String written) {
        return registry.action(written).map(ActionFactory::isFinal).orElse(false);
    }

    /**
     * The action written at word {@code at} of {@code line} when a factory serving it allows
     * {@code set}: empty when none does (the caller's own words for an unknown action apply),
     * {@code null} after an alert. {@code owner} prefixes the factory's refusals,
     * {@code unexpected} words a leftover word.
     */
    Optional<Parsed> parse(ProxyLine line, int at, RuleSet set, Phase phase, String owner,
                           Function<String, String> unexpected) {
        return parse(line, at, set, phase, owner, unexpected, UnaryOperator.identity());
    }

    /**
     * As {@link #parse(ProxyLine, int, RuleSet, Phase, String, Function)}, the action's words
     * {@code rewritten} first (a {@code redirect} line's target escaped as plain text).
     */
    Optional<Parsed> parse(ProxyLine line, int at, RuleSet set, Phase phase, String owner,
                           Function<String, String> unexpected, UnaryOperator<List<String>> rewritten) {
        String written = line.word(at);
        if (written.isEmpty()) {
            return Optional.empty();
        }
        Optional<ActionFactory> served = registry.action(written);
        if (served.isEmpty()) {
            return Optional.empty();
        }
        ActionFactory factory = served.get();
        if (!factory.ruleSets().contains(set)) {
            if (HaproxyKeywords.httpRequestAction(written).isPresent()
                    || HaproxyKeywords.TCP_ACTIONS.contains(written.replaceFirst("\\(.*", "(*)"))) {
                // one of HAProxy's keywords: the rule set's own message lists what it accepts
                return Optional.empty();
            }
            line.alert("'" + set.keyword() + " " + written + "' : action '" + factory.keyword()
                    + "' is only allowed in " + factory.ruleSets().stream()
                    .map(allowed -> "'" + allowed.keyword() + "'").sorted().collect(Collectors.joining(", "))
                    + " rules.");
            return null;
        }
        List<String> words = new ArrayList<>();
        int next = at + 1;
        while (!line.word(next).isEmpty() && !line.word(next).equals("if") && !line.word(next).equals("unless")) {
            words.add(line.word(next));
            next++;
        }
        List<String> arguments = rewritten.apply(words);
        try {
            factory.create(written, arguments, new CheckingSetup(line, set, phase, written));
        } catch (UnexpectedWordException e) {
            line.alert(unexpected.apply(e.word()));
            return null;
        } catch (InvalidArgumentException e) {
            line.alert(owner + e.getMessage());
            return null;
        }
        return Optional.of(new Parsed(new ActionCall(written, arguments), next));
    }

    /** The rule set of a {@code tcp-request} / {@code tcp-response} line ({@code tcp-request content ...}). */
    static RuleSet tcpRuleSet(ProxyLine line) {
        return switch (line.keyword() + " " + line.word(1)) {
            case "tcp-request connection" -> RuleSet.TCP_REQUEST_CONNECTION;
            case "tcp-request session" -> RuleSet.TCP_REQUEST_SESSION;
            case "tcp-request content" -> RuleSet.TCP_REQUEST_CONTENT;
            default -> RuleSet.TCP_RESPONSE_CONTENT;
        };
    }

    /**
     * The setup of the loader's check: expressions and formats parsed with the loader's own parsers
     * (HAProxy's messages); what it returns is only checked, never run.
     */
    private final class CheckingSetup implements ActionSetup {
        private final ProxyLine line;
        private final RuleSet set;
        private final Phase phase;
        private final String written;

        CheckingSetup(ProxyLine line, RuleSet set, Phase phase, String written) {
            this.line = line;
            this.set = set;
            this.phase = phase;
            this.written = written;
        }

        @Override
        public SourceLocation location() {
            return line.location;
        }

        @Override
        public RuleSet ruleSet() {
            return set;
        }

        @Override
        public Set<String> services() {
            return registry.serviceNames();
        }

        @Override
        public String proxy() {
            return line.section.name;
        }

        @Override
        public SampleFetch expression(String text) throws InvalidArgumentException {
            try {
                samples.expression(text, List.of(), phase, text);
            } catch (AclParser.AclException e) {
                throw new InvalidArgumentException(e.getMessage());
            }
            return (traffic, sample) -> {
                throw new IllegalStateException("a fetch checked at load time cannot run: " + text);
            };
        }

        @Override
        public SampleFormat format(String text, boolean http) throws InvalidArgumentException {
            LogFormat parsed;
            try {
                // the words of HAProxy's messages: a redirect's target, another action's value
                parsed = formats.parse(text, LogFormatParser.HEADER_VARIABLES,
                        "'" + set.keyword() + " " + written + "' " + (written.equals("redirect") ? "targets" : "values"),
                        phase);
            } catch (AclParser.AclException e) {
                throw new InvalidArgumentException(e.getMessage());
            }
            return new CheckedFormat(text, parsed.isLiteral());
        }

        /**
         * HAProxy's {@code parse_http_req_capture()} with {@code len}: the section declares a new
         * request slot, which names this line for the host to find it again.
         */
        @Override
        public int declareCapture(int length) throws InvalidArgumentException {
            if (set != RuleSet.HTTP_REQUEST) {
                throw new InvalidArgumentException("a capture slot is declared by an http-request rule.");
            }
            if (!line.section.kind.frontend) {
                throw new InvalidArgumentException("proxy '" + line.section.name + "' has no frontend capability.");
            }
            if (length <= 0) {
                throw new InvalidArgumentException("length must be > 0.");
            }
            line.section.requestCaptures.add(new HeaderCapture("", length, Optional.of(line.location)));
            return line.section.requestCaptures.size() - 1;
        }

        /** The slot is checked once the section is read ({@link ConfigAssembler}), as HAProxy checks it. */
        @Override
        public int captureSlot(int id) {
            line.section.captureReferences.add(new ProxySection.CaptureReference(set, id, line.location));
            return id;
        }

        @Override
        public Phase phase() {
            return phase;
        }

        @Override
        public Set<Phase> fetchAvailability(String keyword) {
            return registry.sampleFetch(keyword).map(SampleFetchFactory::availableIn).orElse(Set.of());
        }

        /** The table is checked once every section is read ({@link ConfigAssembler}), as HAProxy checks it. */
        @Override
        public StickCounter stickCounter(int slot, @Nullable String table) {
            line.section.trackReferences.add(new ProxySection.TrackReference(slot, Optional.ofNullable(table),
                    line.location));
            return new CheckedCounter(slot, table == null ? line.section.name : table);
        }

        @Override
        public long timeMillis(String text) throws InvalidArgumentException {
            return ActionUnits.timeMillis(text);
        }

        @Override
        public long size(String text) throws InvalidArgumentException {
            return ActionUnits.size(text);
        }

        /**
         * The reply arguments read as HAProxy reads them, its warnings reported at the line (once:
         * the host's second reading reports nothing); log-format parts parsed for the request, as
         * Bascule always has (a response rule's deny sends the proxy's reply for its status).
         */
        @Override
        public ParsedReply httpReply(List<String> arguments, int from, int defaultStatus)
                throws InvalidArgumentException {
            try {
                HttpReturnParser.Result result = new HttpReturnParser(arguments, line::warning, formats, tuning.get(),
                        errorSections.get(), Phase.HTTP_REQUEST).parse(from, defaultStatus);
                return new ParsedReply(new CheckedReply(result.reply().status()), result.next());
            } catch (HttpReturnParser.ReplyException e) {
                throw new InvalidArgumentException(e.getMessage());
            }
        }
    }

    /** A stick counter checked at load time: it cannot track. */
    private record CheckedCounter(int slot, String table) implements StickCounter {
    }

    /** A reply checked at load time: it knows its status, and cannot be sent. */
    private record CheckedReply(int status) implements ReplyTemplate {
        @Override
        public ReplyTemplate withHeader(String name, String value) {
            return this;
        }
    }

    /** A format checked at load time: it says whether it is constant, and cannot render. */
    private record CheckedFormat(String text, boolean constant) implements SampleFormat {
        @Override
        public String render(TrafficView traffic, Sample sample) {
            throw new IllegalStateException("a format checked at load time cannot render: " + text);
        }
    }
}
