package dev.bascule.core.sample.builtin;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleType;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * HAProxy's map converters ({@code map.c}): {@code map_<match>[_<output>](file[,default])}. The
 * file holds "key value" lines ('#' comments, blank lines ignored), read at load; the input is
 * matched against the keys with the match method ({@code str} exactly, {@code beg}, {@code end},
 * {@code sub}, {@code dir}, {@code dom}, {@code reg} in file order, {@code ip} by the longest
 * network, {@code int} exactly) and becomes the value of the entry found, as a string, an integer
 * or an address; the default when none matches, else no value.
 */
final class MapConverters {
    private MapConverters() {
    }

    /** Every map keyword HAProxy 2.6 has but {@code map_regm}. */
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
                factories.add(new BuiltinConverterFactory(keyword, input, type,
                        (name, arguments) -> create(name, arguments, match, type)));
                if (match.equals("str") && output.equals("str")) {
                    factories.add(new BuiltinConverterFactory("map", input, type,
                            (name, arguments) -> create(name, arguments, match, type)));
                }
            }
        }
        return factories;
    }

    private record Entry(AclMatcher matcher, int prefix, Object value) {
    }

    static SampleConverter create(String keyword, List<String> arguments, String match, SampleType output)
            throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.size() > 2) {
            throw new InvalidArgumentException("'" + keyword + "' expects a map file and an optional default value");
        }
        List<String> lines;
        try {
            // the argument holds the path's bytes, one character each: the file system name is UTF-8
            String path = new String(arguments.get(0).getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
            lines = Files.readAllLines(Path.of(path), StandardCharsets.ISO_8859_1);
        } catch (IOException | InvalidPathException e) {
            throw new InvalidArgumentException("failed to open map file '" + arguments.get(0) + "'");
        }
        Object fallback = arguments.size() == 2 ? value(arguments.get(1), output, keyword) : null;
        List<Entry> entries = new ArrayList<>();
        Map<String, Object> exact = new HashMap<>();
        BuiltinMatcherFactory factory = matcher(match);
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            int space = 0;
            while (space < trimmed.length() && !Character.isWhitespace(trimmed.charAt(space))) {
                space++;
            }
            String key = trimmed.substring(0, space);
            Object value = value(trimmed.substring(space).strip(), output, keyword);
            if (match.equals("str")) {
                exact.putIfAbsent(key, value);
                continue;
            }
            int prefix = 0;
            if (match.equals("ip")) {
                int slash = key.indexOf('/');
                prefix = slash < 0 ? 128 : Integer.parseInt(key.substring(slash + 1).strip());
            }
            entries.add(new Entry(factory.compile(List.of(key), new MatchOptions(false)), prefix, value));
        }
        return (traffic, sample) -> {
            Object found;
            if (match.equals("str")) {
                found = exact.get(sample.text().subSequence(sample.start(), sample.end()).toString());
            } else {
                found = null;
                int best = -1;
                for (Entry entry : entries) {
                    if (entry.matcher().matches(sample) && entry.prefix() > best) {
                        found = entry.value();
                        if (!match.equals("ip")) {
                            break;
                        }
                        best = entry.prefix();
                    }
                }
            }
            if (found == null) {
                found = fallback;
            }
            if (found == null) {
                return false;
            }
            set(sample, found);
            return true;
        };
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
