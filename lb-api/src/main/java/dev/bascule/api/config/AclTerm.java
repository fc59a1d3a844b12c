package dev.bascule.api.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One operand of a condition: a named ACL (every {@code acl} line of that name, any of which may
 * match) or an anonymous one, possibly negated with {@code !}.
 *
 * @param negated whether written {@code !name}
 * @param name    the ACL's name, or the anonymous ACL's text
 * @param acls    the lines it stands for; the term is true when one of them matches
 */
public record AclTerm(boolean negated, String name, List<AclConfig> acls) {
    public AclTerm {
        requireNonNull(name, "name");
        acls = List.copyOf(acls);
    }
}
