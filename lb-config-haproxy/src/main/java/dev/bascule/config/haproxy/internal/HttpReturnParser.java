package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;
import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code http-request return [status N] [content-type T] [string S | file F | errorfile F]
 * [hdr NAME VALUE]...}, checked as HAProxy's {@code http_parse_http_reply()} does. Files are read
 * now, relative to the working directory, as HAProxy reads them while parsing.
 */
final class HttpReturnParser {
    /** {@code tune.bufsize}: the largest payload a reply may carry; {@code tune.maxrewrite}: the room it leaves. */
    private final HttpTuning tuning;

    private enum Payload { EMPTY, RAW, ERRORFILE, FORMAT }

    private final TokenizedLine line;
    private final List<String> words;
    private final SourceLocation location;
    private final Diagnostics diagnostics;
    private final String owner;
    private int nextIndex;

    /**
     * @param line        the tokenized line, {@code http-request return ...}
     * @param owner       the section as messages name it, {@code frontend 'www'}
     */
    private final LogFormatParser formats;
    private LogFormat bodyFormat;
    private final List<LogFormat> headerFormats = new ArrayList<>();

    HttpReturnParser(TokenizedLine line, SourceLocation location, Diagnostics diagnostics, String owner,
                     LogFormatParser formats, HttpTuning tuning) {
        this.tuning = tuning;
        this.formats = formats;
        this.line = line;
        this.words = line.words();
        this.location = location;
        this.diagnostics = diagnostics;
        this.owner = owner;
    }

    private int start = 2;
    private int defaultStatus = 200;
    private boolean denyForm;
    private String action = "http-request return";
    private ErrorFiles.Sections sections;
    private boolean silent;
    private boolean builtIn;

    /**
     * Reads the reply of another action: {@code deny} ({@code deny_status} is {@code status}, 403
     * by default) or {@code http-error} (arguments from {@code start}); {@code errorfiles NAME}
     * takes the named section's reply for the status, {@code default-errorfiles} the built-in page.
     */
    HttpReturnParser forAction(String action, int start, int defaultStatus, boolean denyForm,
                               ErrorFiles.Sections sections) {
        this.action = action;
        this.start = start;
        this.defaultStatus = defaultStatus;
        this.denyForm = denyForm;
        this.sections = sections;
        return this;
    }

    /** The reply is no reply at all (an empty errorfile): the connection closes. */
    boolean silent() {
        return silent;
    }

    /** The reply is the built-in page of the status ({@code default-errorfiles}). */
    boolean builtIn() {
        return builtIn;
    }

