package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What an {@code http-request} rule does: an action kept as written for its
 * {@link dev.bascule.api.action.ActionFactory} (every one since 1.1); and {@link Return}, the model
 * of a reply the proxy sends itself.
 */
public sealed interface HttpRequestAction
        permits ActionCall {

    /**
     * A reply the proxy sends itself, as the configuration describes it: an {@code errorfile}
     * (the proxy's replies, {@link HttpPolicy#errorReplies()}, {@link LbConfig#httpErrors()}), or
     * the reply arguments of a {@code deny} or {@code return} rule
     * ({@link dev.bascule.api.loader.SampleSyntax#reply}). Not an action: those rules are
     * {@link ActionCall}s since 1.1.
     *
     * @param status      the status code, 200 by default
     * @param contentType the {@code content-type} of the body, present when there is a body
     * @param body        the payload ({@code string}, {@code file}), empty when none
     * @param headers     {@code hdr} arguments, in order
     * @param bodyFormat  {@code lf-string} / {@code lf-file}: the payload rendered per request (then
     *                    {@code body} is empty)
     * @param headerFormats the values of {@code headers} as log-format strings, in the same order
     * @param proxyErrorReply {@code default-errorfiles}: the proxy's reply for the status
     *                    ({@code errorfile}, {@code http-error}, else the built-in page), nothing else set
     */
    record Return(int status, Optional<String> contentType, Optional<byte[]> body, List<HeaderField> headers,
                  Optional<LogFormat> bodyFormat, List<LogFormat> headerFormats, boolean proxyErrorReply) {
        /** A reply of its own. */
        public Return(int status, Optional<String> contentType, Optional<byte[]> body, List<HeaderField> headers,
                      Optional<LogFormat> bodyFormat, List<LogFormat> headerFormats) {
            this(status, contentType, body, headers, bodyFormat, headerFormats, false);
        }

        /** A reply without log-format strings. */
        public Return(int status, Optional<String> contentType, Optional<byte[]> body, List<HeaderField> headers) {
            this(status, contentType, body, headers, Optional.empty(),
                    headers.stream().map(header -> LogFormat.literal(header.value())).toList());
        }

        public Return {
            if (status < 200 || status > 599) {
                throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
            }
            requireNonNull(contentType, "contentType");
            body = body.map(byte[]::clone);
            headers = List.copyOf(headers);
            requireNonNull(bodyFormat, "bodyFormat");
            headerFormats = List.copyOf(headerFormats);
            if (headerFormats.size() != headers.size()) {
                throw new IllegalArgumentException("one format per header");
            }
        }

        /** A copy of the body; empty when the response has none. */
        @Override
        public Optional<byte[]> body() {
            return body.map(byte[]::clone);
        }
    }
}
