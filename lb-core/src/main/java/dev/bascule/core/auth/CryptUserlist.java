package dev.bascule.core.auth;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.UserlistConfig;
import dev.bascule.api.sample.Userlist;

import org.apache.commons.codec.digest.Crypt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code userlist} section with HAProxy's {@code check_user()}: the user is found by its exact
 * name, then its password is hashed with the stored one as salt and compared, as {@code crypt(3)}
 * does; an {@code insecure-password} is compared as it is.
 *
 * <p>The hashes understood are those of {@code crypt(3)}'s common formats: traditional DES,
 * {@code $1$} (MD5), {@code $5$} (SHA-256) and {@code $6$} (SHA-512), with {@code rounds=}.
 * Others ({@code $y$} yescrypt, {@code $2b$} bcrypt...) are refused when the configuration is
 * compiled ({@link #unsupported(UserlistConfig.User)}), never silently failed.
 */
public final class CryptUserlist implements Userlist {
    private final String name;
    private final Map<String, UserlistConfig.User> users = new HashMap<>();

    private CryptUserlist(UserlistConfig config) {
        this.name = config.name();
        for (UserlistConfig.User user : config.users()) {
            users.put(user.name(), user);
        }
    }

    /** The section's users, once every stored password was found usable. */
    public static CryptUserlist of(UserlistConfig config) {
        requireNonNull(config, "config");
        for (UserlistConfig.User user : config.users()) {
            unsupported(user).ifPresent(reason -> {
                throw new IllegalArgumentException(reason);
            });
        }
        return new CryptUserlist(config);
    }

    /**
     * Why the user's stored password cannot be checked, or empty when it can. HAProxy asks the same
     * of {@code crypt("", hash)} when it reads the configuration.
     */
    public static Optional<String> unsupported(UserlistConfig.User user) {
        String hash = user.password();
        if (user.insecure() || hash.isEmpty()) {
            // a user without password never authenticates
            return Optional.empty();
        }
        boolean known = hash.startsWith("$1$") || hash.startsWith("$5$") || hash.startsWith("$6$")
                || !hash.startsWith("$") && !hash.startsWith("_");
        if (known) {
            try {
                Crypt.crypt(new byte[0], hash);
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                // not a hash of any known format
            }
        }
        return Optional.of("the encrypted password used for user '" + user.name() + "' is not supported by Bascule's"
                + " crypt(3), which knows DES, $1$ (MD5), $5$ (SHA-256) and $6$ (SHA-512) hashes.");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public boolean check(CharSequence user, CharSequence password) {
        UserlistConfig.User found = users.get(user.toString());
        if (found == null) {
            return false;
        }
        String given = password.toString();
        if (found.insecure()) {
            return given.equals(found.password());
        }
        if (found.password().isEmpty()) {
            return false;
        }
        // one byte per character, as the header carried them
        return Crypt.crypt(given.getBytes(StandardCharsets.ISO_8859_1), found.password()).equals(found.password());
    }

    @Override
    public List<String> groups(CharSequence user) {
        UserlistConfig.User found = users.get(user.toString());
        return found == null ? List.of() : found.groups();
    }
}
