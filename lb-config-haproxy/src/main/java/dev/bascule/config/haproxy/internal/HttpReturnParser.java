package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HeaderField;
import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.Phase;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * HAProxy's reply arguments ({@code http_parse_http_reply()}): {@code [status N] [content-type T]
 * [default-errorfiles | errorfile F | errorfiles S | file F | lf-file F | string S | lf-string F]
 * [hdr NAME VALUE]...}, for {@code http-error} and for the reply service lent to the
 * {@code deny} and {@code return} actions ({@link PluginActions}, {@link HaproxySampleSyntax}).
 * Files are read now, relative to the working directory, as HAProxy reads them while parsing.
 */
final class HttpReturnParser {
    /** Why the arguments are not acceptable: HAProxy's message, its full stop included. */
    static final class ReplyException extends Exception {
        private static final long serialVersionUID = 1L;

        ReplyException(String message) {
            super(message);
        }
    }

    /**
     * What the arguments describe.
     *
     * @param reply   the reply ({@code proxyErrorReply}: the proxy's for its status)
     * @param silent  an empty errorfile: no reply, the connection closes (only the status counts)
     * @param builtIn {@code default-errorfiles}, or an {@code http-errors} section without the status
     * @param next    the index of the first word after the reply's own
     */
    record Result(HttpRequestAction.Return reply, boolean silent, boolean builtIn, int next) {
    }

    /** {@code tune.bufsize}: the largest payload a reply may carry; {@code tune.maxrewrite}: the room it leaves. */
    private final HttpTuning tuning;

    private enum Payload { EMPTY, RAW, ERRORFILE, FORMAT }

    private final List<String> words;
    private final Consumer<String> warnings;
    private final LogFormatParser formats;
    private final ErrorFiles.Sections sections;
    private final Phase phase;
    private LogFormat bodyFormat;
    private final List<LogFormat> headerFormats = new ArrayList<>();

    /**
     * @param words    the line's words (or an action's arguments)
     * @param warnings where HAProxy's warnings about the reply go
     * @param sections the {@code http-errors} sections {@code errorfiles} may name
     * @param phase    what the log-format parts see
     */
    HttpReturnParser(List<String> words, Consumer<String> warnings, LogFormatParser formats, HttpTuning tuning,
                     ErrorFiles.Sections sections, Phase phase) {
        this.words = words;
        this.warnings = warnings;
        this.formats = formats;
        this.tuning = tuning;
        this.sections = sections;
        this.phase = phase;
    }

    private String word(int index) {
        return index < words.size() ? words.get(index) : "";
    }

    private static ReplyException error(String message) {
        return new ReplyException(message + ".");
    }

