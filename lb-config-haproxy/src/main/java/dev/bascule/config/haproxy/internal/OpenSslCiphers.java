package dev.bascule.config.haproxy.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * OpenSSL's cipher strings as HAProxy 2.6 hands them to OpenSSL 3.0: {@code ciphers} and
 * {@code ssl-default-*-ciphers} through {@code SSL_CTX_set_cipher_list()} (names and aliases such
 * as {@code HIGH}, {@code ECDHE+AESGCM}, with {@code !}, {@code -}, {@code +} and
 * {@code @STRENGTH}), {@code ciphersuites} through {@code SSL_CTX_set_ciphersuites()}. Unknown
 * names are skipped, as OpenSSL does; a string that selects nothing is refused. The cipher table
 * (names, strengths, aliases) comes from OpenSSL 3.0's own {@code openssl ciphers -v} output.
 */
final class OpenSslCiphers {
    /** One TLS 1.2 (or older) cipher of OpenSSL's table. */
    private record Cipher(String openSslName, String ianaName, int bits, Set<String> aliases) {
    }

    /** The TLS 1.3 suites OpenSSL 3.0 knows, in its default order. */
    static final List<String> TLS13_SUITES = List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256", "TLS_AES_128_CCM_SHA256", "TLS_AES_128_CCM_8_SHA256");

    private static final List<Cipher> TABLE = load();

    private OpenSslCiphers() {
    }

    private static List<Cipher> load() {
        List<Cipher> ciphers = new ArrayList<>();
        try (InputStream in = OpenSslCiphers.class.getResourceAsStream("openssl-ciphers.txt")) {
            if (in == null) {
                throw new IllegalStateException("openssl-ciphers.txt missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String[] fields = line.split(" ");
                Set<String> aliases = new HashSet<>(Arrays.asList(fields[3].split(",")));
                ciphers.add(new Cipher(fields[0], fields[1], Integer.parseInt(fields[2]), Set.copyOf(aliases)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(ciphers);
    }

    /**
     * {@code SSL_CTX_set_cipher_list()}: the TLS 1.2 and older ciphers a cipher string selects, in
     * preference order, by IANA name; empty when it selects none (OpenSSL's "no cipher match").
     */
    static Optional<List<String>> cipherList(String rules) {
        List<Cipher> order = new ArrayList<>(TABLE);
        Set<Cipher> active = new HashSet<>();
        for (String token : rules.split("[:, ;]")) {
            if (token.isEmpty()) {
                continue;
            }
            char first = token.charAt(0);
            if (first == '@') {
                String special = token.substring(1);
                if (special.equals("STRENGTH")) {
                    order.sort(Comparator.comparingInt((Cipher cipher) -> -cipher.bits()));
                } else if (!special.matches("SECLEVEL=[0-5]")) {
                    return Optional.empty(); // OpenSSL: invalid command
                }
                continue;
            }
            String body = first == '!' || first == '-' || first == '+' ? token.substring(1) : token;
            Set<Cipher> matched = matching(body);
            if (first == '!') {
                order.removeAll(matched);
                active.removeAll(matched);
            } else if (first == '-') {
                List<Cipher> removed = new ArrayList<>();
                for (Cipher cipher : order) {
                    if (matched.contains(cipher) && active.remove(cipher)) {
                        removed.add(cipher);
                    }
                }
                // most recently deleted get the best positions for a later add, as OpenSSL
                order.removeAll(removed);
                order.addAll(0, removed);
            } else if (first == '+') {
                moveToEnd(order, matched, active, true);
            } else {
                moveToEnd(order, matched, active, false);
            }
        }
        List<String> names = new ArrayList<>();
        for (Cipher cipher : order) {
            if (active.contains(cipher)) {
                names.add(cipher.ianaName());
            }
        }
        return names.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(names));
    }

    /** Add ({@code activeOnly} false: the inactive ones become active at the end) or {@code +} (the active move to the end). */
    private static void moveToEnd(List<Cipher> order, Set<Cipher> matched, Set<Cipher> active, boolean activeOnly) {
        List<Cipher> moved = new ArrayList<>();
        for (Cipher cipher : order) {
            if (matched.contains(cipher) && active.contains(cipher) == activeOnly) {
                moved.add(cipher);
            }
        }
        order.removeAll(moved);
        order.addAll(moved);
        active.addAll(moved);
    }

    /** The ciphers a rule names: one cipher, or the intersection of {@code +}-joined aliases; an unknown word matches none. */
    private static Set<Cipher> matching(String body) {
        Set<Cipher> result = null;
        for (String word : body.split("\\+")) {
            Set<Cipher> these = new HashSet<>();
            for (Cipher cipher : TABLE) {
                if (cipher.openSslName().equals(word) || cipher.aliases().contains(word)) {
                    these.add(cipher);
                }
            }
            if (result == null) {
                result = these;
            } else {
                result.retainAll(these);
            }
        }
        return result == null ? Set.of() : result;
    }

    /**
     * {@code SSL_CTX_set_ciphersuites()}: the TLS 1.3 suites of a {@code :}-separated list, unknown
     * names skipped; empty when it names none.
     */
    static Optional<List<String>> tls13Suites(String list) {
        List<String> suites = new ArrayList<>();
        for (String name : list.split(":")) {
            if (TLS13_SUITES.contains(name) && !suites.contains(name)) {
                suites.add(name);
            }
        }
        return suites.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(suites));
    }
}
