package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code -m reg}: the sample contains a match of a pattern (an unanchored search, as HAProxy's
 * {@code regex_exec2()}; {@code ^} and {@code $} anchor at the sample's bounds). {@code -i}
 * compiles with {@link Pattern#CASE_INSENSITIVE} (ASCII, as REG_ICASE in the C locale). The
 * syntax is {@link java.util.regex}'s, close to PCRE's that HAProxy is usually built with.
 *
 * <p>Each thread reuses one {@link Matcher} per pattern, reset onto the sample's range, so that
 * matching allocates nothing after a thread's first call.
 */
final class RegexMatcher implements AclMatcher {
    private static final String NOTHING = "";

    private final Pattern[] patterns;
    private final ThreadLocal<Matcher[]> matchers;

    private RegexMatcher(Pattern[] patterns) {
        this.patterns = patterns;
        this.matchers = ThreadLocal.withInitial(() -> {
            Matcher[] created = new Matcher[patterns.length];
            for (int i = 0; i < created.length; i++) {
                created[i] = patterns[i].matcher(NOTHING);
            }
            return created;
        });
    }

    static AclMatcher compile(List<String> expressions, MatchOptions options) throws InvalidArgumentException {
        if (expressions.isEmpty()) {
            return BuiltinMatcherFactory.NEVER;
        }
        Pattern[] compiled = new Pattern[expressions.size()];
        int flags = options.ignoreCase() ? Pattern.CASE_INSENSITIVE : 0;
        for (int i = 0; i < compiled.length; i++) {
            String expression = expressions.get(i);
            try {
                compiled[i] = Pattern.compile(expression, flags);
            } catch (PatternSyntaxException e) {
                throw new InvalidArgumentException("regex '" + expression + "' is invalid (error=" + e.getDescription()
                        + ", erroffset=" + Math.max(0, e.getIndex()) + ")");
            }
        }
        return new RegexMatcher(compiled);
    }

    @Override
    public boolean matches(Sample sample) {
        if (!Chars.isText(sample)) {
            return false;
        }
        Matcher[] perThread = matchers.get();
        for (Matcher matcher : perThread) {
            // reset(CharSequence) and region() only rewind the matcher's existing state
            matcher.reset(sample.text()).region(sample.start(), sample.end());
            boolean found = matcher.find();
            matcher.reset(NOTHING); // do not keep the request's text reachable
            if (found) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "reg" + Arrays.toString(patterns);
    }
}