    /** The reply whose arguments start at word {@code start}, {@code defaultStatus} unless it names one. */
    Result parse(int start, int defaultStatus) throws ReplyException {
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
            if (argument.equals("default-errorfiles") || argument.equals("errorfiles")) {
                if (payload != Payload.EMPTY) {
                    throw error("unexpected '" + argument + "' argument, '" + payloadArgument + "' already defined");
                }
                HttpRequestAction.Return proxyReply = new HttpRequestAction.Return(status, Optional.empty(),
                        Optional.empty(), List.of(), Optional.empty(), List.of(), true);
                if (argument.equals("default-errorfiles")) {
                    return new Result(proxyReply, false, true, index + 1);
                }
                String name = word(index + 1);
                if (name.isEmpty()) {
                    throw error("'errorfiles' expects <name> as argument");
                }
                Map<Integer, Optional<HttpRequestAction.Return>> section = sections.byName.get(name);
                if (section == null) {
                    throw error("unknown http-errors section '" + name + "'");
                }
                index += 2;
                Optional<HttpRequestAction.Return> reply = section.get(status);
                if (reply == null) {
                    return new Result(proxyReply, false, true, index);
                }
                if (reply.isEmpty()) {
                    return new Result(proxyReply, true, false, index);
                }
                return new Result(reply.get(), false, false, index);
            }
            switch (argument) {
                case "status" -> {
                    index++;
                    if (word(index).isEmpty()) {
                        throw error("'status' expects <status_code> as argument");
                    }
                    status = (int) CText.atol(word(index));
                    if (status < 200 || status > 599) {
                        throw error("Unexpected status code '" + status + "'");
                    }
                    index++;
                }
                case "content-type" -> {
                    index++;
                    if (word(index).isEmpty()) {
                        throw error("'content-type' expects <ctype> as argument");
                    }
                    contentType = word(index);
                    index++;
                }
                case "lf-file", "lf-string", "errorfile", "file", "string" -> {
                    if (payload != Payload.EMPTY) {
                        throw error("unexpected '" + argument + "' argument, '" + payloadArgument + "' already defined");
                    }
                    payloadArgument = argument;
                    index++;
                    if (word(index).isEmpty()) {
                        String expected = argument.equals("string") ? "<str>" : argument.equals("file") ? "<file>" : "<fmt>";
                        throw error("'" + argument + "' expects " + expected + " as argument");
                    }
                    if (argument.equals("string")) {
                        body = bytesOf(word(index));
                        payload = Payload.RAW;
                    } else if (argument.equals("lf-string") || argument.equals("lf-file")) {
                        String text = word(index);
                        if (argument.equals("lf-file")) {
                            Optional<byte[]> content = read(word(index));
                            if (content.isEmpty()) {
                                throw error("error opening file '" + word(index) + "'");
                            }
                            text = new String(content.get(), StandardCharsets.ISO_8859_1);
                        }
                        try {
                            bodyFormat = formats.parse(text, LogFormatParser.HEADER_VARIABLES,
                                    "'http-request return' payloads", phase);
                        } catch (AclParser.AclException e) {
                            throw error(e.getMessage());
                        }
                        payload = Payload.FORMAT;
                    } else if (argument.equals("file")) {
                        Optional<byte[]> content = read(word(index));
                        if (content.isEmpty()) {
                            throw error("error opening file '" + word(index) + "'");
                        }
                        if (content.get().length > tuning.bufsize()) {
                            throw error("file '" + word(index) + "' exceeds the buffer size (" + content.get().length
                                    + " > " + tuning.bufsize() + ")");
                        }
                        body = content.get();
                        payload = Payload.RAW;
                    } else {
                        Optional<byte[]> content = read(word(index));
                        if (content.isEmpty()) {
                            throw error("error opening file '" + word(index) + "'.");
                        }
                        byte[] bytes = content.get();
                        if (bytes.length == 0) {
                            // an empty errorfile: no reply, the connection closes
                            return new Result(new HttpRequestAction.Return(status, Optional.empty(), Optional.empty(),
                                    List.of()), true, false, index + 1);
                        }
                        if (bytes.length > tuning.bufsize()) {
                            warnings.accept("custom error message file '" + word(index) + "' larger than "
                                    + tuning.bufsize() + " bytes. Truncating.");
                            bytes = Arrays.copyOf(bytes, tuning.bufsize());
                        }
                        ErrorFile parsed = ErrorFile.parse(bytes);
                        if (parsed.error != null) {
                            throw error("'" + word(index) + "': " + parsed.error);
                        }
                        errorFile = parsed;
                        payload = Payload.ERRORFILE;
                    }
                    index++;
                }
                case "hdr" -> {
                    index++;
                    if (word(index).isEmpty() || word(index + 1).isEmpty()) {
                        throw error("'hdr' expects <name> and <value> as arguments");
                    }
                    String name = word(index);
                    String lower = name.toLowerCase(Locale.ROOT);
                    if (lower.equals("content-length") || lower.equals("transfer-encoding")
                            || lower.equals("content-type")) {
                        warnings.accept("header '" + name + "' always ignored by the http reply.");
                        index += 2;
                        continue;
                    }
                    try {
                        headerFormats.add(formats.parse(word(index + 1), LogFormatParser.HEADER_VARIABLES,
                                "'http-request return' headers", phase));
                    } catch (AclParser.AclException e) {
                        throw error(e.getMessage());
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

    private Result finish(int index, int status, String contentType, Payload payload, byte[] body,
                          ErrorFile errorFile, List<HeaderField> headers) throws ReplyException {
        String type = contentType;
        List<HeaderField> fields = headers;
        switch (payload) {
            case EMPTY -> {
                if (type != null) {
                    warnings.accept("content-type '" + type + "' ignored by the http reply because"
                            + " neither errorfile nor payload defined.");
                    type = null;
                }
            }
            case ERRORFILE -> {
                if (type != null) {
                    warnings.accept("content-type '" + type + "' ignored by the http reply when used"
                            + " with an erorrfile.");
                }
                if (!fields.isEmpty()) {
                    warnings.accept("hdr parameters ignored by the http reply when used with an erorrfile.");
                }
            }
            case FORMAT -> {
                if (status == 204 || status == 304) {
                    throw error("No body expected for " + status + " responses");
                }
                if (type == null) {
                    throw error("a content type must be defined when non-empty payload is configured");
                }
            }
            case RAW -> {
                if ((status == 204 || status == 304) && body.length > 0) {
                    throw error("No body expected for " + status + " responses");
                }
                if (type == null && body.length > 0) {
                    throw error("a content type must be defined when non-empty payload is configured");
                }
                if (type != null && body.length == 0) {
                    warnings.accept("content-type '" + type + "' ignored by the http reply when used"
                            + " with an empty payload.");
                    type = null;
                }
                if (tuning.bufsize() - body.length < tuning.effectiveMaxrewrite()) {
                    warnings.accept("http reply payload runs over the buffer space reserved to headers"
                            + " rewriting. It may lead to internal errors if strict rewriting mode is enabled.");
                }
            }
            default -> throw new IllegalStateException("unexpected payload " + payload);
        }
        if (payload == Payload.ERRORFILE) {
            return new Result(new HttpRequestAction.Return(errorFile.status, Optional.ofNullable(errorFile.contentType),
                    errorFile.body.length == 0 ? Optional.empty() : Optional.of(errorFile.body), errorFile.headers),
                    false, false, index);
        }
        return new Result(new HttpRequestAction.Return(status, Optional.ofNullable(type),
                body.length == 0 ? Optional.empty() : Optional.of(body), fields, Optional.ofNullable(bodyFormat),
                headerFormats.subList(0, fields.size())), false, false, index);
    }

    /**
     * The bytes of a word as HAProxy has them: the inverse of {@link TokenizedLine#decode}, UTF-8
     * but for the escaped bytes that are not UTF-8 ({@code \xE0}), kept as U+DC80..U+DCFF.
     */
    static byte[] bytesOf(String word) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(word.length());
        int i = 0;
        while (i < word.length()) {
            char c = word.charAt(i);
            if (c >= TokenizedLine.ESCAPED_BYTE + 0x80 && c <= TokenizedLine.ESCAPED_BYTE + 0xFF) {
                out.write(c - TokenizedLine.ESCAPED_BYTE);
                i++;
                continue;
            }
            int codePoint = word.codePointAt(i);
            byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
            out.write(encoded, 0, encoded.length);
            i += Character.charCount(codePoint);
        }
        return out.toByteArray();
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
