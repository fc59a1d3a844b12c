package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Header names as HAProxy's HTX layer keeps them: lower-cased. The usual names are shared
 * constants found without allocating; another name is copied once, lower-cased.
 */
final class H1Names {
    /** HAProxy's {@code H1_MF_VER_11}: the version is 1.1 or later (HTTP/1.2, HTTP/2.0 on an HTTP/1 connection). */
    static boolean http11(HttpVersion version) {
        return version.majorVersion() > 1 || version.majorVersion() == 1 && version.minorVersion() >= 1;
    }

    private static final int SLOTS = 512;
    private static final AsciiString[] TABLE = new AsciiString[SLOTS];

    static {
        String[] known = {
            "host", "user-agent", "accept", "accept-encoding", "accept-language", "accept-charset", "accept-ranges",
            "connection", "content-length", "content-type", "content-encoding", "content-language",
            "content-location", "content-range", "content-disposition", "cookie", "set-cookie", "transfer-encoding",
            "te", "trailer", "upgrade", "keep-alive", "proxy-connection", "x-forwarded-for", "x-forwarded-proto",
            "x-forwarded-host", "x-forwarded-port", "x-real-ip", "x-request-id", "forwarded", "via", "referer",
            "origin", "cache-control", "pragma", "date", "server", "location", "authorization",
            "proxy-authorization", "www-authenticate", "proxy-authenticate", "if-modified-since",
            "if-unmodified-since", "if-none-match", "if-match", "if-range", "etag", "last-modified", "expires",
            "age", "vary", "expect", "range", "dnt", "upgrade-insecure-requests", "sec-fetch-site",
            "sec-fetch-mode", "sec-fetch-dest", "sec-fetch-user", "sec-ch-ua", "sec-ch-ua-mobile",
            "sec-ch-ua-platform", "sec-websocket-key", "sec-websocket-version", "sec-websocket-accept",
            "sec-websocket-protocol", "sec-websocket-extensions", "access-control-allow-origin",
            "strict-transport-security", "x-content-type-options", "x-frame-options", "x-xss-protection",
            "content-security-policy", "alt-svc", "link", "retry-after", "allow", "x-powered-by",
            "x-requested-with", "priority",
        };
        Map<String, AsciiString> constants = new HashMap<>();
        for (Field field : HttpHeaderNames.class.getFields()) {
            if (field.getType() == AsciiString.class && Modifier.isStatic(field.getModifiers())) {
                try {
                    AsciiString constant = (AsciiString) field.get(null);
                    constants.put(constant.toString(), constant);
                } catch (IllegalAccessException e) {
                    throw new ExceptionInInitializerError(e);
                }
            }
        }
        for (String name : known) {
            // Netty's own constant where there is one: the decoder compares names by identity
            AsciiString value = constants.getOrDefault(name, AsciiString.cached(name));
            byte[] bytes = value.toByteArray();
            int slot = hash(bytes, 0, bytes.length) & (SLOTS - 1);
            while (TABLE[slot] != null) {
                slot = (slot + 1) & (SLOTS - 1);
            }
            TABLE[slot] = value;
        }
    }

    private H1Names() {
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + 32 : c;
    }

    private static int hash(byte[] b, int start, int end) {
        int h = end - start;
        for (int i = start; i < end; i++) {
            h = 31 * h + lower(b[i]);
        }
        return h ^ (h >>> 9);
    }

    /** The lower-cased name of bytes {@code [start, end)} of {@code b}. */
    static AsciiString name(byte[] b, int start, int end) {
        int length = end - start;
        int slot = hash(b, start, end) & (SLOTS - 1);
        AsciiString candidate;
        while ((candidate = TABLE[slot]) != null) {
            if (candidate.length() == length && sameLowerCase(candidate.array(), candidate.arrayOffset(), b, start, length)) {
                return candidate;
            }
            slot = (slot + 1) & (SLOTS - 1);
        }
        byte[] copy = new byte[length];
        for (int i = 0; i < length; i++) {
            copy[i] = (byte) lower(b[start + i]);
        }
        return new AsciiString(copy, false);
    }

    private static boolean sameLowerCase(byte[] lower, int offset, byte[] b, int start, int length) {
        for (int i = 0; i < length; i++) {
            if (lower[offset + i] != lower(b[start + i])) {
                return false;
            }
        }
        return true;
    }
}
