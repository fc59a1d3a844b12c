package dev.bascule.core.sample.pattern;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.Sample;

/**
 * A subscriber of a reference that can say which entry a value matches, for the runtime API's
 * {@code get map} and {@code get acl}. Control plane: may allocate.
 */
public interface PatternLookup {
    /** The match method's name, as {@code -m} writes it. */
    String matchMethod();

    boolean ignoreCase();

    /** Whether HAProxy indexes these patterns in a tree ({@code idx=tree}) rather than a list. */
    default boolean tree() {
        String method = matchMethod();
        return !ignoreCase() && (method.equals("str") || method.equals("beg") || method.equals("ip"));
    }

    /**
     * Users answering alike share one line of {@code get map}, as HAProxy shares one
     * {@code pattern_expr} between users of the same match method, flags and value type.
     */
    default String shareKey() {
        return matchMethod() + (ignoreCase() ? "/i" : "");
    }

    /** What {@code get map} prints as the value's type ({@code str}, {@code sint}, {@code ipv4}); null for an ACL. */
    @Nullable String valueType(PatternEntry entry);

    /** The entry {@code text} matches, or null. */
    @Nullable PatternEntry lookup(String text, Sample scratch);
}
