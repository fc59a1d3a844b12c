package dev.bascule.config.haproxy.internal;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.ConverterCall;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * ACL expressions and conditions, as HAProxy's {@code parse_acl_expr()} and
 * {@code parse_acl_cond()} read them: {@code fetch[(args)] [flags] [patterns]}, and
 * {@code if|unless [!]term [[!]term]... [or|||] ...} with anonymous ACLs between braces.
 * Every fetch and match method is looked up in the plugin registry and compiled once here, so
 * that a wrong argument or pattern is reported at its line.
 */
final class AclParser {
    private static final Set<String> HAPROXY_FETCHES = resource("haproxy-fetches.txt");
    private static final Set<String> HAPROXY_ACL_KEYWORDS = resource("haproxy-acl-keywords.txt");
    private static final Set<String> HAPROXY_CONVERTERS = resource("haproxy-converters.txt");

    /** HAProxy's predefined ACLs ({@code default_acl_list}). */
    private static final Map<String, List<String>> PREDEFINED = Map.ofEntries(
            Map.entry("TRUE", List.of("always_true")),
            Map.entry("FALSE", List.of("always_false")),
            Map.entry("LOCALHOST", List.of("src", "127.0.0.1/8", "::1")),
            Map.entry("HTTP", List.of("req.proto_http")),
            Map.entry("HTTP_1.0", List.of("req.ver", "1.0")),
            Map.entry("HTTP_1.1", List.of("req.ver", "1.1")),
            Map.entry("HTTP_2.0", List.of("req.ver", "2.0")),
            Map.entry("METH_CONNECT", List.of("method", "CONNECT")),
            Map.entry("METH_DELETE", List.of("method", "DELETE")),
            Map.entry("METH_GET", List.of("method", "GET", "HEAD")),
            Map.entry("METH_HEAD", List.of("method", "HEAD")),
            Map.entry("METH_OPTIONS", List.of("method", "OPTIONS")),
            Map.entry("METH_POST", List.of("method", "POST")),
            Map.entry("METH_PUT", List.of("method", "PUT")),
            Map.entry("METH_TRACE", List.of("method", "TRACE")),
            Map.entry("HTTP_URL_ABS", List.of("url_reg", "^[^/:]*://")),
            Map.entry("HTTP_URL_SLASH", List.of("url_beg", "/")),
            Map.entry("HTTP_URL_STAR", List.of("url", "*")),
            Map.entry("HTTP_CONTENT", List.of("req.hdr_val(content-length)", "gt", "0")),
            Map.entry("RDP_COOKIE", List.of("req.rdp_cookie_cnt", "gt", "0")),
            Map.entry("REQ_CONTENT", List.of("req.len", "gt", "0")),
            Map.entry("WAIT_END", List.of("wait_end")));

    /** A user mistake, with HAProxy's words. */
    static final class AclException extends Exception {
        private static final long serialVersionUID = 1L;

        AclException(String message) {
            super(message, null, false, false);
        }
    }

    private final KeywordRegistry registry;

    AclParser(KeywordRegistry registry) {
        this.registry = registry;
    }

