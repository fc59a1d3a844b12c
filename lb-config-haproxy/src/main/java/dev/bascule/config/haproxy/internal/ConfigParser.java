package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.GlobalLogConfig;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.LogTarget;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsSocketConfig;
import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Reads HAProxy configuration sources into an {@link LbConfig}, following HAProxy 2.6's
 * {@code readcfgfile()}: line by line, section by section, reporting every problem with
 * HAProxy's own words instead of stopping at the first. One instance loads once.
 */
public final class ConfigParser {
    /** HAProxy's {@code MAX_THREADS} in the reference build. */
    static final int MAX_THREADS = 64;

    private static final String NEGATION_MESSAGE = "negation/default currently supported only for options, log,"
            + " busy-polling, set-dumpable, strict-limits, insecure-fork-wanted and numa-cpu-mapping.";

    private enum State { NONE, GLOBAL, PROXY, HTTP_ERRORS, USERLIST, IGNORED, SKIPPED }

    private final ErrorFiles.Sections errorSections = new ErrorFiles.Sections();
    private final Userlists userlists;
    private java.util.Map<Integer, Optional<dev.bascule.api.config.HttpRequestAction.Return>> currentErrors;

    private final Map<String, String> environment;
    private final Diagnostics diagnostics = new Diagnostics();
    /** {@code tune.bufsize}, {@code tune.maxrewrite} (-1: unset) and {@code tune.http.maxhdr}. */
    private int bufsize = HttpTuning.DEFAULT.bufsize();
    private int maxrewrite = -1;
    private int maxhdr = HttpTuning.DEFAULT.maxhdr();
    /** {@code set-var} and {@code set-var-fmt} lines of the global section, in order. */
    private final List<GlobalConfig.Variable> globalVariables = new ArrayList<>();
    private final ProxyParser proxyParser;

    private boolean daemon;
    private OptionalInt maxConnections = OptionalInt.empty();
    private OptionalInt threads = OptionalInt.empty();
    private String pidFile;
    private final List<StatsSocketConfig> statsSockets = new ArrayList<>();
    private OptionalLong sslDefaultDhParam = OptionalLong.empty();
    private final List<LogTarget> logTargets = new ArrayList<>();
    private String logTag;
    private String logHostname;

    private final ProxySection builtInDefaults = ProxySection.builtInDefaults();
    private ProxySection lastDefaults = builtInDefaults;
    private final List<ProxySection> defaultsSections = new ArrayList<>();
    private final List<ProxySection> proxies = new ArrayList<>();

    private State state = State.NONE;
    private String sectionKeyword = "";
    private ProxySection current;
    private String sectionName;
    /** HAProxy's {@code MAXNESTEDCONDS}. */
    private static final int MAX_NESTED_CONDITIONS = 100;

    /** The state of each open {@code .if} block (HAProxy's {@code nested_conds}), index 1 the outermost. */
    private enum Cond { IF_TAKE, IF_DROP, IF_SKIP, ELIF_TAKE, ELIF_DROP, ELIF_SKIP, ELSE_TAKE, ELSE_DROP }

    private final Cond[] conditions = new Cond[MAX_NESTED_CONDITIONS];
    private int conditionLevel;
    /** A condition error stopped the file: no "non-terminated" report then. */
    private boolean conditionAborted;
    private final LoaderContext context;
    private boolean used;

    public ConfigParser(LoaderContext context) {
        requireNonNull(context, "context");
        this.context = context;
        this.environment = Map.copyOf(requireNonNull(context.environment(), "environment"));
        this.proxyParser = new ProxyParser(context.registry(), environment, diagnostics, logTargets);
        this.proxyParser.tuning(() -> new HttpTuning(bufsize, maxrewrite, maxhdr));
        this.userlists = new Userlists(diagnostics);
        proxyParser.errorSections(errorSections);
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
        checkUserlistReferences();
        Optional<LbConfig> config = new ConfigAssembler(proxies, diagnostics, errorSections,
                resolvedUserlists.orElse(List.of())).withRegistry(proxyParser.registry()).withDefaults(defaultsSections)
                .assemble(new GlobalConfig(daemon,
                threads, Optional.ofNullable(pidFile), statsSockets, maxConnections, sslDefaultDhParam,
                new GlobalLogConfig(logTargets, Optional.ofNullable(logTag), Optional.ofNullable(logHostname)),
                globalVariables, new HttpTuning(bufsize, maxrewrite, maxhdr)));
        return new LoadResult(diagnostics.hasAlerts() ? Optional.empty() : config, diagnostics.all());
    }

