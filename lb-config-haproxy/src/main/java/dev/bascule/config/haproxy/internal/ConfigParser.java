package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;
import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ServerStateConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.loader.CText;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads HAProxy configuration sources into an {@link LbConfig}, following HAProxy 2.6's
 * {@code readcfgfile()}: line by line, section by section, reporting every problem with
 * HAProxy's own words instead of stopping at the first. One instance loads once.
 *
 * <p>Each keyword is parsed in the class of its feature: the global section's through a
 * {@link GlobalKeywordTable} ({@link ProcessKeywords}, {@link TuneKeywords}, {@link GlobalLogKeywords}...),
 * the proxy sections' through {@link ProxyParser}, the {@code userlist} sections' in {@link Userlists}, the {@code resolvers} sections' in {@link Resolvers},
 * the {@code http-errors} sections' in {@link ErrorFiles}; the lines that open a proxy section are
 * checked by {@link ProxySections}, the conditional blocks by {@link ConditionalBlocks}. This class
 * keeps the section loop, the {@code no}/{@code default} modifiers and the keywords no feature
 * registers: known but not implemented ones, and unknown ones with a did-you-mean.
 */
public final class ConfigParser {
    private static final String NEGATION_MESSAGE = "negation/default currently supported only for options, log,"
            + " busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping.";

    private enum State { NONE, GLOBAL, PROXY, HTTP_ERRORS, USERLIST, RESOLVERS, IGNORED, SKIPPED }

    private final Map<String, String> environment;
    private final Diagnostics diagnostics = new Diagnostics();
    private final GlobalSection global = new GlobalSection();
    /** The keywords of the global section, registered by their features. */
    private final GlobalKeywordTable globalKeywords = new GlobalKeywordTable();
    private final ProxyParser proxyParser;
    private final ProxySections proxySections;
    private final ErrorFiles.Sections errorSections = new ErrorFiles.Sections();
    private final Userlists userlists;
    private final Resolvers resolvers;
    private final ConditionalBlocks conditionalBlocks;

    private State state = State.NONE;
    private String sectionKeyword = "";
    private String sectionName;
    /** The proxy or defaults section being read (state PROXY). */
    private ProxySection current;
    /** The replies of the http-errors section being read (state HTTP_ERRORS). */
    private Map<Integer, Optional<HttpRequestAction.Return>> currentErrors;
    private boolean used;

    public ConfigParser(LoaderContext context) {
        requireNonNull(context, "context");
        this.environment = Map.copyOf(requireNonNull(context.environment(), "environment"));
        this.proxyParser = new ProxyParser(context.registry(), environment, diagnostics, global.logTargets);
        this.proxyParser.tuning(global::tuning);
        this.proxyParser.tlsDefaults(global.tls);
        this.proxyParser.errorSections(errorSections);
        this.proxySections = new ProxySections(diagnostics);
        this.userlists = new Userlists(diagnostics);
        this.resolvers = new Resolvers(diagnostics, environment);
        this.conditionalBlocks = new ConditionalBlocks(context, diagnostics);
        // one class per feature, as HAProxy's cfg_register_keywords()
        ProcessKeywords.register(globalKeywords);
        ServerStateKeywords.register(globalKeywords);
        new PrivilegeKeywords(context).register(globalKeywords);
        CpuMapKeywords.register(globalKeywords);
        TuneKeywords.register(globalKeywords);
        GlobalSslKeywords.register(globalKeywords);
        new GlobalLogKeywords(environment).register(globalKeywords);
        new StatsSocketKeywords(environment, diagnostics).register(globalKeywords);
        proxyParser.globalVariables().register(globalKeywords);
    }