    private static Set<String> resource(String name) {
        try (InputStream in = AclParser.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            Set<String> names = new LinkedHashSet<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
            return Set.copyOf(names);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Whether a fetch's message is already worded as HAProxy's argument errors are: a parse error
     * ({@code fetch method 'int' : failed to parse ...}) or a check's ({@code invalid args in fetch method ...}).
     */
    private static boolean worded(String message) {
        return message.startsWith("fetch method '") || message.startsWith("invalid args in fetch method '");
    }

    /**
     * One ACL: {@code words} are what follows the name on an {@code acl} line (or the words
     * between braces), starting with the fetch.
     */
    AclConfig parse(String name, List<String> words, SourceLocation location) throws AclException {
        if (words.isEmpty() || words.get(0).isEmpty()) {
            throw new AclException("missing ACL expression");
        }
        String expression = words.get(0);
        Parts parts = split(expression, "ACL keyword");
        String keyword = parts.keyword();
        List<String> arguments = parts.arguments();
        List<ConverterCall> converters = parts.converters();

        String fetchName;
        String matcherName;
        SampleFetchFactory fetch;
        Optional<AclKeyword> aclKeyword = registry.aclKeyword(keyword);
        if (aclKeyword.isPresent()) {
            fetchName = aclKeyword.get().fetch();
            fetch = registry.sampleFetch(fetchName).orElseThrow(() -> new AclException("ACL keyword '" + keyword
                    + "' reads fetch '" + aclKeyword.get().fetch() + "', which no plugin serves"));
            matcherName = aclKeyword.get().matcher();
        } else {
            Optional<SampleFetchFactory> found = registry.sampleFetch(keyword);
            if (found.isEmpty()) {
                if (HAPROXY_FETCHES.contains(keyword) || HAPROXY_ACL_KEYWORDS.contains(keyword)) {
                    throw new AclException("fetch '" + keyword + "' is not implemented yet by Bascule");
                }
                throw new AclException("unknown fetch method '" + keyword + "' in ACL expression '" + expression + "'");
            }
            fetch = found.get();
            fetchName = keyword;
            matcherName = null;
        }
        try {
            fetch.create(List.copyOf(arguments));
        } catch (InvalidArgumentException e) {
            if (aclKeyword.isEmpty() && worded(e.getMessage())) {
                // HAProxy's sample-expression errors, with where they were found
                throw new AclException(e.getMessage() + " in ACL expression '" + expression + "'");
            }
            throw new AclException("in argument to '" + keyword + "', " + e.getMessage());
        }
        SampleType outputType = checkConverters(fetch.outputType(), converters, expression);

        boolean ignoreCase = false;
        boolean patternsStarted = false;
        boolean asMap = false;
        List<String> patterns = new ArrayList<>();
        List<AclConfig.PatternFile> patternFiles = new ArrayList<>();
        int index = 1;
        while (index < words.size() && words.get(index).startsWith("-") && !patternsStarted) {
            String flag = words.get(index);
            switch (flag) {
                case "-i" -> index++;
                case "-n" -> index++;
                case "-u" -> throw new AclException("ACL flag '-u' is not implemented yet by Bascule");
                case "-M" -> {
                    asMap = true;
                    index++;
                }
                case "-m" -> {
                    if (index + 1 >= words.size() || words.get(index + 1).isEmpty()) {
                        throw new AclException("missing matching method after '-m' in parsing ACL expression");
                    }
                    String method = words.get(index + 1);
                    if (registry.aclMatcher(method).isEmpty()) {
                        throw new AclException("unknown matching method '" + method + "' when parsing ACL expression");
                    }
                    matcherName = method;
                    index += 2;
                }
                case "-f" -> {
                    if (index + 1 >= words.size() || words.get(index + 1).isEmpty()) {
                        throw new AclException("missing file name after '-f'");
                    }
                    List<String> read = asMap ? readMapKeys(words.get(index + 1)) : readPatternFile(words.get(index + 1));
                    patterns.addAll(read);
                    patternFiles.add(new AclConfig.PatternFile(words.get(index + 1), read, asMap));
                    index += 2;
                }
                case "--" -> {
                    index++;
                    patternsStarted = true;
                }
                default -> throw new AclException("'" + flag + "' is not a valid ACL option. Please use '--' before any"
                        + " pattern beginning with a '-'");
            }
            if (flag.equals("-i")) {
                ignoreCase = true;
            }
        }
        while (index < words.size()) {
            patterns.add(words.get(index++));
        }

        if (matcherName == null) {
            if (outputType == SampleType.ANY) {
                // HAProxy's parse_acl_expr(): no default match for a fetch of no fixed type (var, set-var)
                throw new AclException("matching method must be specified first (using '-m') when using a sample"
                        + " fetch of this type ('" + keyword + "')");
            }
            matcherName = defaultMatcher(outputType);
        }
        String method = matcherName;
        AclMatcherFactory matcher = registry.aclMatcher(method).orElseThrow(() -> new AclException(
                "matching method '" + method + "' is not served by any plugin"));
        if (outputType != SampleType.ANY && !matcher.accepts().contains(outputType)) {
            throw new AclException("matching method '" + matcherName + "' cannot be used with fetch keyword '"
                    + keyword + "'");
        }
        MatchOptions options = new MatchOptions(ignoreCase);
        try {
            matcher.compile(List.copyOf(patterns), options);
        } catch (InvalidArgumentException e) {
            throw new AclException(e.getMessage());
        }
        noteUserlist(fetchName, arguments, true, name, patterns);
        return new AclConfig(name, fetchName, arguments, matcherName, options, patterns, location, converters,
                keyword, patternFiles);
    }

    /** The fetches whose first argument names a userlist section (HAProxy's {@code ARGT_USR}). */
    private static final Set<String> USERLIST_FETCHES = Set.of("http_auth", "http_auth_group");

    /**
     * A userlist named by a fetch's argument, resolved once every section is read as HAProxy's
     * {@code smp_resolve_args()} does.
     *
     * @param userlist the name written, empty when none was
     * @param fetch    the fetch keyword
     * @param acl      whether it is an ACL's fetch (else a rule's expression)
     * @param aclName  the ACL's name
     * @param groups   an ACL's patterns: for {@code http_auth_group}, the groups it matches
     */
    record UserlistUse(String userlist, String fetch, boolean acl, String aclName, List<String> groups) {
    }

    private final List<UserlistUse> userlistUses = new ArrayList<>();

    private void noteUserlist(String fetch, List<String> arguments, boolean acl, String aclName,
                              List<String> patterns) {
        if (USERLIST_FETCHES.contains(fetch)) {
            userlistUses.add(new UserlistUse(arguments.isEmpty() ? "" : arguments.get(0), fetch, acl, aclName,
                    List.copyOf(patterns)));
        }
    }

    /** The userlists named since the last call, which the caller places. */
    List<UserlistUse> takeUserlistUses() {
        List<UserlistUse> taken = List.copyOf(userlistUses);
        userlistUses.clear();
        return taken;
    }

    /** A sample expression cut into its fetch keyword, the fetch's arguments and the converters. */
    record Parts(String keyword, List<String> arguments, List<ConverterCall> converters) {
    }

    /** Cuts {@code fetch[(args)][,conv[(args)]]...}; {@code what} names the fetch in messages. */
    static Parts split(String expression, String what) throws AclException {
        int end = 0;
        while (end < expression.length() && isIdChar(expression.charAt(end))) {
            end++;
        }
        String keyword = expression.substring(0, end);
        List<String> arguments = new ArrayList<>();
        int position;
        try {
            position = arguments(expression, end, arguments);
        } catch (AclException e) {
            throw new AclException((what.equals("fetch") ? "fetch method" : what) + " '" + keyword + "' : "
                    + e.getMessage());
        }
        List<ConverterCall> converters = new ArrayList<>();
        if (position < expression.length()) {
            if (expression.charAt(position) != ',') {
                throw new AclException(what + " '" + keyword + "' : missing comma after fetch keyword '" + keyword
                        + "'");
            }
            converters = converters(expression.substring(position + 1), keyword);
        }
        return new Parts(keyword, arguments, converters);
    }

    /**
     * Reads a keyword's argument list starting at {@code from} as HAProxy 2.6's
     * {@code make_arg_list()} (src/arg.c) does, into {@code out}, and returns where the list ends.
     * No opening parenthesis: no argument. Arguments are split on commas and end at the first
     * {@code ')'}, both only outside quotes; parentheses do not nest. Single quotes protect
     * everything, double quotes everything but backslashes; outside single quotes a backslash
     * escapes a backslash, a space or a quote, makes {@code \r}, {@code \n}, {@code \t} control
     * characters and is kept before any other character ({@code \1} stays {@code \1}, for
     * regsub). Nothing is trimmed. {@code ()} holds no argument: keywords whose first argument
     * is a mandatory string read it as empty, as HAProxy does.
     */
    static int arguments(String text, int from, List<String> out) throws AclException {
        if (from >= text.length() || text.charAt(from) != '(') {
            return from;
        }
        int i = from + 1;
        if (i < text.length() && text.charAt(i) == ')') {
            return i + 1;
        }
        StringBuilder argument = new StringBuilder();
        while (true) {
            boolean squote = false;
            boolean dquote = false;
            argument.setLength(0);
            while (i < text.length()) {
                char c = text.charAt(i);
                if (c == '"' && !squote) {
                    dquote = !dquote;
                    i++;
                } else if (c == '\'' && !dquote) {
                    squote = !squote;
                    i++;
                } else if (c == '\\' && !squote) {
                    if (i + 1 >= text.length()) {
                        throw new AclException("failed to parse '' after '" + argument + "' at position "
                                + (out.size() + 1));
                    }
                    char next = text.charAt(i + 1);
                    switch (next) {
                        case '\\', ' ', '"', '\'' -> {
                            argument.append(next);
                            i += 2;
                        }
                        case 'r' -> {
                            argument.append('\r');
                            i += 2;
                        }
                        case 'n' -> {
                            argument.append('\n');
                            i += 2;
                        }
                        case 't' -> {
                            argument.append('\t');
                            i += 2;
                        }
                        default -> {
                            argument.append(c);
                            i++;
                        }
                    }
                } else if (!squote && !dquote && (c == ',' || c == ')')) {
                    break;
                } else {
                    argument.append(c);
                    i++;
                }
            }
            out.add(bytesAsChars(argument.toString()));
            if (i >= text.length()) {
                throw new AclException("expected ')'");
            }
            if (text.charAt(i) == ')') {
                return i + 1;
            }
            i++; // the comma
        }
    }

    /**
     * A sample expression outside ACLs ({@code %[...]} of a log-format string): a fetch (not an ACL
     * keyword) with its converters, each checked against the registry.
     */
    LogFormat.Expression expression(String expression, List<String> options,
                                                           Phase phase, String shown)
            throws AclException {
        Parts parts = split(expression, "fetch");
        Optional<SampleFetchFactory> fetch = registry.sampleFetch(parts.keyword());
        if (fetch.isEmpty()) {
            if (HAPROXY_FETCHES.contains(parts.keyword())) {
                throw new AclException("fetch '" + parts.keyword() + "' is not implemented yet by Bascule");
            }
            throw new AclException("unknown fetch method '" + parts.keyword() + "'");
        }
        if (!fetch.get().availableIn().contains(phase)) {
            // HAProxy's words (its <...> shows the rest of the format string from the fetch on)
            throw new AclException("sample fetch <" + shown + "> may not be reliably used here because it needs '"
                    + (fetch.get().availableIn().contains(Phase.HTTP_REQUEST)
                            ? "HTTP request headers" : "HTTP response headers") + "' which is not available here.");
        }
        try {
            fetch.get().create(List.copyOf(parts.arguments()));
        } catch (InvalidArgumentException e) {
            throw new AclException(worded(e.getMessage()) ? e.getMessage()
                    : "invalid args in fetch method '" + parts.keyword() + "' : " + e.getMessage());
        }
        checkConverters(fetch.get().outputType(), parts.converters(), expression);
        noteUserlist(parts.keyword(), parts.arguments(), false, "", List.of());
        return new LogFormat.Expression(parts.keyword(), parts.arguments(), parts.converters(),
                options);
    }

    /** Looks each converter up, checks its arguments and its input type; returns the expression's type. */
    private SampleType checkConverters(SampleType fetchType, List<ConverterCall> converters, String expression)
            throws AclException {
        SampleType type = fetchType;
        for (ConverterCall call : converters) {
            Optional<SampleConverterFactory> factory = registry.sampleConverter(call.name());
            if (factory.isEmpty()) {
                if (HAPROXY_CONVERTERS.contains(call.name())) {
                    throw new AclException("converter '" + call.name() + "' is not implemented yet by Bascule");
                }
                throw new AclException("unknown converter '" + call.name() + "' in ACL expression '" + expression + "'");
            }
            if (!type.castableTo(factory.get().inputType())) {
                throw new AclException("converter '" + call.name() + "' cannot be applied");
            }
            try {
                factory.get().create(call.arguments());
            } catch (InvalidArgumentException e) {
                throw new AclException("invalid args in converter '" + call.name() + "' : " + e.getMessage());
            }
            type = factory.get().outputType();
        }
        return type;
    }

    /**
     * An argument as the bytes HAProxy sees: the line's words are decoded from UTF-8, while
     * samples hold one character per byte (traffic and map files are read as ISO-8859-1), so
     * {@code str(é)} is the two bytes C3 A9, as haproxy 2.6.12 hashes and measures it.
     */
    static String bytesAsChars(String argument) {
        for (int i = 0; i < argument.length(); i++) {
            if (argument.charAt(i) >= 0x80) {
                return encode(argument);
            }
        }
        return argument;
    }

    /** UTF-8, but for the bytes {@link TokenizedLine#decode} escaped, which come back as they were. */
    private static String encode(String argument) {
        StringBuilder out = new StringBuilder(argument.length() * 2);
        int start = 0;
        for (int i = 0; i <= argument.length(); i++) {
            char c = i < argument.length() ? argument.charAt(i) : 0;
            boolean escaped = c >= TokenizedLine.ESCAPED_BYTE + 0x80 && c <= TokenizedLine.ESCAPED_BYTE + 0xFF;
            if (i == argument.length() || escaped) {
                out.append(new String(argument.substring(start, i).getBytes(StandardCharsets.UTF_8),
                        StandardCharsets.ISO_8859_1));
                if (escaped) {
                    out.append((char) (c - TokenizedLine.ESCAPED_BYTE));
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    /**
     * The converters after a fetch: {@code conv1(args),conv2,...}, each argument list read as
     * {@link #arguments} does; commas between converters may repeat, as HAProxy tolerates.
     */
    static List<ConverterCall> converters(String text, String fetch) throws AclException {
        List<ConverterCall> calls = new ArrayList<>();
        int i = 0;
        while (true) {
            while (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
            if (i >= text.length()) {
                break; // "path," has no converter, which HAProxy tolerates
            }
            int nameEnd = i;
            while (nameEnd < text.length() && isIdChar(text.charAt(nameEnd))) {
                nameEnd++;
            }
            String name = text.substring(i, nameEnd);
            if (name.isEmpty()) {
                throw new AclException("unknown converter '' after fetch keyword '" + fetch + "'");
            }
            List<String> arguments = new ArrayList<>();
            try {
                i = arguments(text, nameEnd, arguments);
            } catch (AclException e) {
                throw new AclException("invalid arg " + Math.max(1, arguments.size()) + " in converter '" + name
                        + "' : " + e.getMessage());
            }
            calls.add(new ConverterCall(name, arguments));
            if (i < text.length() && text.charAt(i) != ',') {
                throw new AclException("missing comma after converter '" + name + "'");
            }
        }
        return calls;
    }

    /** The match method HAProxy applies to a fetch used without {@code -m}, by its output type. */
    private static String defaultMatcher(SampleType type) {
        return switch (type) {
            case BOOLEAN -> "bool";
            case INTEGER -> "int";
            case ADDRESS -> "ip";
            case BINARY -> "bin";
            case STRING, METHOD, ANY -> "str";
        };
    }

    /** HAProxy's {@code is_idchar()}. */
    private static boolean isIdChar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_'
                || c == '-' || c == '+' || c == '$';
    }

    /**
     * The keys of a map file ({@code -M}): the first word of each line ("key value"), empty and
     * '#' lines skipped, as HAProxy's {@code pat_ref_read_from_file_smp()} reads them.
     */
    private static List<String> readMapKeys(String file) throws AclException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new AclException("failed to open pattern file <" + file + ">");
        }
        List<String> keys = new ArrayList<>();
        for (String line : lines) {
            String entry = line.strip();
            if (entry.isEmpty() || entry.startsWith("#")) {
                continue;
            }
            int blank = 0;
            while (blank < entry.length() && entry.charAt(blank) != ' ' && entry.charAt(blank) != '\t') {
                blank++;
            }
            keys.add(entry.substring(0, blank));
        }
        return keys;
    }

    /** A pattern file: one pattern per line, blanks around it removed, empty and '#' lines skipped. */
    private static List<String> readPatternFile(String file) throws AclException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new AclException("failed to open pattern file <" + file + ">");
        }
        List<String> patterns = new ArrayList<>();
        for (String line : lines) {
            String pattern = line.strip();
            if (!pattern.isEmpty() && !pattern.startsWith("#")) {
                patterns.add(pattern);
            }
        }
        return patterns;
    }

    /**
     * A condition: {@code words} start with {@code if} or {@code unless}. Named terms are looked up
     * in {@code known} (the section's ACLs so far), then among HAProxy's predefined ACLs, and come
     * back with no line: {@link #resolve} fills them in once the section is complete, so that later
     * {@code acl} lines of the same name count, as they do in HAProxy.
     */
    Condition parseCondition(List<String> words, Map<String, List<AclConfig>> known, SourceLocation location)
            throws AclException {
        boolean unless;
        if (words.get(0).equals("if")) {
            unless = false;
        } else if (words.get(0).equals("unless")) {
            unless = true;
        } else {
            throw new AclException("conditions must start with either 'if' or 'unless'");
        }
        List<List<AclTerm>> alternatives = new ArrayList<>();
        List<AclTerm> current = new ArrayList<>();
        boolean negated = false;
        for (int index = 1; index < words.size(); index++) {
            String word = words.get(index);
            while (word.startsWith("!")) {
                negated = !negated;
                word = word.substring(1);
            }
            if (word.isEmpty()) {
                continue;
            }
            if (word.equalsIgnoreCase("or") || word.equals("||")) {
                if (!current.isEmpty()) {
                    alternatives.add(current);
                }
                current = new ArrayList<>();
                negated = false;
                continue;
            }
            AclTerm term;
            if (word.equals("{")) {
                int close = index + 1;
                while (close < words.size() && !words.get(close).equals("}")) {
                    close++;
                }
                if (close == words.size()) {
                    throw new AclException("missing closing '}' in condition");
                }
                List<String> inner = words.subList(index + 1, close);
                String text = "{ " + String.join(" ", inner) + " }";
                term = new AclTerm(negated, text, List.of(parse(text, inner, location)));
                index = close;
            } else if (known.containsKey(word)) {
                term = new AclTerm(negated, word, List.of());
            } else if (PREDEFINED.containsKey(word)) {
                term = new AclTerm(negated, word, List.of(parse(word, PREDEFINED.get(word), location)));
            } else {
                throw new AclException("no such ACL : '" + word + "'");
            }
            current.add(term);
            negated = false;
        }
        if (!current.isEmpty()) {
            alternatives.add(current);
        }
        return new Condition(unless, alternatives);
    }

    /** The condition with its named terms standing for every {@code acl} line of their name. */
    static Condition resolve(Condition condition, Map<String, List<AclConfig>> acls) {
        List<List<AclTerm>> alternatives = new ArrayList<>();
        for (List<AclTerm> terms : condition.alternatives()) {
            List<AclTerm> resolved = new ArrayList<>();
            for (AclTerm term : terms) {
                if (term.acls().isEmpty()) {
                    resolved.add(new AclTerm(term.negated(), term.name(), acls.get(term.name())));
                } else {
                    resolved.add(term);
                }
            }
            alternatives.add(resolved);
        }
        return new Condition(condition.unless(), alternatives);
    }
}
