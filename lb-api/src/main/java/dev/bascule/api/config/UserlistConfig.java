package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A {@code userlist} section: the users that {@code http_auth} and {@code http_auth_group} check
 * credentials against.
 *
 * @param name     the section's name
 * @param users    its users, each name once, in declaration order
 * @param groups   its groups, each name once, in declaration order
 * @param location where the section starts
 */
public record UserlistConfig(String name, List<User> users, List<String> groups, SourceLocation location) {
    public UserlistConfig {
        requireNonNull(name, "name");
        users = List.copyOf(users);
        groups = List.copyOf(groups);
        requireNonNull(location, "location");
    }

    /**
     * One {@code user} line.
     *
     * @param name     the user's name
     * @param password its password: a {@code crypt(3)} hash, or the clear text when {@code insecure}
     * @param insecure {@code insecure-password}: compared as it is
     * @param groups   the groups it belongs to, whether named on its line or on the group's
     * @param location where the line is
     */
    public record User(String name, String password, boolean insecure, List<String> groups, SourceLocation location) {
        public User {
            requireNonNull(name, "name");
            requireNonNull(password, "password");
            groups = List.copyOf(groups);
            requireNonNull(location, "location");
        }
    }
}
