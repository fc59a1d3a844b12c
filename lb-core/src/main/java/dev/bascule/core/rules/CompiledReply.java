package dev.bascule.core.rules;

import dev.bascule.api.Nullable;
import dev.bascule.api.action.ReplyTemplate;
import dev.bascule.core.format.TrafficFormat;
import dev.bascule.core.runtime.DirectResponse;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The host's {@link ReplyTemplate}: a reply compiled from the configuration (an {@code errorfile},
 * the reply arguments of {@code deny} and {@code return}), HAProxy's {@code struct http_reply}.
 * Immutable and shared; the transport renders its log-format parts per message.
 */
public final class CompiledReply implements ReplyTemplate {
    /** What the reply is, as HAProxy's {@code HTTP_REPLY_*}. */
    public enum Kind {
        /** A reply of its own: {@link #response()}, rendered with {@link #body()} and {@link #headers()} when dynamic. */
        OWN,
        /** The proxy's reply for the status ({@code default-errorfiles}), chosen when it is sent. */
        PROXY,
        /** No reply (an empty {@code errorfile}): the connection closes. */
        SILENT
    }

    private final Kind kind;
    private final int status;
    private final @Nullable DirectResponse response;
    private final @Nullable TrafficFormat body;
    private final TrafficFormat @Nullable [] headers;
    private final @Nullable String challengeName;
    private final @Nullable String challengeValue;

    private CompiledReply(Kind kind, int status, @Nullable DirectResponse response, @Nullable TrafficFormat body,
                          TrafficFormat @Nullable [] headers, @Nullable String challengeName,
                          @Nullable String challengeValue) {
        this.kind = requireNonNull(kind, "kind");
        this.status = status;
        this.response = response;
        this.body = body;
        this.headers = headers;
        this.challengeName = challengeName;
        this.challengeValue = challengeValue;
    }

    /** A reply of its own; {@code headers} non-null when it is rendered per message. */
    static CompiledReply own(DirectResponse response, @Nullable TrafficFormat body,
                             TrafficFormat @Nullable [] headers) {
        return new CompiledReply(Kind.OWN, response.status(), response, body, headers, null, null);
    }

    /** The proxy's reply for {@code status}. */
    public static CompiledReply proxy(int status) {
        return new CompiledReply(Kind.PROXY, status, null, null, null, null, null);
    }

    /** No reply: the connection closes ({@code status} is what is logged). */
    public static CompiledReply silent(int status) {
        return new CompiledReply(Kind.SILENT, status, HttpRules.SILENT, null, null, null, null);
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public int status() {
        return status;
    }

    /** {@link Kind#OWN}: the reply as written ({@link HttpRules#SILENT} for {@link Kind#SILENT}). */
    public @Nullable DirectResponse response() {
        return response;
    }

    /** Whether the reply is rendered per request (lf-string, lf-file, hdr with %). */
    public boolean dynamic() {
        return headers != null;
    }

    /** The {@code lf-string} / {@code lf-file} payload, or null. */
    public @Nullable TrafficFormat body() {
        return body;
    }

    /** The header values, in the order of the response's {@code hdr} headers, when {@link #dynamic()}. */
    public TrafficFormat @Nullable [] headers() {
        return headers;
    }

    /** The header the reply carries in place of any of that name ({@code auth}'s challenge), lower-cased; or null. */
    public @Nullable String challengeName() {
        return challengeName;
    }

    /** The value of {@link #challengeName()}. */
    public @Nullable String challengeValue() {
        return challengeValue;
    }

    @Override
    public CompiledReply withHeader(String name, String value) {
        // lower-cased as HAProxy's HTX layer sends every name
        return new CompiledReply(kind, status, response, body, headers, name.toLowerCase(Locale.ROOT),
                requireNonNull(value, "value"));
    }

    @Override
    public String toString() {
        return "CompiledReply[" + kind + ", " + status + "]";
    }
}
