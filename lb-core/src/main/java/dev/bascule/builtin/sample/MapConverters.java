package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.PatternLookup;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.RegexReplacement;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * HAProxy's map converters ({@code map.c}): {@code map_<match>[_<output>](file[,default])}. The
 * file's "key value" lines are a {@link PatternReference} shared by every user of the file; the
 * input is matched against the keys with the match method ({@code str} exactly, {@code beg},
 * {@code end}, {@code sub}, {@code dir}, {@code dom}, {@code reg} in file order, {@code ip} by
 * the longest network, {@code int} exactly) and becomes the value of the entry found, as a
 * string, an integer or an address; the default when none matches, else no value. The entries
 * are compiled into a snapshot read through a volatile field: the runtime API's {@code add map}
 * or {@code set map} compiles a new one on its own thread and publishes it.
 */
final class MapConverters {
    private MapConverters() {
    }

    /** Every map keyword of HAProxy 2.6. */
    static List<SampleConverterFactory> all() {
        List<SampleConverterFactory> factories = new ArrayList<>();
        String[] matches = {"str", "beg", "sub", "dir", "dom", "end", "reg", "int", "ip"};
        String[] outputs = {"str", "int", "ip"};
        for (String match : matches) {
            SampleType input = match.equals("int") ? SampleType.INTEGER
                    : match.equals("ip") ? SampleType.ADDRESS : SampleType.STRING;
            for (String output : outputs) {
                SampleType type = output.equals("int") ? SampleType.INTEGER
                        : output.equals("ip") ? SampleType.ADDRESS : SampleType.STRING;
                String keyword = "map_" + match + (output.equals("str") ? "" : "_" + output);
                factories.add(factory(keyword, input, match, type));
                if (match.equals("str") && output.equals("str")) {
                    factories.add(factory("map", input, match, type));
                }
            }
        }
        // map_reg whose value takes the match's groups (\1...), as HAProxy's PAT_MATCH_REGM
        factories.add(factory("map_regm", SampleType.STRING, "regm", SampleType.STRING));
        return factories;
    }

    private static SampleConverterFactory factory(String keyword, SampleType input, String match, SampleType output) {
        return new BuiltinConverterFactory(keyword, input, output,
                (name, arguments, context) -> create(name, arguments, context, match, output));
    }

