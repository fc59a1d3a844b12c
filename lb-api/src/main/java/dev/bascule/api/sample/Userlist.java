package dev.bascule.api.sample;

import java.util.List;

/**
 * A {@code userlist} section as fetches see it ({@code http_auth}, {@code http_auth_group}).
 * Immutable and safe to use from any event loop. Names and passwords are character sequences of
 * one character per byte (ISO-8859-1), as the {@code Authorization} header carries them.
 */
public interface Userlist {
    /** The section's name. */
    String name();

    /**
     * HAProxy's {@code check_user()}: whether {@code user} is in the list and {@code password} is
     * its password, compared through {@code crypt(3)} unless the user's is an {@code insecure-password}.
     * The comparison may be slow by design (it hashes); it does not block on I/O.
     */
    boolean check(CharSequence user, CharSequence password);

    /** The groups {@code user} belongs to; empty when there is no such user. */
    List<String> groups(CharSequence user);
}
