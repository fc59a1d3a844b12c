package dev.bascule.transport.netty.tls;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.TlsCertificate;

import io.netty.handler.ssl.SslContext;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HAProxy's SNI trees ({@code sni_ctx}, {@code sni_w_ctx}): the certificates by exact name, then
 * by {@code *.domain} for one label, in load order; a certificate whose {@code crt-list} line
 * excludes the name ({@code !name}) is passed over. Built on the control plane, read-only after.
 */
final class SniMapping {
    private record Candidate(SslContext context, List<String> excluded) {
    }

    private final Map<String, List<Candidate>> exact = new HashMap<>();
    private final Map<String, List<Candidate>> wildcards = new HashMap<>();

    void add(TlsCertificate certificate, SslContext context) {
        Candidate candidate = new Candidate(context, certificate.excluded());
        for (String name : certificate.names()) {
            if (name.startsWith("*.") && name.indexOf('*', 1) < 0) {
                wildcards.computeIfAbsent(name.substring(1), key -> new ArrayList<>(1)).add(candidate);
            } else if (name.indexOf('*') < 0) {
                exact.computeIfAbsent(name, key -> new ArrayList<>(1)).add(candidate);
            }
            // anything else cannot match a server name
        }
    }

    /** The context serving {@code hostname}, null when no certificate serves it. */
    @Nullable SslContext find(@Nullable String hostname) {
        if (hostname == null) {
            return null;
        }
        String name = hostname.toLowerCase(Locale.ROOT);
        SslContext found = first(exact.get(name), name);
        if (found != null) {
            return found;
        }
        int dot = name.indexOf('.');
        return dot < 0 ? null : first(wildcards.get(name.substring(dot)), name);
    }

    private static @Nullable SslContext first(@Nullable List<Candidate> candidates, String name) {
        if (candidates == null) {
            return null;
        }
        for (Candidate candidate : candidates) {
            if (!candidate.excluded().contains(name)) {
                return candidate.context();
            }
        }
        return null;
    }
}
