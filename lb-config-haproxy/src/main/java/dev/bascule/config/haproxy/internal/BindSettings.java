package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsCertificate;

import java.util.ArrayList;
import java.util.List;

/**
 * What the options of a {@code bind} line set; each option's parser (see {@link BindOptionTable})
 * fills its own fields, and {@link BindKeywords} makes the bind of each address from them.
 */
final class BindSettings {
    /** {@code ssl}. */
    boolean ssl;
    /** {@code crt}: the certificates, loaded while parsing. */
    final List<TlsCertificate> certificates = new ArrayList<>();
    /** {@code alpn}. */
    List<String> alpn = List.of();
}
