package dev.bascule.api.config;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A backend's {@code cookie NAME [insert|rewrite|prefix] [indirect] [nocache] [preserve]
 * [httponly] [secure] [domain D]...} line.
 *
 * @param name     the cookie name
 * @param mode     how the cookie reaches the client
 * @param indirect {@code indirect}: in insert mode, the cookie is removed from requests sent to servers
 * @param nocache  {@code nocache}: responses carrying an inserted cookie are marked private
 * @param preserve {@code preserve}: a cookie the server sets itself is kept, and not replaced
 * @param httpOnly {@code httponly}
 * @param secure   {@code secure}
 * @param domains  {@code domain} values, in order
 * @param location where the line is
 */
public record CookieConfig(String name, Mode mode, boolean indirect, boolean nocache, boolean preserve,
                           boolean httpOnly, boolean secure, List<String> domains, SourceLocation location) {
    /** How the persistence cookie is set. */
    public enum Mode {
        /** No mode: the server sets the cookie itself; requests are only read. */
        PASSIVE,
        /** Bascule sets the cookie ({@code insert}). */
        INSERT,
        /** The server sets it; Bascule rewrites its value ({@code rewrite}). */
        REWRITE,
        /** The server sets an application cookie; Bascule prefixes its value ({@code prefix}). */
        PREFIX
    }

    public CookieConfig {
        requireNonNull(name, "name");
        requireNonNull(mode, "mode");
        domains = List.copyOf(domains);
        requireNonNull(location, "location");
    }
}
