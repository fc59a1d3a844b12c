package dev.bascule.core.rules;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.PatternLookup;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;

import java.util.ArrayList;
import java.util.List;

/**
 * The matcher of an ACL whose patterns live in pattern references (its {@code -f} files, then
 * its inline patterns): the matcher the plugin compiled from all their entries, replaced through
 * a volatile field when the runtime API changes one of them. Compiling goes through the plugin's
 * unchanged {@link AclMatcherFactory}, so third-party match methods follow changes too.
 */
final class LiveAclMatcher implements AclMatcher {
    private final AclMatcherFactory factory;
    private final MatchOptions options;
    private final List<PatternReference> references;
    private volatile AclMatcher current;

    private LiveAclMatcher(AclMatcherFactory factory, MatchOptions options, List<PatternReference> references) {
        this.factory = factory;
        this.options = options;
        this.references = List.copyOf(references);
    }

    /** Compiles the entries of {@code references} and follows their changes. */
    static LiveAclMatcher of(AclMatcherFactory factory, MatchOptions options, List<PatternReference> references)
            throws InvalidArgumentException {
        LiveAclMatcher matcher = new LiveAclMatcher(factory, options, references);
        matcher.current = matcher.compile(-1, List.of());
        for (int i = 0; i < references.size(); i++) {
            references.get(i).subscribe(matcher.new Part(i));
        }
        return matcher;
    }

    /** All patterns, with {@code replaced} instead of the entries of reference {@code index}. */
    private AclMatcher compile(int index, List<PatternEntry> replaced) throws InvalidArgumentException {
        List<String> patterns = new ArrayList<>();
        for (int i = 0; i < references.size(); i++) {
            for (PatternEntry entry : i == index ? replaced : references.get(i).entries()) {
                patterns.add(entry.key());
            }
        }
        return factory.compile(patterns, options);
    }

    @Override
    public boolean matches(Sample sample) {
        return current.matches(sample);
    }

    /** This ACL as a user of one of its references. */
    private final class Part implements PatternLookup {
        private final int index;

        Part(int index) {
            this.index = index;
        }

        @Override
        public Runnable prepare(List<PatternEntry> entries) throws InvalidArgumentException {
            AclMatcher next = compile(index, entries);
            return () -> current = next;
        }

        @Override
        public String matchMethod() {
            return factory.name();
        }

        @Override
        public boolean ignoreCase() {
            return options.ignoreCase();
        }

        @Override
        public @Nullable String valueType(PatternEntry entry) {
            return null;
        }

        @Override
        public @Nullable PatternEntry lookup(String text, Sample scratch) {
            SampleType type = factory.accepts().contains(SampleType.STRING) ? SampleType.STRING
                    : factory.accepts().contains(SampleType.ADDRESS) ? SampleType.ADDRESS : SampleType.INTEGER;
            PatternEntry found = null;
            int longest = -1;
            for (PatternEntry entry : references.get(index).entries()) {
                scratch.setString(text);
                if (!scratch.castTo(type)) {
                    return null;
                }
                boolean matches;
                try {
                    matches = factory.compile(List.of(entry.key()), options).matches(scratch);
                } catch (InvalidArgumentException e) {
                    matches = false;
                }
                if (!matches) {
                    continue;
                }
                if (!factory.name().equals("beg") && !factory.name().equals("ip")) {
                    return entry;
                }
                // HAProxy's trees answer the longest prefix
                if (entry.key().length() > longest) {
                    found = entry;
                    longest = entry.key().length();
                }
            }
            return found;
        }
    }
}