    /** Parses the sources in order, as one configuration. */
    public LoadResult load(List<ConfigSource> sources) {
        requireNonNull(sources, "sources");
        if (used) {
            throw new IllegalStateException("a ConfigParser loads once");
        }
        used = true;
        for (ConfigSource source : sources) {
            parseSource(requireNonNull(source, "source"));
        }
        Optional<List<UserlistConfig>> resolvedUserlists = userlists.resolve();
        userlists.checkReferences(proxyParser.userlistReferences());
        resolvers.checkReferences(proxySections.proxies());
        ServerStateConfig serverState = ServerStateKeywords.resolve(global, proxySections.proxies(), diagnostics);
        Optional<LbConfig> config = new ConfigAssembler(proxySections.proxies(), diagnostics, errorSections,
                resolvedUserlists.orElse(List.of())).withRegistry(proxyParser.registry())
                .withDefaults(proxySections.defaultsSections()).withResolvers(resolvers.sections()).withServerState(serverState).assemble(global.toConfig());
        return new LoadResult(diagnostics.hasAlerts() ? Optional.empty() : config, diagnostics.all());
    }

    private void parseSource(ConfigSource source) {
        state = State.NONE;
        sectionKeyword = "";
        sectionName = null;
        current = null;
        conditionalBlocks.reset();
        String text = source.text();
        int position = 0;
        int lineNumber = 0;
        SourceLocation location = new SourceLocation(source.name(), 0);
        while (position < text.length()) {
            int newline = text.indexOf('\n', position);
            boolean terminated = newline >= 0;
            String raw = terminated ? text.substring(position, newline) : text.substring(position);
            position = terminated ? newline + 1 : text.length();
            lineNumber++;
            location = new SourceLocation(source.name(), lineNumber);
            int nul = raw.indexOf('\0');
            String content = nul >= 0 ? raw.substring(0, nul) : raw;
            if (parseLine(content, location)) {
                // an error that ends the file (.alert, a condition's): HAProxy reads no further line
                break;
            }
            if (nul >= 0 || !terminated) {
                int at = content.getBytes(StandardCharsets.UTF_8).length + 1;
                if (position < text.length()) {
                    diagnostics.alert(location, "Stray NUL character at position " + at + ".");
                    break;
                }
                diagnostics.alert(location, "Missing LF on last line, file might have been truncated at position "
                        + at + ".");
            }
        }
        conditionalBlocks.checkTerminated(location);
    }

    /** Parses one line; true when the rest of the source must be ignored. */
    private boolean parseLine(String content, SourceLocation location) {
        int start = 0;
        while (start < content.length() && CText.isSpace(content.charAt(start))) {
            start++;
        }
        if (start < content.length() && content.charAt(start) == '[') {
            parseScope(content.substring(start), location);
            return false;
        }
        TokenizedLine line = LineTokenizer.tokenize(content, new LineTokenizer.Expansion(environment,
                location.file(), location.line(), Optional.ofNullable(sectionName)));
        if (line.error().isPresent()) {
            diagnostics.alert(location, line.error().get());
            return false;
        }
        if (line.isBlank()) {
            return false;
        }
        List<String> args = line.words();
        String keyword = args.get(0);
        if (ConditionalBlocks.isBlockKeyword(keyword)) {
            return conditionalBlocks.parseCondition(args, location);
        }
        if (conditionalBlocks.masked()) {
            // the block is left out by its conditions
            return false;
        }
        if (keyword.startsWith(".")) {
            return conditionalBlocks.parseDirective(args, location);
        }
        String modifier = null;
        if (keyword.equals("no") || keyword.equals("default")) {
            modifier = keyword;
            List<String> shifted = new ArrayList<>(args.subList(1, args.size()));
            if (keyword.equals("default") && !shifted.isEmpty()) {
                // HAProxy shifts the words left without clearing the last one, which thus appears twice
                shifted.add(shifted.get(shifted.size() - 1));
            }
            args = shifted;
            keyword = args.isEmpty() ? "" : args.get(0);
            if (!HaproxyKeywords.NEGATABLE.contains(keyword)) {
                diagnostics.alert(location, NEGATION_MESSAGE);
                return false;
            }
        }
        if (HaproxyKeywords.SECTIONS.contains(keyword)) {
            startSection(args, location);
            sectionName = args.size() > 1 && !args.get(1).isEmpty() ? args.get(1) : keyword;
            return false;
        }
        switch (state) {
            case NONE -> diagnostics.alert(location, "unknown keyword '" + keyword + "' out of section.");
            case GLOBAL -> parseGlobal(args, location, modifier);
            case PROXY -> proxyParser.parse(line, args, location, current, sectionKeyword, modifier);
            case HTTP_ERRORS -> ErrorFiles.parseSectionLine(args, location, diagnostics, global.bufsize,
                    currentErrors);
            case USERLIST -> userlists.parse(args, location);
            case RESOLVERS -> resolvers.parse(args, location);
            case IGNORED, SKIPPED -> {
                // the section was reported once, its lines are not
            }
            default -> throw new IllegalStateException("unexpected state " + state);
        }
        return false;
    }