    /**
     * The userlists named by fetch arguments, and the groups {@code http_auth_group} ACLs match, as
     * HAProxy's {@code smp_resolve_args()} and {@code acl_find_targets()} check them.
     */
    private void checkUserlistReferences() {
        for (ProxyParser.UserlistReference reference : proxyParser.userlistReferences()) {
            AclParser.UserlistUse use = reference.use();
            String where = "in arg 1 of " + (use.acl() ? "ACL keyword '" + use.fetch() + "' in"
                    : "sample fetch keyword '" + use.fetch() + "' in " + reference.keyword() + " expression in")
                    + " proxy '" + reference.proxy() + "'.";
            if (use.userlist().isEmpty()) {
                diagnostics.alert(reference.location(), "missing userlist name " + where);
                continue;
            }
            if (!userlists.contains(use.userlist())) {
                diagnostics.alert(reference.location(), "unable to find userlist '" + use.userlist() + "' referenced "
                        + where);
                continue;
            }
            if (use.acl() && use.fetch().equals("http_auth_group")) {
                String acl = "proxy " + reference.proxy() + ": acl " + use.aclName() + " " + use.fetch() + "(): ";
                if (use.groups().isEmpty()) {
                    diagnostics.alert(reference.location(), acl + "no groups specified.");
                }
                for (String group : use.groups()) {
                    if (!userlists.hasGroup(use.userlist(), group)) {
                        diagnostics.alert(reference.location(), acl + "invalid group '" + group + "'.");
                    }
                }
            }
        }
    }

