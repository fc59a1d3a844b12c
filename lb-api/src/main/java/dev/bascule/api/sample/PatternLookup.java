package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

/**
 * A user of a {@link PatternReference} that can also say which entry a value matches, as
 * HAProxy's {@code pattern_expr} does for the runtime API's {@code get map} and {@code get acl}.
 * A subscriber implementing it is listed by those commands; one that does not is skipped.
 *
 * <p>Control plane: the runtime API calls it on its own thread, while event loops read the
 * user's compiled snapshot; it may allocate, and must read the entries it was last given (or the
 * reference's current ones), never state an event loop writes.
 */
public interface PatternLookup extends PatternReference.Subscriber {
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

    /** The entry {@code text} matches, or null; {@code scratch} is a holder the lookup may use. */
    @Nullable PatternEntry lookup(String text, Sample scratch);
}