    /** {@code [scope]} lines: checked as HAProxy does, without effect here (scopes only serve SPOE). */
    private void parseScope(String line, SourceLocation location) {
        int end = line.indexOf(']', 1);
        if (end <= 1) {
            diagnostics.alert(location, "empty scope name is forbidden.");
            return;
        }
        String scope = line.substring(1, end);
        int invalid = ConfigNames.invalidChar(scope);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(scope, invalid, "a scope name."));
            return;
        }
        int rest = end + 1;
        while (rest < line.length() && CText.isSpace(line.charAt(rest))) {
            rest++;
        }
        if (rest < line.length() && line.charAt(rest) != '#') {
            diagnostics.alert(location, "character '" + line.charAt(rest) + "' is not permitted after scope declaration.");
        }
    }

    private void startSection(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        sectionKeyword = keyword;
        current = null;
        switch (keyword) {
            case "global" -> {
                state = State.GLOBAL;
                KeywordLine.tooManyArgs(args, 0, location, diagnostics);
            }
            case "defaults" -> {
                current = proxySections.openDefaults(args, location);
                state = State.PROXY;
            }
            case "frontend" -> openProxy(ProxySection.Kind.FRONTEND, args, location);
            case "backend" -> openProxy(ProxySection.Kind.BACKEND, args, location);
            case "listen" -> openProxy(ProxySection.Kind.LISTEN, args, location);
            case "http-errors" -> {
                currentErrors = errorSections.open(args, location, diagnostics);
                state = currentErrors == null ? State.SKIPPED : State.HTTP_ERRORS;
            }
            case "userlist" -> {
                state = State.USERLIST;
                userlists.start(args, location);
            }
            case "resolvers" -> state = resolvers.start(args, location) ? State.RESOLVERS : State.SKIPPED;
            default -> {
                state = State.IGNORED;
                diagnostics.alert(location, "'" + keyword + "' is not implemented yet by Bascule");
            }
        }
    }

    private void openProxy(ProxySection.Kind kind, List<String> args, SourceLocation location) {
        current = proxySections.openProxy(kind, args, location);
        state = current == null ? State.SKIPPED : State.PROXY;
    }

    /**
     * A line of the global section: its feature's parser from the table, else Bascule's alert for
     * a known but unimplemented keyword, or an unknown keyword with a did-you-mean.
     */
    private void parseGlobal(List<String> args, SourceLocation location, String modifier) {
        String keyword = args.get(0);
        GlobalLine line = new GlobalLine(args, location, global, diagnostics);
        if (modifier != null) {
            if (modifier.equals("no") && keyword.equals("log")) {
                GlobalLogKeywords.parseNoLog(line);
                return;
            }
            diagnostics.alert(location, "'" + modifier + " " + keyword + "' is not implemented yet by Bascule");
            return;
        }
        Optional<GlobalKeywordTable.KeywordParser> parser = globalKeywords.find(keyword);
        if (parser.isPresent()) {
            parser.get().parse(line);
        } else if (HaproxyKeywords.GLOBAL_KNOWN.contains(keyword)) {
            diagnostics.alert(location, "'" + keyword + "' is not implemented yet by Bascule");
        } else {
            Optional<String> best = DidYouMean.bestMatch(keyword, HaproxyKeywords.GLOBAL_SUGGESTIONS);
            diagnostics.alert(location, "unknown keyword '" + keyword + "' in 'global' section"
                    + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
        }
    }
}