    private String word(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    private Optional<HttpRequestAction.Return> error(String message) {
        diagnostics.alert(location, "error detected in " + owner + " while parsing '" + action + "' rule : "
                + message + ".");
        return Optional.empty();
    }

    private Optional<HttpRequestAction.Return> notImplemented(String what) {
        diagnostics.alert(location, "'http-request return " + what + "' is not implemented yet by Bascule");
        return Optional.empty();
    }

    /** The index of the first word after the action (its condition, if any), once {@link #parse()} succeeded. */
    int nextIndex() {
        return nextIndex;
    }

    /** The action, or empty after reporting why there is none. */
    Optional<HttpRequestAction.Return> parse() {
        int status = defaultStatus;
        String contentType = null;
        Payload payload = Payload.EMPTY;
        String payloadArgument = null;
        byte[] body = new byte[0];
        ErrorFile errorFile = null;
        List<HeaderField> headers = new ArrayList<>();
        int index = start;
        while (index < words.size()) {
            String argument = words.get(index);
            if (denyForm && argument.equals("deny_status")) {
                argument = "status";
            }
            if (sections != null && (argument.equals("default-errorfiles") || argument.equals("errorfiles"))) {
                if (payload != Payload.EMPTY) {
                    return error("unexpected '" + argument + "' argument, '" + payloadArgument + "' already defined");
                }
                if (argument.equals("default-errorfiles")) {
                    builtIn = true;
                    index++;
                } else {
                    String name = word(index + 1);
                    if (name.isEmpty()) {
                        return error("'errorfiles' expects <name> as argument");
                    }
                    java.util.Map<Integer, Optional<HttpRequestAction.Return>> section = sections.byName.get(name);
                    if (section == null) {
                        return error("unknown http-errors section '" + name + "'");
                    }
                    index += 2;
                    Optional<HttpRequestAction.Return> reply = section.get(status);
                    nextIndex = index;
                    if (reply == null) {
                        builtIn = true;
                    } else if (reply.isEmpty()) {
                        silent = true;
                    } else {
                        return Optional.of(reply.get());
                    }
                }
                nextIndex = index;
                return Optional.of(new HttpRequestAction.Return(status, Optional.empty(), Optional.empty(), List.of()));
            }
            switch (argument) {
                case "status" -> {
                    index++;
                    if (word(index).isEmpty()) {
                        return error("'status' expects <status_code> as argument");
                    }
                    status = (int) CText.atol(word(index));
                    if (status < 200 || status > 599) {
                        return error("Unexpected status code '" + status + "'");
                    }
                    index++;
                }
                case "content-type" -> {
                    index++;
                    if (word(index).isEmpty()) {
                        return error("'content-type' expects <ctype> as argument");
                    }
                    contentType = word(index);
                    index++;
                }
                case "errorfiles", "default-errorfiles", "lf-file", "lf-string", "errorfile", "file", "string" -> {
                    if (payload != Payload.EMPTY) {
                        return error("unexpected '" + argument + "' argument, '" + payloadArgument + "' already defined");
                    }
                    if (!argument.equals("errorfile") && !argument.equals("file") && !argument.equals("string")
                            && !argument.equals("lf-string") && !argument.equals("lf-file")) {
                        return notImplemented(argument);
                    }
                    payloadArgument = argument;
                    index++;
                    if (word(index).isEmpty()) {
                        String expected = argument.equals("string") ? "<str>" : argument.equals("file") ? "<file>" : "<fmt>";
                        return error("'" + argument + "' expects " + expected + " as argument");
                    }
                    if (argument.equals("string")) {
                        body = line.bytes(index);
                        payload = Payload.RAW;
                    } else if (argument.equals("lf-string") || argument.equals("lf-file")) {
                        String text = word(index);
                        if (argument.equals("lf-file")) {
                            Optional<byte[]> content = read(word(index));
                            if (content.isEmpty()) {
                                return error("error opening file '" + word(index) + "'");
                            }
                            text = new String(content.get(), java.nio.charset.StandardCharsets.ISO_8859_1);
                        }
                        try {
                            bodyFormat = formats.parse(text, LogFormatParser.HEADER_VARIABLES, "'http-request return' payloads",
                                    dev.bascule.api.sample.Phase.HTTP_REQUEST);
                        } catch (AclParser.AclException e) {
                            return error(e.getMessage());
                        }
                        payload = Payload.FORMAT;
                    } else if (argument.equals("file")) {
                        Optional<byte[]> content = read(word(index));
                        if (content.isEmpty()) {
                            return error("error opening file '" + word(index) + "'");
                        }
                        if (content.get().length > tuning.bufsize()) {
                            return error("file '" + word(index) + "' exceeds the buffer size (" + content.get().length
                                    + " > " + tuning.bufsize() + ")");
                        }
                        body = content.get();
                        payload = Payload.RAW;
                    } else {
                        Optional<byte[]> content = read(word(index));
                        if (content.isEmpty()) {
                            return error("error opening file '" + word(index) + "'.");
                        }
                        byte[] bytes = content.get();
                        if (bytes.length == 0 && sections != null) {
                            // an empty errorfile: no reply, the connection closes
                            silent = true;
                            nextIndex = index + 1;
                            return Optional.of(new HttpRequestAction.Return(status, Optional.empty(), Optional.empty(),
                                    List.of()));
                        }
                        if (bytes.length > tuning.bufsize()) {
                            diagnostics.warning(location, "custom error message file '" + word(index) + "' larger than "
                                    + tuning.bufsize() + " bytes. Truncating.");
                            bytes = Arrays.copyOf(bytes, tuning.bufsize());
                        }
                        ErrorFile parsed = ErrorFile.parse(bytes);
                        if (parsed.error != null) {
                            return error("'" + word(index) + "': " + parsed.error);
                        }
                        errorFile = parsed;
                        payload = Payload.ERRORFILE;
                    }
                    index++;
                }
                case "hdr" -> {
                    index++;
                    if (word(index).isEmpty() || word(index + 1).isEmpty()) {
                        return error("'hdr' expects <name> and <value> as arguments");
                    }
                    String name = word(index);
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.equals("content-length") || lower.equals("transfer-encoding")
                            || lower.equals("content-type")) {
                        diagnostics.warning(location, "header '" + name + "' always ignored by the http reply.");
                        index += 2;
                        continue;
                    }
                    try {
                        headerFormats.add(formats.parse(word(index + 1), LogFormatParser.HEADER_VARIABLES,
                                "'http-request return' headers", dev.bascule.api.sample.Phase.HTTP_REQUEST));
                    } catch (AclParser.AclException e) {
                        return error(e.getMessage());
                    }
                    // HAProxy's HTX keeps header names in lower case: the reply carries "x-ret", not "X-Ret"
                    headers.add(new HeaderField(lower, word(index + 1)));
                    index += 2;
                }
                default -> {
                    return finish(index, status, contentType, payload, body, errorFile, headers);
                }
            }
        }
        return finish(index, status, contentType, payload, body, errorFile, headers);
    }

