package dev.bascule.api.sample;

/**
 * Flags written before the patterns of an ACL.
 *
 * @param ignoreCase {@code -i}
 */
public record MatchOptions(boolean ignoreCase) {
}
