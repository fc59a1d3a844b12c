package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TlsCertificate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code crt-list <file>} ({@code ssl_crtlist.c}): one certificate per line, its path relative to
 * {@code crt-base} unless absolute, then its SNI filters: names and {@code *.domain} wildcards
 * that replace the certificate's own names, {@code !name} to exclude one, {@code !*} for none.
 * Blank lines and {@code #} comments are skipped. Per-line TLS options ({@code [alpn ...]}) are
 * not implemented yet: such a line is an alert naming them.
 */
final class CrtLists {
    /** HAProxy's {@code CRT_LINESIZE}. */
    private static final int LINE_SIZE = 65_536;

    private CrtLists() {
    }

    static void register(BindOptionTable table) {
        table.register("crt-list", CrtLists::parse);
    }

    private static int parse(BindOption option) {
        String file = option.value();
        if (file.isEmpty()) {
            return option.alert("missing certificate location");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of(file), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return option.alert("cannot open file '" + file + "' : No such file or directory");
        } catch (AccessDeniedException e) {
            return option.alert("cannot open file '" + file + "' : Permission denied");
        } catch (IOException e) {
            return option.alert("cannot open file '" + file + "' : " + e.getMessage());
        }
        List<TlsCertificate> loaded = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            String where = "parsing [" + file + ":" + (index + 1) + "]";
            String line = lines.get(index);
            if (line.length() >= LINE_SIZE - 1) {
                return option.alert(where + ": line too long, limit is " + (LINE_SIZE - 1) + " characters");
            }
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("\r")) {
                continue;
            }
            if (line.indexOf('[') >= 0 || line.indexOf(']') >= 0) {
                return option.alert(where + ": per-certificate options ('[...]') are not implemented yet by"
                        + " Bascule");
            }
            String[] words = line.strip().split("\\s+");
            if (words.length == 0 || words[0].isEmpty()) {
                continue;
            }
            Optional<String> error = load(option, words, loaded);
            if (error.isPresent()) {
                return option.alert(error.get());
            }
        }
        option.settings.certificates.addAll(loaded);
        return 2;
    }

    /** One line: its certificate with its filters; HAProxy's message when it does not load. */
    private static Optional<String> load(BindOption option, String[] words, List<TlsCertificate> into) {
        String path = option.settings.defaults.certificatePath(words[0]);
        Certificates.Loaded loaded = Certificates.load(path);
        if (loaded.error().isPresent()) {
            return loaded.error();
        }
        List<String> names = new ArrayList<>();
        List<String> excluded = new ArrayList<>();
        boolean filtered = false;
        for (int word = 1; word < words.length; word++) {
            String filter = words[word].toLowerCase(Locale.ROOT);
            filtered = true;
            if (filter.startsWith("!")) {
                if (!filter.equals("!*")) {
                    excluded.add(filter.substring(1));
                }
            } else if (!names.contains(filter)) {
                names.add(filter);
            }
        }
        for (TlsCertificate certificate : loaded.certificates()) {
            if (!filtered) {
                into.add(certificate);
                continue;
            }
            // with filters the certificate's own names are not used; a negative filter also removes one
            into.add(certificate.withFilters(names, excluded));
        }
        return Optional.empty();
    }
}
