package dev.bascule.api.sample;

/** Tests a sample against compiled patterns. Event loop; must not allocate. */
@FunctionalInterface
public interface AclMatcher {
    /** True when any pattern matches. */
    boolean matches(Sample sample);
}
