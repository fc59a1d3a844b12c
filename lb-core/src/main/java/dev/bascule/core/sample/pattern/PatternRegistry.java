package dev.bascule.core.sample.pattern;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.PatternReferences;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The pattern references of one configuration (HAProxy's {@code pattern_reference} list). A file
 * name is one reference however many converters and ACLs use it; each ACL line also has one for
 * its inline patterns. When compilation is over, {@link #finish()} numbers them as HAProxy does:
 * in the order HAProxy creates them while parsing, which is configuration order, except for
 * {@code use_backend} formats that it parses once every section is read.
 */
public final class PatternRegistry implements PatternReferences {
    private final AtomicLong entryIds = new AtomicLong(1);
    private final Object lock = new Object();
    private final Map<String, Created> byFile = new HashMap<>();
    private final List<Created> created = new ArrayList<>();
    private final Map<String, Integer> fileRanks = new LinkedHashMap<>();
    private long sequence;
    private volatile List<PatternRef> ordered = List.of();

    /**
     * Where a reference is used: the line, whether HAProxy parses it after all sections
     * ({@code use_backend} formats), and by what ({@code map} or {@code acl}).
     */
    public record Use(SourceLocation location, boolean deferred, boolean map) {
    }

    private record Stamp(Use use, long sequence) {
    }

    private static final class Created {
        final PatternRef ref;
        final String inlineKeyword;
        final List<Stamp> uses = new ArrayList<>();

        Created(PatternRef ref, String inlineKeyword) {
            this.ref = ref;
            this.inlineKeyword = inlineKeyword;
        }
    }

    /**
     * The two-column file {@code file}, read on its first use.
     *
     * @throws InvalidArgumentException when it cannot be read or is already used as a one-column file
     */
    public synchronized PatternRef mapFile(String file, Use use) throws InvalidArgumentException {
        Created existing = byFile.get(file);
        if (existing != null) {
            if (!existing.ref.hasValues()) {
                throw new InvalidArgumentException("The file \"" + file + "\" is already used as one column file and"
                        + " cannot be used by as two column file.");
            }
            stamp(existing, use);
            return existing.ref;
        }
        PatternRef ref = new PatternRef(file, true, entryIds::getAndIncrement,
                PatternRef.entries(readMap(file), entryIds::getAndIncrement), lock);
        return register(file, ref, null, use);
    }

    /**
     * The one-column file {@code file} of an ACL, with the patterns the loader read from it on its
     * first use.
     *
     * @throws InvalidArgumentException when it is already used as a two-column file
     */
    public synchronized PatternRef aclFile(String file, List<String> patterns, Use use)
            throws InvalidArgumentException {
        Created existing = byFile.get(file);
        if (existing != null) {
            if (existing.ref.hasValues()) {
                throw new InvalidArgumentException("The file \"" + file + "\" is already used as two column file and"
                        + " cannot be used by as one column file.");
            }
            stamp(existing, use);
            return existing.ref;
        }
        return register(file, new PatternRef(file, false, entryIds::getAndIncrement,
                PatternRef.entries(patterns.stream().map(pattern -> new String[] {pattern}).toList(),
                        entryIds::getAndIncrement), lock), null, use);
    }

    /** The inline patterns of one ACL line, {@code keyword} being the ACL's keyword as written. */
    public synchronized PatternRef aclInline(String keyword, List<String> patterns, Use use) {
        return register(null, new PatternRef("", false, entryIds::getAndIncrement,
                PatternRef.entries(patterns.stream().map(pattern -> new String[] {pattern}).toList(),
                        entryIds::getAndIncrement), lock), keyword, use);
    }

    private PatternRef register(String file, PatternRef ref, String inlineKeyword, Use use) {
        Created entry = new Created(ref, inlineKeyword);
        if (file != null) {
            byFile.put(file, entry);
        }
        created.add(entry);
        stamp(entry, use);
        return ref;
    }

    private void stamp(Created entry, Use use) {
        fileRanks.putIfAbsent(use.location().file(), fileRanks.size());
        for (Stamp stamp : entry.uses) {
            if (stamp.use().equals(use)) {
                return; // the same line compiled again (a rule shared by several proxies)
            }
        }
        entry.uses.add(new Stamp(use, sequence++));
    }

    /** Numbers the references and writes what {@code show map} says of each. Call once, after compiling. */
    public synchronized void finish() {
        Comparator<Stamp> order = Comparator.<Stamp>comparingInt(stamp -> stamp.use().deferred() ? 1 : 0)
                .thenComparingInt(stamp -> fileRanks.get(stamp.use().location().file()))
                .thenComparingInt(stamp -> stamp.use().location().line())
                .thenComparingLong(Stamp::sequence);
        for (Created entry : created) {
            entry.uses.sort(order);
        }
        List<Created> sorted = new ArrayList<>(created);
        sorted.sort(Comparator.comparing(entry -> entry.uses.get(0), order));
        List<PatternRef> refs = new ArrayList<>(sorted.size());
        for (int i = 0; i < sorted.size(); i++) {
            Created entry = sorted.get(i);
            PatternRef ref = entry.ref;
            ref.id(i);
            Use first = entry.uses.get(0).use();
            ref.map(first.map());
            StringBuilder display = new StringBuilder();
            if (entry.inlineKeyword != null) {
                display.append("acl '").append(entry.inlineKeyword).append("' file '").append(first.location().file())
                        .append("' line ").append(first.location().line());
            } else {
                display.append("pattern loaded from file '").append(ref.file()).append("' used by ")
                        .append(first.map() ? "map" : "acl").append(" at file '").append(first.location().file())
                        .append("' line ").append(first.location().line());
                for (Stamp stamp : entry.uses.subList(1, entry.uses.size())) {
                    display.append(", by ").append(stamp.use().map() ? "map" : "acl").append(" at file '")
                            .append(stamp.use().location().file()).append("' line ")
                            .append(stamp.use().location().line());
                }
            }
            ref.display(display.toString());
            refs.add(ref);
        }
        ordered = List.copyOf(refs);
    }

    @Override
    public List<PatternReference> all() {
        return List.copyOf(ordered);
    }

    /** As {@link #all()}, with the operations of the runtime API. */
    public List<PatternRef> references() {
        return ordered;
    }

    @Override
    public Optional<PatternReference> lookup(String name) {
        return Optional.ofNullable(find(name));
    }

    /**
     * As {@link #lookup(String)}: {@code #<id>} (a decimal number, nothing after it) or a file
     * name; null when none is.
     */
    public PatternRef find(String name) {
        if (name.startsWith("#")) {
            int id;
            try {
                id = Integer.parseInt(name.substring(1));
            } catch (NumberFormatException e) {
                return null;
            }
            for (PatternRef ref : ordered) {
                if (ref.id() == id) {
                    return ref;
                }
            }
            return null;
        }
        for (PatternRef ref : ordered) {
            if (ref.file().equals(name) && !name.isEmpty()) {
                return ref;
            }
        }
        return null;
    }

    /**
     * A map file's lines as HAProxy reads them: blanks before the key skipped, '#' lines and empty
     * lines ignored, the key up to the first blank, the value the rest of the line without the
     * blanks around it.
     */
    public static List<String[]> readMap(String file) throws InvalidArgumentException {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (IOException | InvalidPathException | SecurityException e) {
            throw new InvalidArgumentException("failed to open map file '" + file + "'");
        }
        List<String[]> entries = new ArrayList<>();
        for (String line : lines) {
            int start = 0;
            while (start < line.length() && (line.charAt(start) == ' ' || line.charAt(start) == '\t')) {
                start++;
            }
            if (start == line.length() || line.charAt(start) == '#' || line.charAt(start) == '\r') {
                continue;
            }
            int keyEnd = start;
            while (keyEnd < line.length() && " \t\r".indexOf(line.charAt(keyEnd)) < 0) {
                keyEnd++;
            }
            int valueStart = keyEnd;
            while (valueStart < line.length() && (line.charAt(valueStart) == ' ' || line.charAt(valueStart) == '\t')) {
                valueStart++;
            }
            int valueEnd = valueStart;
            while (valueEnd < line.length() && line.charAt(valueEnd) != '\r') {
                valueEnd++;
            }
            while (valueEnd > valueStart && (line.charAt(valueEnd - 1) == ' ' || line.charAt(valueEnd - 1) == '\t')) {
                valueEnd--;
            }
            entries.add(new String[] {line.substring(start, keyEnd), line.substring(valueStart, valueEnd)});
        }
        return entries;
    }
}
