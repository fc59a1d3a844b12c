package dev.bascule.api.action;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.HeaderField;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A response the proxy sends itself ({@link ActionContext#reply}), built once at load time and
 * shared: a status, header lines and a body. The host adds {@code content-length} and, as HAProxy
 * does, the connection handling.
 */
public final class HttpReply {
    private final int status;
    private final List<HeaderField> headers;
    private final byte[] body;

    private HttpReply(int status, List<HeaderField> headers, byte[] body) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("status: " + status + " (expected: 200-599)");
        }
        this.status = status;
        this.headers = List.copyOf(headers);
        this.body = body.clone();
    }

    /** A reply with {@code headers} and {@code body}. */
    public static HttpReply of(int status, List<HeaderField> headers, byte[] body) {
        return new HttpReply(status, headers, body);
    }

    /** A reply whose body is {@code text}, sent as {@code contentType} (none when null). */
    public static HttpReply text(int status, @Nullable String contentType, String text) {
        return new HttpReply(status, contentType == null ? List.of()
                : List.of(new HeaderField("content-type", contentType)), text.getBytes(StandardCharsets.UTF_8));
    }

    public int status() {
        return status;
    }

    /** The header lines, in order. */
    public List<HeaderField> headers() {
        return headers;
    }

    /** The body's length in bytes. */
    public int bodyLength() {
        return body.length;
    }

    /** A copy of the body. */
    public byte[] body() {
        return body.clone();
    }

    /** Copies the body into {@code target} at {@code offset}, for hosts that write it without a copy of their own. */
    public void copyBody(byte[] target, int offset) {
        System.arraycopy(body, 0, target, offset, body.length);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof HttpReply reply && reply.status == status && reply.headers.equals(headers)
                && Arrays.equals(reply.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "HttpReply[" + status + ", " + headers + ", " + body.length + " bytes]";
    }
}
