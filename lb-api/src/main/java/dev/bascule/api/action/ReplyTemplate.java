package dev.bascule.api.action;

/**
 * A reply the host compiled from the configuration language's reply arguments
 * ({@link ActionSetup#httpReply}, HAProxy's {@code http_parse_http_reply()}): a status, and either
 * the reply written on the line ({@code string}, {@code lf-string}, {@code file}, {@code errorfile},
 * {@code hdr}...), one of an {@code http-errors} section, the proxy's own reply for the status
 * ({@code default-errorfiles}: its {@code errorfile}, else the built-in page), or no reply at all
 * (an empty {@code errorfile}: the connection closes).
 *
 * <p>Made by the host at load time, immutable and shared by every connection; an action keeps it
 * and hands it to {@link ActionContext#reply(ReplyTemplate)} or
 * {@link ActionContext#deny(ReplyTemplate)}, which render its log-format parts for the message
 * then. Plugins do not implement it: the host only accepts its own.
 *
 * @since 1.1
 */
public interface ReplyTemplate {
    /** The status the reply answers with (for a deny: the status counted and logged). */
    int status();

    /**
     * This reply with every header line called {@code name} replaced by one of value
     * {@code value}, as HAProxy's {@code http-request auth} sends the proxy's 401 with its
     * {@code WWW-Authenticate} challenge. Control plane: call it in {@link ActionFactory#create}.
     */
    ReplyTemplate withHeader(String name, String value);
}