    static SampleConverter create(String keyword, List<String> arguments, ConverterContext context, String match,
                                  SampleType output) throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("'" + keyword + "' expects a map file and an optional default value");
        }
        Object fallback = arguments.size() == 2 ? value(arguments.get(1), output, keyword) : null;
        // the argument holds the path's bytes, one character each: the file system name is UTF-8
        String path = new String(arguments.get(0).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        PatternReference reference = context.mapFile(path);
        MapConverter converter = new MapConverter(keyword, match, output, fallback, context);
        reference.subscribe(converter);
        return converter;
    }

    /**
     * A map line compiled: {@code regex} is the key of a {@code map_regm}, whose value is then a
     * {@link RegexReplacement} (its groups go into it).
     */
    private record Entry(@Nullable AclMatcher matcher, int prefix, Object value, PatternEntry source,
                         java.util.regex.@Nullable Pattern regex) {
    }

    /**
     * The compiled entries: for {@code str}, a hash probed in place with the entry of each slot
     * beside it (the first of equal keys, as HAProxy's tree answers); a list in file order for
     * the others.
     */
    private record Snapshot(StringSet keys, Entry[] bySlot, Entry[] entries) {
    }

    /** One map converter: its compiled snapshot, rebuilt when the reference changes. */
    static final class MapConverter implements SampleConverter, PatternLookup {
        private final String keyword;
        private final String match;
        private final SampleType output;
        private final @Nullable Object fallback;
        private final BuiltinMatcherFactory factory;
        /** Where {@code map_regm} values are compiled, when the reference changes too (control plane). */
        private final ConverterContext context;
        private volatile Snapshot snapshot = new Snapshot(new StringSet(List.of(), false), new Entry[2], new Entry[0]);

        MapConverter(String keyword, String match, SampleType output, @Nullable Object fallback,
                     ConverterContext context) {
            this.keyword = keyword;
            this.context = context;
            this.match = match;
            this.output = output;
            this.fallback = fallback;
            this.factory = matcher(match.equals("regm") ? "reg" : match);
        }

        @Override
        public Runnable prepare(List<PatternEntry> entries) throws InvalidArgumentException {
            Map<String, Entry> exact = new LinkedHashMap<>();
            List<Entry> list = new ArrayList<>();
            for (PatternEntry source : entries) {
                String key = source.key();
                Object value = parsedValue(source.value() == null ? "" : source.value());
                if (match.equals("str")) {
                    exact.putIfAbsent(key, new Entry(null, 0, value, source, null));
                    continue;
                }
                int prefix = 0;
                if (match.equals("ip")) {
                    int slash = key.indexOf('/');
                    try {
                        prefix = slash < 0 ? 128 : Integer.parseInt(key.substring(slash + 1).strip());
                    } catch (NumberFormatException e) {
                        throw new InvalidArgumentException("'" + key + "' is not a valid IPv4 or IPv6 address");
                    }
                }
                if (match.equals("regm")) {
                    Pattern regex;
                    try {
                        regex = Pattern.compile(key);
                    } catch (PatternSyntaxException e) {
                        throw new InvalidArgumentException("'" + key + "' is not a valid regular expression: "
                                + e.getDescription());
                    }
                    list.add(new Entry(null, 0, context.regexReplacement((String) value), source, regex));
                    continue;
                }
                list.add(new Entry(factory.compile(List.of(key), new MatchOptions(false)), prefix, value, source,
                        null));
            }
            StringSet keys = new StringSet(List.copyOf(exact.keySet()), false);
            Entry[] bySlot = new Entry[keys.capacity()];
            for (Map.Entry<String, Entry> entry : exact.entrySet()) {
                bySlot[keys.slot(entry.getKey(), 0, entry.getKey().length())] = entry.getValue();
            }
            Snapshot next = new Snapshot(keys, bySlot, list.toArray(new Entry[0]));
            return () -> snapshot = next;
        }

        /** HAProxy's message when a value does not parse as the output type. */
        private Object parsedValue(String text) throws InvalidArgumentException {
            try {
                return value(text, output, keyword);
            } catch (InvalidArgumentException e) {
                throw new InvalidArgumentException("unable to parse '" + text + "'");
            }
        }

        @Override
        public boolean convert(TrafficView traffic, Sample sample) {
            if (match.equals("regm")) {
                return convertWithGroups(sample);
            }
            Entry found = find(snapshot, sample);
            Object value = found == null ? fallback : found.value();
            if (value == null) {
                return false;
            }
            set(sample, value);
            return true;
        }

        /** {@code map_regm}: the first line whose regex matches, its value with the groups put in. */
        private boolean convertWithGroups(Sample sample) {
            CharSequence input = sample.text().subSequence(sample.start(), sample.end());
            for (Entry entry : snapshot.entries()) {
                Matcher matcher = entry.regex().matcher(input);
                if (matcher.find()) {
                    StringBuilder out = sample.scratch();
                    ((RegexReplacement) entry.value()).appendTo(out, input, matcher);
                    sample.setString(out);
                    return true;
                }
            }
            if (fallback == null) {
                return false;
            }
            set(sample, fallback);
            return true;
        }

        private @Nullable Entry find(Snapshot current, Sample sample) {
            if (match.equals("str")) {
                int slot = current.keys().slot(sample.text(), sample.start(), sample.end());
                return slot < 0 ? null : current.bySlot()[slot];
            }
            Entry found = null;
            int best = -1;
            for (Entry entry : current.entries()) {
                boolean hit = entry.regex() != null
                        ? entry.regex().matcher(sample.text().subSequence(sample.start(), sample.end())).find()
                        : entry.matcher().matches(sample);
                if (hit && entry.prefix() > best) {
                    found = entry;
                    if (!match.equals("ip")) {
                        break;
                    }
                    best = entry.prefix();
                }
            }
            return found;
        }

        @Override
        public String matchMethod() {
            return match;
        }

        @Override
        public boolean ignoreCase() {
            return false;
        }

        @Override
        public String shareKey() {
            return match + "/" + output;
        }

        @Override
        public String valueType(PatternEntry entry) {
            switch (output) {
                case INTEGER:
                    return "sint";
                case ADDRESS:
                    try {
                        return value(entry.value() == null ? "" : entry.value(), output, keyword)
                                instanceof Inet4Address ? "ipv4" : "ipv6";
                    } catch (InvalidArgumentException e) {
                        return "ipv4";
                    }
                default:
                    return "str";
            }
        }

        @Override
        public @Nullable PatternEntry lookup(String text, Sample scratch) {
            scratch.setString(text);
            SampleType input = match.equals("int") ? SampleType.INTEGER
                    : match.equals("ip") ? SampleType.ADDRESS : SampleType.STRING;
            if (!scratch.castTo(input)) {
                return null;
            }
            Entry found = find(snapshot, scratch);
            return found == null ? null : found.source();
        }

        @Override
        public String toString() {
            return keyword;
        }
    }

    private static BuiltinMatcherFactory matcher(String match) {
        return (BuiltinMatcherFactory) new BuiltinSamplesPlugin().aclMatchers().stream()
                .filter(factory -> factory.name().equals(match)).findFirst().orElseThrow();
    }

    private static Object value(String text, SampleType output, String keyword) throws InvalidArgumentException {
        switch (output) {
            case INTEGER:
                try {
                    return Long.parseLong(text);
                } catch (NumberFormatException e) {
                    throw new InvalidArgumentException("'" + keyword + "': '" + text + "' is not an integer");
                }
            case ADDRESS:
                Sample parsed = new Sample().setString(text);
                if (!parsed.castTo(SampleType.ADDRESS)) {
                    throw new InvalidArgumentException("'" + keyword + "': '" + text + "' is not an address");
                }
                return parsed.address();
            default:
                return text;
        }
    }

    private static void set(Sample sample, Object value) {
        if (value instanceof Long) {
            sample.setInteger((Long) value);
        } else if (value instanceof InetAddress) {
            sample.setAddress((InetAddress) value);
        } else {
            sample.setString((String) value);
        }
    }
}