    private Optional<HttpRequestAction.Return> finish(int index, int status, String contentType, Payload payload,
                                                      byte[] body, ErrorFile errorFile, List<HeaderField> headers) {
        String type = contentType;
        List<HeaderField> fields = headers;
        switch (payload) {
            case EMPTY -> {
                if (type != null) {
                    diagnostics.warning(location, "content-type '" + type + "' ignored by the http reply because"
                            + " neither errorfile nor payload defined.");
                    type = null;
                }
            }
            case ERRORFILE -> {
                if (type != null) {
                    diagnostics.warning(location, "content-type '" + type + "' ignored by the http reply when used"
                            + " with an erorrfile.");
                }
                if (!fields.isEmpty()) {
                    diagnostics.warning(location, "hdr parameters ignored by the http reply when used with an erorrfile.");
                }
            }
            case FORMAT -> {
                if (status == 204 || status == 304) {
                    return error("No body expected for " + status + " responses");
                }
                if (type == null) {
                    return error("a content type must be defined when non-empty payload is configured");
                }
            }
            case RAW -> {
                if ((status == 204 || status == 304) && body.length > 0) {
                    return error("No body expected for " + status + " responses");
                }
                if (type == null && body.length > 0) {
                    return error("a content type must be defined when non-empty payload is configured");
                }
                if (type != null && body.length == 0) {
                    diagnostics.warning(location, "content-type '" + type + "' ignored by the http reply when used"
                            + " with an empty payload.");
                    type = null;
                }
                if (tuning.bufsize() - body.length < tuning.effectiveMaxrewrite()) {
                    diagnostics.warning(location, "http reply payload runs over the buffer space reserved to headers"
                            + " rewriting. It may lead to internal errors if strict rewriting mode is enabled.");
                }
            }
            default -> throw new IllegalStateException("unexpected payload " + payload);
        }
        nextIndex = index;
        if (payload == Payload.ERRORFILE) {
            return Optional.of(new HttpRequestAction.Return(errorFile.status, Optional.ofNullable(errorFile.contentType),
                    errorFile.body.length == 0 ? Optional.empty() : Optional.of(errorFile.body), errorFile.headers));
        }
        return Optional.of(new HttpRequestAction.Return(status, Optional.ofNullable(type),
                body.length == 0 ? Optional.empty() : Optional.of(body), fields, Optional.ofNullable(bodyFormat),
                headerFormats.subList(0, fields.size())));
    }

    private static Optional<byte[]> read(String path) {
        try {
            return Optional.of(Files.readAllBytes(Path.of(path)));
        } catch (IOException | InvalidPathException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** A whole HTTP/1 response read from an {@code errorfile}, as HAProxy's {@code http_str_to_htx()} checks it. */
    static final class ErrorFile {
        int status;
        String contentType;
        byte[] body = new byte[0];
        final List<HeaderField> headers = new ArrayList<>();
        String error;

        static ErrorFile parse(byte[] message) {
            ErrorFile file = new ErrorFile();
            String text = new String(message, StandardCharsets.ISO_8859_1);
            int headEnd = -1;
            int bodyStart = -1;
            int position = 0;
            while (position <= text.length()) {
                int lineEnd = text.indexOf('\n', position);
                if (lineEnd < 0) {
                    break;
                }
                String current = text.substring(position, lineEnd);
                if (current.isEmpty() || current.equals("\r")) {
                    if (position > 0) {
                        headEnd = position;
                        bodyStart = lineEnd + 1;
                        break;
                    }
                }
                position = lineEnd + 1;
            }
            if (headEnd < 0) {
                file.error = "unable to parse headers (error offset: " + text.length() + ")";
                return file;
            }
            String[] lines = text.substring(0, headEnd).split("\r?\n");
            String[] statusLine = lines[0].split(" ", 3);
            if (statusLine.length < 2 || !statusLine[0].matches("HTTP/1\\.[01]")) {
                file.error = "invalid http version (" + statusLine[0] + ")";
                return file;
            }
            if (!statusLine[1].matches("[0-9]{3}")) {
                file.error = "unable to parse headers (error offset: " + statusLine[0].length() + ")";
                return file;
            }
            file.status = Integer.parseInt(statusLine[1]);
            if (file.status < 200 || file.status > 599) {
                file.error = "invalid http status code for an error message (" + file.status + ")";
                return file;
            }
            long contentLength = -1;
            int offset = lines[0].length() + 1;
            for (int index = 1; index < lines.length; index++) {
                String header = lines[index];
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    file.error = "unable to parse headers (error offset: " + offset + ")";
                    return file;
                }
                String name = header.substring(0, colon).trim();
                String value = header.substring(colon + 1).trim();
                String decoded = new String(value.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                switch (name.toLowerCase(Locale.ROOT)) {
                    case "content-type" -> file.contentType = decoded;
                    case "content-length" -> contentLength = CText.atol(value);
                    case "transfer-encoding" -> {
                        file.error = "chunk-encoded payload not supported";
                        return file;
                    }
                    default -> file.headers.add(new HeaderField(name, decoded));
                }
                offset += header.length() + 1;
            }
            byte[] body = Arrays.copyOfRange(message, bodyStart, message.length);
            if ((file.status == 204 || file.status == 304) && body.length > 0) {
                file.error = "message payload not expected";
                return file;
            }
            if (contentLength >= 0 && contentLength != body.length) {
                file.error = "payload size does not match the announced content-length (" + body.length + " != "
                        + contentLength + ")";
                return file;
            }
            file.body = body;
            return file;
        }
    }
}
