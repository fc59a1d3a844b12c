package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.HttpRequestAction;
import dev.bascule.api.config.HttpTuning;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.Phase;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The proxy's error replies: {@code errorfile}, {@code errorfiles} and {@code http-error}. */
final class ErrorKeywords {
    private final Diagnostics diagnostics;
    private final LogFormatParser logFormats;
    /** The global {@code tune.*} values as read so far. */
    private final Supplier<HttpTuning> tuning;
    /** The http-errors sections of the configuration, as they are read. */
    private final Supplier<ErrorFiles.Sections> errorSections;

    ErrorKeywords(Diagnostics diagnostics, LogFormatParser logFormats, Supplier<HttpTuning> tuning,
                  Supplier<ErrorFiles.Sections> errorSections) {
        this.diagnostics = diagnostics;
        this.logFormats = logFormats;
        this.tuning = tuning;
        this.errorSections = errorSections;
    }

    void register(ProxyKeywordTable table) {
        table.register("errorfile", this::parseErrorFile);
        table.register("errorfiles", ErrorKeywords::parseErrorFiles);
        table.register("http-error", this::parseHttpError);
    }

    /** {@code errorfile CODE FILE}: the file's reply for the status. */
    private void parseErrorFile(ProxyLine line) {
        ErrorFiles.load(line.word(1), line.word(2), line.location, diagnostics, tuning.get().bufsize())
                .ifPresent(reply -> line.section.errorReferences.add(new ErrorFiles.Reference(
                        Integer.parseInt(line.word(1)), reply, null, List.of(), line.location)));
    }

    /** {@code http-error status N [reply]}: the proxy's reply for N (HAProxy's http reply arguments). */
    private void parseHttpError(ProxyLine line) {
        if (!line.word(1).equals("status") || line.word(2).isEmpty()) {
            line.alert("'http-error' expects 'status' followed by a status code.");
            return;
        }
        int status = (int) CText.atol(line.word(2));
        if (!ErrorFiles.CODES.contains(status)) {
            line.alert("'http-error' : status code '" + line.word(2) + "' not handled.");
            return;
        }
        HttpReturnParser.Result reply;
        try {
            reply = new HttpReturnParser(line.tokens.words(), message -> line.warning(message), logFormats,
                    tuning.get(), errorSections.get(), Phase.HTTP_REQUEST).parse(1, 200);
        } catch (HttpReturnParser.ReplyException e) {
            line.alert("error detected in " + line.section.describe() + " while parsing 'http-error' rule : "
                    + e.getMessage());
            return;
        }
        if (reply.next() < line.args.size() && !line.word(reply.next()).isEmpty()) {
            line.alert("'http-error' : unexpected argument '" + line.word(reply.next()) + "'.");
            return;
        }
        line.section.errorReferences.add(new ErrorFiles.Reference(status,
                reply.silent() ? Optional.empty() : Optional.of(reply.reply()), null, List.of(), line.location,
                reply.builtIn()));
    }

    /** {@code errorfiles NAME [CODE...]}: an {@code http-errors} section's replies, all or some. */
    private static void parseErrorFiles(ProxyLine line) {
        if (line.word(1).isEmpty()) {
            line.alert("'errorfiles' expects <name> as argument.");
            return;
        }
        List<Integer> codes = new ArrayList<>();
        for (int i = 2; !line.word(i).isEmpty(); i++) {
            try {
                int code = Integer.parseInt(line.word(i));
                if (!ErrorFiles.CODES.contains(code)) {
                    throw new NumberFormatException();
                }
                codes.add(code);
            } catch (NumberFormatException e) {
                line.warning("'errorfiles' : status code '" + line.word(i) + "' not handled.");
            }
        }
        line.section.errorReferences.add(new ErrorFiles.Reference(0, Optional.empty(), line.word(1), codes,
                line.location));
    }
}
