package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * What the options of a {@code bind} line set; each option's parser (see {@link BindOptionTable})
 * fills its own fields, and {@link BindKeywords} makes the bind of each address from them.
 */
final class BindSettings {
    /** The global TLS defaults as read so far: {@code ssl} inherits them, paths resolve against their bases. */
    final TlsDefaults defaults;
    /** {@code ssl}. */
    boolean ssl;
    /** {@code crt}: the certificates, loaded while parsing. */
    final List<TlsCertificate> certificates = new ArrayList<>();
    /** {@code alpn}. */
    List<String> alpn = List.of();
    /** {@code ciphers}, {@code ciphersuites}, {@code curves}, {@code ecdhe} as written; null when not set. */
    String ciphers;
    String ciphersuites;
    String curves;
    String ecdhe;
    /** {@code ssl-min-ver}, {@code ssl-max-ver}, {@code no-sslv3}, {@code no-tlsv1x}, {@code force-*}. */
    final TlsVersions versions = new TlsVersions();
    boolean noTickets;
    boolean preferClientCiphers;
    boolean strictSni;
    /** {@code crt-ignore-err}, {@code ca-ignore-err}: bit n for OpenSSL's verify error n. */
    long ignoredCertificateErrors;
    long ignoredCaErrors;
    /** {@code verify}, null when not set. */
    TlsSettings.Verify verify;
    /** {@code ca-file}: its path as resolved and its certificates. */
    String caFile;
    final List<X509Certificate> authorities = new ArrayList<>();
    /** {@code crl-file}: its path as resolved and its lists. */
    String crlFile;
    final List<X509CRL> revocations = new ArrayList<>();

    /** The addresses as written after {@code bind}, and how many listeners they make. */
    final String addresses;
    final int listeners;
    /** {@code name}, null when not set. */
    String name;
    /** {@code id}, 0 when not set. */
    int id;
    /** {@code v6only}, {@code v4v6}, {@code tfo}. */
    boolean v6Only;
    boolean v4v6;
    boolean fastOpen;
    /** {@code accept-proxy}. */
    boolean acceptProxy;

    BindSettings(TlsDefaults defaults, String addresses, int listeners) {
        this.defaults = defaults;
        this.addresses = addresses;
        this.listeners = listeners;
    }
}