    private void parseSource(ConfigSource source) {
        state = State.NONE;
        sectionKeyword = "";
        sectionName = null;
        current = null;
        conditionLevel = 0;
        conditionAborted = false;
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
        if (conditionLevel > 0 && !conditionAborted) {
            diagnostics.alert(location, "non-terminated '.if' block.");
        }
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
        if (keyword.equals(".if") || keyword.equals(".elif") || keyword.equals(".else") || keyword.equals(".endif")) {
            return parseCondition(args, location);
        }
        if (conditionLevel > 0 && masked(conditions[conditionLevel])) {
            // the block is left out by its conditions
            return false;
        }
        if (keyword.startsWith(".")) {
            return parseDirective(args, location);
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
            case HTTP_ERRORS -> {
                if (keyword.equals("errorfile")) {
                    List<String> words = args;
                    ErrorFiles.load(word(words, 1), word(words, 2), location, diagnostics, bufsize)
                            .ifPresent(reply -> currentErrors.put(Integer.parseInt(word(words, 1)), reply));
                } else {
                    diagnostics.alert(location, "unknown keyword '" + keyword + "' in 'http-errors' section");
                }
            }
            case USERLIST -> userlists.parse(args, location);
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
        int invalid = invalidChar(scope);
        if (invalid >= 0) {
            diagnostics.alert(location, notPermitted(scope, invalid, "a scope name."));
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

    private static boolean masked(Cond state) {
        return state == Cond.IF_DROP || state == Cond.IF_SKIP || state == Cond.ELIF_DROP || state == Cond.ELIF_SKIP
                || state == Cond.ELSE_DROP;
    }

    /**
     * {@code .if}, {@code .elif}, {@code .else}, {@code .endif}, as HAProxy's {@code readcfgfile()}:
     * a block is taken when its condition holds and no enclosing block is left out; a block after a
     * taken one is skipped without evaluating its condition. True when an error stops the file.
     */
    private boolean parseCondition(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String argument = args.size() > 1 ? args.get(1) : "";
        switch (keyword) {
            case ".if" -> {
                conditionLevel++;
                if (conditionLevel >= MAX_NESTED_CONDITIONS) {
                    diagnostics.alert(location, "too many nested '.if', max is " + MAX_NESTED_CONDITIONS + ".");
                    return abortConditions();
                }
                if (conditionLevel > 1 && masked(conditions[conditionLevel - 1])) {
                    conditions[conditionLevel] = Cond.IF_SKIP;
                    return false;
                }
                Boolean taken = evaluate(args, location);
                if (taken == null) {
                    return abortConditions();
                }
                conditions[conditionLevel] = taken ? Cond.IF_TAKE : Cond.IF_DROP;
                return false;
            }
            case ".elif" -> {
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.elif' with no matching '.if'.");
                    return abortConditions();
                }
                Cond state = conditions[conditionLevel];
                if (state == Cond.ELSE_TAKE || state == Cond.ELSE_DROP) {
                    diagnostics.alert(location, "'.elif' after '.else' is not permitted.");
                    return abortConditions();
                }
                if (state == Cond.IF_TAKE || state == Cond.IF_SKIP || state == Cond.ELIF_TAKE
                        || state == Cond.ELIF_SKIP) {
                    conditions[conditionLevel] = Cond.ELIF_SKIP;
                    return false;
                }
                Boolean taken = evaluate(args, location);
                if (taken == null) {
                    return abortConditions();
                }
                conditions[conditionLevel] = taken ? Cond.ELIF_TAKE : Cond.ELIF_DROP;
                return false;
            }
            case ".else" -> {
                if (!argument.isEmpty()) {
                    diagnostics.alert(location, "Unexpected argument '" + argument + "' for '.else'.");
                    return true;
                }
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.else' with no matching '.if'.");
                    return abortConditions();
                }
                Cond state = conditions[conditionLevel];
                if (state == Cond.ELSE_TAKE || state == Cond.ELSE_DROP) {
                    diagnostics.alert(location, "'.else' after '.else' is not permitted.");
                    return abortConditions();
                }
                conditions[conditionLevel] = state == Cond.IF_TAKE || state == Cond.IF_SKIP || state == Cond.ELIF_TAKE
                        || state == Cond.ELIF_SKIP ? Cond.ELSE_DROP : Cond.ELSE_TAKE;
                return false;
            }
            default -> {
                if (!argument.isEmpty()) {
                    diagnostics.alert(location, "Unexpected argument '" + argument + "' for '.endif'.");
                    return true;
                }
                if (conditionLevel == 0) {
                    diagnostics.alert(location, "lone '.endif' with no matching '.if'.");
                    return true;
                }
                conditionLevel--;
                return false;
            }
        }
    }

    /** An error that ends the file without the "non-terminated" report (HAProxy's {@code goto err}). */
    private boolean abortConditions() {
        conditionAborted = true;
        return true;
    }

    /**
     * The condition of a {@code .if} / {@code .elif} line: its words joined by spaces, as HAProxy
     * joins them; null after reporting one that does not parse, with HAProxy's caret under the spot.
     */
    private Boolean evaluate(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String expression = String.join(" ", args.subList(1, args.size()));
        try {
            return context.condition(expression);
        } catch (dev.bascule.api.loader.InvalidConditionException e) {
            int position = Math.min(e.position(), expression.length());
            diagnostics.alert(location, e.getMessage() + " in '" + keyword + "' at position " + (position + 1) + ":\n  "
                    + keyword + " " + expression + "\n  " + " ".repeat(position + keyword.length() + 1) + "^");
            return null;
        }
    }

    /** {@code .alert}, {@code .warning}, {@code .notice}, {@code .diag}; true after {@code .alert}. */
    private boolean parseDirective(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        boolean known = keyword.equals(".alert") || keyword.equals(".warning") || keyword.equals(".notice")
                || keyword.equals(".diag");
        if (!known) {
            diagnostics.alert(location, "unknown directive '" + keyword + "'.");
            return false;
        }
        if (args.size() > 2 && !args.get(2).isEmpty()) {
            diagnostics.alert(location, "Unexpected argument '" + args.get(2) + "' for '" + keyword
                    + "'. Use quotes if the message should contain spaces.");
            return false;
        }
        String message = "'" + (args.size() > 1 ? args.get(1) : "") + "'.";
        switch (keyword) {
            case ".alert" -> {
                diagnostics.alert(location, message);
                conditionAborted = true;
                return true;
            }
            case ".warning" -> diagnostics.warning(location, message);
            case ".notice" -> diagnostics.notice(location, message);
            default -> {
                // .diag only prints in HAProxy's diagnostic mode (-dD)
            }
        }
        return false;
    }

    private void startSection(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        sectionKeyword = keyword;
        current = null;
        switch (keyword) {
            case "global" -> {
                state = State.GLOBAL;
                tooManyArgs(args, 0, location);
            }
            case "defaults" -> startDefaults(args, location);
            case "frontend" -> startProxy(ProxySection.Kind.FRONTEND, args, location);
            case "backend" -> startProxy(ProxySection.Kind.BACKEND, args, location);
            case "listen" -> startProxy(ProxySection.Kind.LISTEN, args, location);
            case "http-errors" -> {
                String name = word(args, 1);
                if (name.isEmpty()) {
                    state = State.SKIPPED;
                    diagnostics.alert(location, "'http-errors' expects <name> as argument.");
                } else if (errorSections.byName.containsKey(name)) {
                    state = State.SKIPPED;
                    diagnostics.alert(location, "http-errors section '" + name + "' already exists.");
                } else {
                    state = State.HTTP_ERRORS;
                    currentErrors = new java.util.LinkedHashMap<>();
                    errorSections.byName.put(name, currentErrors);
                }
            }
            case "userlist" -> {
                state = State.USERLIST;
                userlists.start(args, location);
            }
            default -> {
                state = State.IGNORED;
                diagnostics.alert(location, "'" + keyword + "' is not implemented yet by Bascule");
            }
        }
    }

    private static String word(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }

    private void startDefaults(List<String> args, SourceLocation location) {
        String name = word(args, 1);
        int from = 2;
        if (name.equals("from") && !word(args, 2).isEmpty() && word(args, 3).isEmpty()) {
            from = 1;
            name = "";
        }
        ProxySection defaults = null;
        if (word(args, from).equals("from")) {
            defaults = namedDefaults(word(args, from + 1), ProxySection.Kind.DEFAULTS, name, location);
        }
        if (defaults != null) {
            checkRulesInheritance(ProxySection.Kind.DEFAULTS, defaults, location);
        }
        ProxySection section = ProxySection.inherit(ProxySection.Kind.DEFAULTS, name, location,
                defaults == null ? builtInDefaults : defaults);
        defaultsSections.add(section);
        lastDefaults = section;
        current = section;
        state = State.PROXY;
    }

    /**
     * HAProxy's restrictions on a defaults section carrying HTTP rules: it cannot initialize
     * another defaults section nor a listen section, nor both frontends and backends.
     */
    private void checkRulesInheritance(ProxySection.Kind kind, ProxySection defaults, SourceLocation location) {
        if (kind.backend && (!defaults.requestCaptures.isEmpty() || !defaults.responseCaptures.isEmpty())) {
            diagnostics.alert(location, "backend or defaults sections cannot inherit from a defaults section defining"
                    + " captures (defaults section at " + defaults.location + ").");
            return;
        }
        if (!defaults.carriesRules) {
            return;
        }
        if (kind == ProxySection.Kind.DEFAULTS) {
            diagnostics.alert(location, "a defaults section cannot inherit from a defaults section defining TCP/HTTP"
                    + " rules (defaults section at " + defaults.location + ").");
        } else if (kind == ProxySection.Kind.LISTEN) {
            diagnostics.alert(location, "a listen section cannot inherit from a defaults section defining TCP/HTTP"
                    + " rules.");
        } else if (defaults.rulesUsedBy != null && defaults.rulesUsedBy != kind) {
            diagnostics.alert(location, "frontends and backends cannot inherit from the same defaults section if it"
                    + " defines TCP/HTTP rules (defaults section at " + defaults.location + ").");
        } else if (!kind.frontend && (!defaults.tcpConnectionRules.isEmpty() || !defaults.tcpSessionRules.isEmpty())) {
            diagnostics.alert(location, "a backend section cannot inherit from a defaults section defining"
                    + " 'tcp-request connection' or 'tcp-request session' rules (defaults section at "
                    + defaults.location + ").");
        } else if (!kind.backend && !defaults.tcpResponseRules.isEmpty()) {
            diagnostics.alert(location, "a frontend section cannot inherit from a defaults section defining"
                    + " 'tcp-response content' rules (defaults section at " + defaults.location + ").");
        } else {
            defaults.rulesUsedBy = kind;
        }
    }

    private void startProxy(ProxySection.Kind kind, List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String name = word(args, 1);
        state = State.SKIPPED;
        if (name.isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects an <id> argument");
            return;
        }
        int invalid = invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, notPermitted(name, invalid, "'" + keyword + "' name '" + name + "'."));
        }
        reportDuplicate(kind, name, location);
        boolean unexpected = !word(args, 2).isEmpty() && (word(args, 3).isEmpty() || !word(args, 2).equals("from"));
        if (unexpected || !word(args, 4).isEmpty()) {
            if (!unexpected) {
                diagnostics.alert(location, "'" + keyword + "' cannot handle unexpected argument '" + word(args, 4)
                        + "'.");
            }
            if (kind.frontend) {
                diagnostics.alert(location, "please use the 'bind' keyword for listening addresses.");
            } else if (unexpected) {
                diagnostics.alert(location, "'" + keyword + "' cannot handle unexpected argument '" + word(args, 2)
                        + "'.");
            }
            return;
        }
        ProxySection defaults = lastDefaults;
        if (word(args, 2).equals("from")) {
            ProxySection named = namedDefaults(word(args, 3), kind, name, location);
            defaults = named == null ? builtInDefaults : named;
        } else {
            defaults.implicitlyReferenced = true;
            warnIfMixed(defaults, location);
        }
        checkRulesInheritance(kind, defaults, location);
        current = ProxySection.inherit(kind, name, location, defaults);
        proxies.add(current);
        state = State.PROXY;
    }

    /** The defaults section a {@code from NAME} designates, or null after reporting why none. */
    private ProxySection namedDefaults(String name, ProxySection.Kind kind, String proxyName,
                                       SourceLocation location) {
        if (name.isEmpty()) {
            // "from" followed by an empty word: HAProxy finds its unnamed built-in defaults
            return builtInDefaults;
        }
        List<ProxySection> matches = new ArrayList<>();
        for (ProxySection defaults : defaultsSections) {
            if (defaults.name.equals(name)) {
                matches.add(defaults);
            }
        }
        if (matches.isEmpty()) {
            diagnostics.alert(location, "defaults section '" + name + "' not found for " + kind.typeName() + " '"
                    + proxyName + "'.");
            return null;
        }
        ProxySection found = matches.get(0);
        if (matches.size() > 1) {
            ProxySection other = matches.get(1);
            diagnostics.alert(location, "ambiguous defaults section name '" + name + "' referenced by "
                    + kind.typeName() + " '" + proxyName + "' exists at least at " + found.location + " and "
                    + other.location + ".");
        }
        int invalid = invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, notPermitted(name, invalid, "defaults section name '" + name
                    + "' when designated by its name (section found at " + found.location + ")."));
        }
        found.explicitlyReferenced = true;
        warnIfMixed(found, location);
        return found;
    }

    private void warnIfMixed(ProxySection defaults, SourceLocation location) {
        if (defaults.explicitlyReferenced && defaults.implicitlyReferenced) {
            diagnostics.warning(location, "defaults section '" + defaults.name + "' (declared at " + defaults.location
                    + ") is explicitly referenced by another proxy and implicitly used here. To avoid any ambiguity"
                    + " don't mix both usage. Add a last defaults section not explicitly used or always use explicit"
                    + " references.");
        }
    }

    /**
     * A frontend (or listen) name must be unique among proxies able to accept connections, a
     * backend name among proxies able to serve them. HAProxy 2.6 checks a listen section against
     * frontends only; Bascule checks both, since its model has one backend list.
     */
    private void reportDuplicate(ProxySection.Kind kind, String name, SourceLocation location) {
        for (ProxySection existing : proxies) {
            boolean clash = (kind.frontend && existing.hasFrontend()) || (kind.backend && existing.hasBackend());
            if (clash && existing.name.equals(name)) {
                diagnostics.alert(location, kind.typeName() + " '" + name + "' has the same name as "
                        + existing.describe() + " declared at " + existing.location + ".");
                return;
            }
        }
    }

    /**
     * HAProxy's {@code "character '%c' is not permitted in " + where} for the character
     * {@link #invalidChar} found. For an empty name that is the name's terminating NUL, and
     * HAProxy's message stops there: {@code character '}.
     */
    static String notPermitted(String name, int invalid, String where) {
        if (invalid >= name.length()) {
            return "character '";
        }
        return "character '" + name.charAt(invalid) + "' is not permitted in " + where;
    }

    /** HAProxy's {@code invalid_char()}: index of the first character not in {@code [A-Za-z0-9_.:-]}, or -1. */
    static int invalidChar(String name) {
        if (name.isEmpty()) {
            return 0;
        }
        for (int index = 0; index < name.length(); index++) {
            char c = name.charAt(index);
            if (!CText.isAlnum(c) && c != '.' && c != ':' && c != '_' && c != '-') {
                return index;
            }
        }
        return -1;
    }

    /** HAProxy's {@code alertif_too_many_args()}: true, after an alert, when args[maxArgs + 1] is set. */
    private boolean tooManyArgs(List<String> args, int maxArgs, SourceLocation location) {
        String extra = word(args, maxArgs + 1);
        if (extra.isEmpty()) {
            return false;
        }
        diagnostics.alert(location, "'" + args.get(0) + "' cannot handle unexpected argument '" + extra + "'.");
        return true;
    }

    private void parseGlobal(List<String> args, SourceLocation location, String modifier) {
        String keyword = args.get(0);
        if (modifier != null) {
            if (modifier.equals("no") && keyword.equals("log")) {
                if (!word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "log : 'no log' does not expect arguments");
                } else {
                    logTargets.clear();
                }
                return;
            }
            diagnostics.alert(location, "'" + modifier + " " + keyword + "' is not implemented yet by Bascule");
            return;
        }
        switch (keyword) {
            case "log" -> parseGlobalLog(args, location);
            case "set-var", "set-var-fmt" -> proxyParser.globalVariable(args, location).ifPresent(
                    variable -> globalVariables.add(new GlobalConfig.Variable(variable, location)));
            case "log-tag" -> {
                if (tooManyArgs(args, 1, location)) {
                    return;
                }
                if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'log-tag' expects a tag for use in syslog.");
                    return;
                }
                logTag = args.get(1);
            }
            case "log-send-hostname" -> {
                if (logHostname != null) {
                    diagnostics.alert(location, "'log-send-hostname' already specified. Continuing.");
                    return;
                }
                logHostname = word(args, 1).isEmpty() ? systemHostname() : args.get(1);
            }
            case "daemon" -> {
                if (!tooManyArgs(args, 0, location)) {
                    daemon = true;
                }
            }
            case "nbthread" -> parseThreads(args, location);
            case "pidfile" -> {
                if (tooManyArgs(args, 1, location)) {
                    return;
                }
                if (pidFile != null) {
                    diagnostics.alert(location, "'pidfile' already specified. Continuing.");
                } else if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'pidfile' expects a file name as an argument.");
                } else {
                    pidFile = args.get(1);
                }
            }
            case "stats" -> parseStats(args, location);
            case "maxconn" -> {
                if (maxConnections.isPresent()) {
                    diagnostics.alert(location, "'maxconn' already specified. Continuing.");
                } else if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'maxconn' expects an integer argument.");
                } else if (!tooManyArgs(args, 1, location)) {
                    // as HAProxy: atol(), and 0 (what a non-number reads as) means no explicit limit
                    long value = CText.atol(word(args, 1));
                    if (value > 0) {
                        maxConnections = OptionalInt.of((int) Math.min(Integer.MAX_VALUE, value));
                    }
                }
            }
            case "tune.ssl.default-dh-param" -> parseDefaultDhParam(args, location);
            case "tune.bufsize" -> {
                if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'tune.bufsize' expects an integer argument.");
                } else if (!tooManyArgs(args, 1, location)) {
                    // atol(), rounded up to a two-pointer alignment (16), as HAProxy 2.6
                    long value = (CText.atol(word(args, 1)) + 15) & -16L;
                    if (value <= 0 || value > Integer.MAX_VALUE) {
                        diagnostics.alert(location, "'tune.bufsize' expects a positive integer argument.");
                    } else {
                        bufsize = (int) value;
                    }
                }
            }
            case "tune.maxrewrite" -> {
                if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'tune.maxrewrite' expects an integer argument.");
                } else if (!tooManyArgs(args, 1, location)) {
                    long value = CText.atol(word(args, 1));
                    if (value < 0 || value > Integer.MAX_VALUE) {
                        diagnostics.alert(location, "'tune.maxrewrite' expects a positive integer argument.");
                    } else {
                        maxrewrite = (int) value;
                    }
                }
            }
            case "tune.http.maxhdr" -> {
                if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'tune.http.maxhdr' expects an integer argument.");
                } else if (!tooManyArgs(args, 1, location)) {
                    int value = CText.atoi(word(args, 1));
                    if (value < 1 || value > 32_767) {
                        diagnostics.alert(location, "'tune.http.maxhdr' expects a numeric value between 1 and 32767");
                    } else {
                        maxhdr = value;
                    }
                }
            }
            case "tune.idle-pool.shared" -> {
                // idle server connections are kept per event loop and never taken by another:
                // HAProxy's "off"; its default "on" (sharing between threads) is not implemented
                String value = word(args, 1);
                if (!value.equals("on") && !value.equals("off")) {
                    diagnostics.alert(location, "'" + args.get(0) + "' expects either 'on' or 'off' but got '" + value
                            + "'.");
                } else if (value.equals("on")) {
                    diagnostics.alert(location, "'tune.idle-pool.shared on' (idle server connections shared between"
                            + " threads) is not implemented yet by Bascule");
                } else {
                    tooManyArgs(args, 1, location);
                }
            }
            default -> {
                if (HaproxyKeywords.GLOBAL_KNOWN.contains(keyword)) {
                    diagnostics.alert(location, "'" + keyword + "' is not implemented yet by Bascule");
                } else {
                    unknownKeyword(keyword, "global", HaproxyKeywords.GLOBAL_SUGGESTIONS, location);
                }
            }
        }
    }

    /**
     * {@code ssl_parse_global_default_dh()}: {@code atoi()} into an unsigned int, at least 1024
     * (so {@code -1} passes, as 4294967295).
     */
    private void parseDefaultDhParam(List<String> args, SourceLocation location) {
        if (tooManyArgs(args, 1, location)) {
            return;
        }
        String value = word(args, 1);
        if (value.isEmpty()) {
            diagnostics.alert(location, "'" + args.get(0) + "' expects an integer argument.");
            return;
        }
        long bits = Integer.toUnsignedLong(atoi(value));
        if (bits < 1024) {
            diagnostics.alert(location, "'" + args.get(0) + "' expects a value >= 1024.");
            return;
        }
        sslDefaultDhParam = OptionalLong.of(bits);
    }

    /** glibc's {@code atoi()}: {@code (int) strtol(text, NULL, 10)}, strtol saturating at the 64-bit bounds. */
    static int atoi(String text) {
        int index = 0;
        while (index < text.length() && CText.isSpace(text.charAt(index))) {
            index++;
        }
        boolean negative = false;
        if (index < text.length() && (text.charAt(index) == '-' || text.charAt(index) == '+')) {
            negative = text.charAt(index) == '-';
            index++;
        }
        long value = 0;
        boolean overflow = false;
        while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
            int digit = text.charAt(index) - '0';
            if (!overflow && value > (Long.MAX_VALUE - digit) / 10) {
                overflow = true;
            } else if (!overflow) {
                value = value * 10 + digit;
            }
            index++;
        }
        long result = overflow ? (negative ? Long.MIN_VALUE : Long.MAX_VALUE) : (negative ? -value : value);
        return (int) result;
    }

    private void parseGlobalLog(List<String> args, SourceLocation location) {
        if (word(args, 1).equals("global") && word(args, 2).isEmpty()) {
            diagnostics.alert(location, "log : 'global' is not supported for a global syslog server");
            return;
        }
        LogParser.Result result = LogParser.parse(args, true, environment, location);
        if (result instanceof LogParser.Failed failed) {
            diagnostics.alert(location, failed.message());
        } else {
            logTargets.add(((LogParser.Parsed) result).target());
        }
    }

    /** HAProxy's {@code hostname}: the name of this machine, as {@code gethostname()} gives it. */
    private static String systemHostname() {
        try {
            String name = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux: ask the JDK
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    private void unknownKeyword(String keyword, String section, List<String> suggestions, SourceLocation location) {
        Optional<String> best = DidYouMean.bestMatch(keyword, suggestions);
        diagnostics.alert(location, "unknown keyword '" + keyword + "' in '" + section + "' section"
                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse(""));
    }

    private void parseThreads(List<String> args, SourceLocation location) {
        if (!word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'nbthread' cannot handle unexpected argument '" + args.get(2) + "'.");
            return;
        }
        Long value = CText.strtolStrict(word(args, 1), 10);
        if (value == null) {
            diagnostics.alert(location, "'nbthread' passed a missing or unparsable integer value in '"
                    + word(args, 1) + "'");
            return;
        }
        if (value < 1 || value > MAX_THREADS) {
            diagnostics.alert(location, "'nbthread' value must be between 1 and " + MAX_THREADS + " (was " + value
                    + ")");
            return;
        }
        threads = OptionalInt.of(value.intValue());
    }

    private void parseStats(List<String> args, SourceLocation location) {
        String what = word(args, 1);
        switch (what) {
            case "socket" -> parseStatsSocket(args, location);
            case "timeout", "maxconn", "bind-process" ->
                    diagnostics.alert(location, "'stats " + what + "' is not implemented yet by Bascule");
            default -> diagnostics.alert(location, "'stats' only supports 'socket', 'maxconn', 'bind-process' and"
                    + " 'timeout' (got '" + what + "')");
        }
    }

    private void parseStatsSocket(List<String> args, SourceLocation location) {
        String prefix = "'stats socket' : ";
        if (word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'stats socket' in global section expects an address or a path to a UNIX"
                    + " socket");
            return;
        }
        List<ListenAddress> addresses = new ArrayList<>();
        for (String item : splitAddresses(args.get(2))) {
            Addresses.Parsed parsed = Addresses.parse(item, Addresses.Use.STATS_SOCKET, environment);
            Optional<ListenAddress> address = listenAddress(parsed, item, "parsing [" + location + "] : " + prefix,
                    prefix, location);
            if (address.isEmpty()) {
                return;
            }
            addresses.add(address.get());
        }
        String level = "operator";
        OptionalInt mode = OptionalInt.empty();
        int index = 3;
        while (index < args.size() && !args.get(index).isEmpty()) {
            String option = args.get(index);
            String value = word(args, index + 1);
            switch (option) {
                case "level" -> {
                    if (value.isEmpty()) {
                        diagnostics.alert(location, prefix + "''level' : missing level'");
                        return;
                    }
                    if (!value.equals("user") && !value.equals("operator") && !value.equals("admin")) {
                        diagnostics.alert(location, prefix + "''level' only supports 'user', 'operator', and 'admin'"
                                + " (got '" + value + "')'");
                        return;
                    }
                    level = value;
                }
                case "mode" -> {
                    if (value.isEmpty() || CText.strtolStrict(value, 8) == null) {
                        diagnostics.alert(location, prefix + "''mode' : missing or invalid mode '" + value
                                + "' (octal integer expected)'");
                        return;
                    }
                    mode = OptionalInt.of(CText.strtolStrict(value, 8).intValue());
                }
                case "expose-fd" -> {
                    if (value.isEmpty()) {
                        diagnostics.alert(location, prefix + "''expose-fd' : missing fd type'");
                        return;
                    }
                    if (!value.equals("listeners")) {
                        diagnostics.alert(location, prefix + "''expose-fd' only supports 'listeners' (got '" + value
                                + "')'");
                        return;
                    }
                    // handing listening sockets to a new process (-x) is how HAProxy reloads seamlessly
                    diagnostics.alert(location, prefix + "'expose-fd listeners' is not implemented yet by Bascule"
                            + " (no seamless reload with -x yet)");
                    return;
                }
                default -> {
                    if (HaproxyKeywords.BIND_KEYWORDS.contains(option)) {
                        diagnostics.alert(location, prefix + "'" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.BIND_KEYWORDS);
                        diagnostics.alert(location, prefix + "unknown keyword '" + option + "'."
                                + best.map(match -> " Did you mean '" + match + "' maybe ?").orElse(""));
                    }
                    return;
                }
            }
            index += 2;
        }
        for (ListenAddress address : addresses) {
            statsSockets.add(new StatsSocketConfig(address, level, mode, location));
        }
    }

    /** {@code str2listener()}'s walk over a comma-separated address list. */
    static List<String> splitAddresses(String list) {
        List<String> items = new ArrayList<>();
        String rest = list;
        while (rest != null && !rest.isEmpty()) {
            int comma = rest.indexOf(',');
            if (comma >= 0) {
                items.add(rest.substring(0, comma));
                rest = rest.substring(comma + 1);
            } else {
                items.add(rest);
                rest = null;
            }
        }
        return items;
    }

    /**
     * A listening address as the model holds it, or empty after an alert.
     *
     * @param invalidPrefix what precedes HAProxy's own messages
     * @param prefix        what precedes Bascule's messages
     */
    static Optional<ListenAddress> listenAddress(Addresses.Parsed parsed, String written, String invalidPrefix,
                                                 String prefix, SourceLocation location, Diagnostics diagnostics) {
        if (parsed instanceof Addresses.Invalid invalid) {
            diagnostics.alert(location, invalidPrefix + invalid.message());
            return Optional.empty();
        }
        if (parsed instanceof Addresses.Unsupported unsupported) {
            diagnostics.alert(location, prefix + "'" + unsupported.form() + "' addresses are not implemented yet by"
                    + " Bascule");
            return Optional.empty();
        }
        if (parsed instanceof Addresses.FileDescriptor fd) {
            return Optional.of(new ListenAddress.FileDescriptor(fd.fd()));
        }
        if (parsed instanceof Addresses.Unix unix) {
            return Optional.of(new ListenAddress.Unix(unix.path()));
        }
        Addresses.Inet inet = (Addresses.Inet) parsed;
        if (inet.hostName()) {
            diagnostics.alert(location, prefix + "host names are not implemented yet by Bascule (in '" + written
                    + "'); use an IP address");
            return Optional.empty();
        }
        if (inet.portLow() != inet.portHigh()) {
            diagnostics.alert(location, prefix + "port ranges are not implemented yet by Bascule (in '" + written
                    + "')");
            return Optional.empty();
        }
        return Optional.of(new ListenAddress.Inet(inet.host(), inet.portLow()));
    }

    private Optional<ListenAddress> listenAddress(Addresses.Parsed parsed, String written, String invalidPrefix,
                                                  String prefix, SourceLocation location) {
        return listenAddress(parsed, written, invalidPrefix, prefix, location, diagnostics);
    }
}
