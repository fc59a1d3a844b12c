package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

import java.nio.charset.StandardCharsets;

/**
 * The start lines of HTTP/1 messages as {@link H1Decoder} gives them on: the request's method and
 * version, the response's version and status, from the positions {@link H1Head} found.
 */
final class H1StartLines {
    private H1StartLines() {
    }

    static HttpMethod method(byte[] b, int length) {
        switch (length) {
            case 3:
                if (b[0] == 'G' && b[1] == 'E' && b[2] == 'T') {
                    return HttpMethod.GET;
                }
                if (b[0] == 'P' && b[1] == 'U' && b[2] == 'T') {
                    return HttpMethod.PUT;
                }
                break;
            case 4:
                if (b[0] == 'P' && b[1] == 'O' && b[2] == 'S' && b[3] == 'T') {
                    return HttpMethod.POST;
                }
                if (b[0] == 'H' && b[1] == 'E' && b[2] == 'A' && b[3] == 'D') {
                    return HttpMethod.HEAD;
                }
                break;
            default:
                break;
        }
        // Netty gives its constants for the other standard methods
        return HttpMethod.valueOf(new String(b, 0, length, StandardCharsets.ISO_8859_1));
    }

    /** HAProxy's strict request version: exactly {@code HTTP/} digit {@code .} digit. */
    static HttpVersion requestVersion(byte[] b, int start, int end) {
        if (end - start != 8 || b[start] != 'H' || b[start + 1] != 'T' || b[start + 2] != 'T' || b[start + 3] != 'P') {
            return null;
        }
        return version(b, start);
    }

    /** HAProxy's response version: eight bytes, a {@code /} then digit {@code .} digit. */
    static HttpVersion responseVersion(byte[] b, int end) {
        if (end != 8) {
            return null;
        }
        return version(b, 0);
    }

    private static HttpVersion version(byte[] b, int start) {
        byte major = b[start + 5];
        byte minor = b[start + 7];
        if (b[start + 4] != '/' || major < '0' || major > '9' || b[start + 6] != '.' || minor < '0' || minor > '9') {
            return null;
        }
        if (major == '1' && minor == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (major == '1' && minor == '0') {
            return HttpVersion.HTTP_1_0;
        }
        // kept as written (logs and req.ver show it), HTTP/1.1-like from 1.1 up as HAProxy's H1_MF_VER_11
        return new HttpVersion("HTTP", major - '0', minor - '0', major > '1' || major == '1' && minor >= '1');
    }

    /** Whether the reason phrase is the standard one of the code (Netty's constant is then used). */
    static boolean reasonMatches(int code, String reason) {
        HttpResponseStatus known = HttpResponseStatus.valueOf(code);
        return known.reasonPhrase().equals(reason);
    }
}
