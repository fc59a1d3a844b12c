package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.SourceLocation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code errorfile CODE FILE}, in a proxy or an {@code http-errors} section: the file is a whole
 * HTTP/1 response, read and checked at load as HAProxy's {@code http_load_errorfile()} does; an
 * empty file ({@code /dev/null}) means no reply at all, the connection just closes.
 */
final class ErrorFiles {
    /** HAProxy's {@code http_err_codes}: the statuses an errorfile may replace. */
    static final Set<Integer> CODES = Set.of(200, 400, 401, 403, 404, 405, 407, 408, 410, 413, 425, 429, 500, 501,
            502, 503, 504);

    /** One {@code errorfile} or {@code errorfiles} line of a proxy, resolved in order at the end of the load. */
    record Reference(int code, Optional<HttpRequestAction.Return> reply, String section, List<Integer> codes,
                     SourceLocation location, boolean builtIn) {
        Reference(int code, Optional<HttpRequestAction.Return> reply, String section, List<Integer> codes,
                  SourceLocation location) {
            this(code, reply, section, codes, location, false);
        }
    }

    /** The {@code http-errors} sections by name, each its replies by status. */
    static final class Sections {
        final Map<String, Map<Integer, Optional<HttpRequestAction.Return>>> byName = new LinkedHashMap<>();

        /**
         * An {@code http-errors NAME} line: the replies of the section it starts, or null, after an
         * alert, when it starts none.
         */
        Map<Integer, Optional<HttpRequestAction.Return>> open(List<String> args, SourceLocation location,
                                                              Diagnostics diagnostics) {
            String name = args.size() > 1 ? args.get(1) : "";
            if (name.isEmpty()) {
                diagnostics.alert(location, "'http-errors' expects <name> as argument.");
                return null;
            }
            if (byName.containsKey(name)) {
                diagnostics.alert(location, "http-errors section '" + name + "' already exists.");
                return null;
            }
            Map<Integer, Optional<HttpRequestAction.Return>> section = new LinkedHashMap<>();
            byName.put(name, section);
            return section;
        }
    }

    /** A line inside an {@code http-errors} section, whose replies so far are {@code section}. */
    static void parseSectionLine(List<String> args, SourceLocation location, Diagnostics diagnostics, int bufsize,
                                 Map<Integer, Optional<HttpRequestAction.Return>> section) {
        String keyword = args.get(0);
        if (keyword.equals("errorfile")) {
            String code = args.size() > 1 ? args.get(1) : "";
            String file = args.size() > 2 ? args.get(2) : "";
            load(code, file, location, diagnostics, bufsize)
                    .ifPresent(reply -> section.put(Integer.parseInt(code), reply));
        } else {
            diagnostics.alert(location, "unknown keyword '" + keyword + "' in 'http-errors' section");
        }
    }

    private ErrorFiles() {
    }

    /**
     * Reads {@code errorfile CODE FILE}; empty (after an alert) when it is not acceptable. The
     * inner optional is empty for an empty file.
     */
    static Optional<Optional<HttpRequestAction.Return>> load(String code, String file, SourceLocation location,
                                                            Diagnostics diagnostics, int bufsize) {
        if (code.isEmpty() || file.isEmpty()) {
            diagnostics.alert(location, "'errorfile' expects <status_code> and <file> as arguments.");
            return Optional.empty();
        }
        int status;
        try {
            status = Integer.parseInt(code);
        } catch (NumberFormatException e) {
            status = -1;
        }
        if (!CODES.contains(status)) {
            diagnostics.alert(location, "status code '" + code + "' not handled.");
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(Path.of(file));
        } catch (IOException | InvalidPathException | SecurityException e) {
            diagnostics.alert(location, "error opening file '" + file + "'.");
            return Optional.empty();
        }
        if (bytes.length == 0) {
            return Optional.of(Optional.empty());
        }
        if (bytes.length > bufsize) {
            diagnostics.warning(location, "custom error message file '" + file + "' larger than "
                    + bufsize + " bytes. Truncating.");
            bytes = Arrays.copyOf(bytes, bufsize);
        }
        HttpReturnParser.ErrorFile parsed = HttpReturnParser.ErrorFile.parse(bytes);
        if (parsed.error != null) {
            diagnostics.alert(location, "'" + file + "': " + parsed.error);
            return Optional.empty();
        }
        return Optional.of(Optional.of(new HttpRequestAction.Return(parsed.status,
                Optional.ofNullable(parsed.contentType),
                parsed.body.length == 0 ? Optional.empty() : Optional.of(parsed.body), parsed.headers)));
    }

    /** The replies of a proxy: its references applied in order, a later one replacing an earlier one's status. */
    static Map<Integer, Optional<HttpRequestAction.Return>> resolve(List<Reference> references, Sections sections,
                                                                    Diagnostics diagnostics) {
        Map<Integer, Optional<HttpRequestAction.Return>> replies = new LinkedHashMap<>();
        for (Reference reference : references) {
            if (reference.builtIn()) {
                replies.remove(reference.code());
                continue;
            }
            if (reference.section() == null) {
                replies.put(reference.code(), reference.reply());
                continue;
            }
            Map<Integer, Optional<HttpRequestAction.Return>> section = sections.byName.get(reference.section());
            if (section == null) {
                diagnostics.alert(reference.location(), "unknown http-errors section '" + reference.section()
                        + "' (at 'errorfiles').");
                continue;
            }
            for (Map.Entry<Integer, Optional<HttpRequestAction.Return>> entry : section.entrySet()) {
                if (reference.codes().isEmpty() || reference.codes().contains(entry.getKey())) {
                    replies.put(entry.getKey(), entry.getValue());
                }
            }
        }
        return replies;
    }
}
