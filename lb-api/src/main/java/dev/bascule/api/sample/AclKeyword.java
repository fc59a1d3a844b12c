package dev.bascule.api.sample;

import static java.util.Objects.requireNonNull;

/**
 * An ACL keyword that is a sample fetch with a match method of its own, as HAProxy's
 * {@code hdr_beg} is {@code req.hdr} matched with {@code -m beg}.
 *
 * @param name    the keyword written in {@code acl} lines
 * @param fetch   the sample fetch it reads
 * @param matcher the match method it applies unless {@code -m} says otherwise
 */
public record AclKeyword(String name, String fetch, String matcher) {
    public AclKeyword {
        requireNonNull(name, "name");
        requireNonNull(fetch, "fetch");
        requireNonNull(matcher, "matcher");
    }
}
