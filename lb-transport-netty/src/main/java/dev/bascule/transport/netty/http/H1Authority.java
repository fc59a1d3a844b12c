package dev.bascule.transport.netty.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;

/**
 * A request target's authority against its {@code Host} field, as HAProxy 2.6 checks and
 * normalizes them ({@code http_parse_authority()}, {@code http_scheme_based_normalize()}).
 */
final class H1Authority {
    private H1Authority() {
    }

    /**
     * HAProxy's check of an absolute-form target against the Host field: equal, or equal once a
     * default port is left out; for CONNECT, the authority must carry a port, and a Host must name it.
     */
    static boolean authorityMatchesHost(HttpMethod method, String uri, String host) {
        String scheme = null;
        String authority;
        if (method == HttpMethod.CONNECT) {
            authority = uri;
            int colon = authority.lastIndexOf(':');
            if (colon < 0 || colon == authority.length() - 1 || authority.startsWith("[") && authority.indexOf(']') > colon) {
                return false;
            }
            String uriHost = authority.substring(0, colon);
            String uriPort = authority.substring(colon + 1);
            int hostColon = portColon(host);
            if (hostColon >= 0) {
                return host.substring(0, hostColon).equalsIgnoreCase(uriHost) && host.substring(hostColon + 1).equals(uriPort);
            }
            return isDefaultPort(null, uriPort) && host.equalsIgnoreCase(uriHost);
        }
        if (uri.isEmpty() || uri.charAt(0) == '/' || uri.charAt(0) == '*') {
            return true;
        }
        int sep = uri.indexOf("://");
        if (sep <= 0) {
            return true;
        }
        scheme = uri.substring(0, sep);
        int authStart = sep + 3;
        int authEnd = authStart;
        // HAProxy's http_parse_authority(): the authority ends at the first '/' only, so a query
        // right after it ("http://h?q") is part of it, and then differs from the Host field
        while (authEnd < uri.length() && uri.charAt(authEnd) != '/') {
            authEnd++;
        }
        authority = uri.substring(authStart, authEnd);
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            authority = authority.substring(at + 1);
        }
        if (authority.isEmpty() || authority.equalsIgnoreCase(host)) {
            return true;
        }
        int uriColon = portColon(authority);
        int hostColon = portColon(host);
        String uriHost = uriColon < 0 ? authority : authority.substring(0, uriColon);
        String hostName = hostColon < 0 ? host : host.substring(0, hostColon);
        if (uriColon < 0 && hostColon < 0) {
            return false;
        }
        if (uriColon >= 0 && !isDefaultPort(scheme, authority.substring(uriColon + 1))) {
            return false;
        }
        if (hostColon >= 0 && !isDefaultPort(scheme, host.substring(hostColon + 1))) {
            return false;
        }
        return uriHost.equalsIgnoreCase(hostName);
    }

    /**
     * HAProxy's {@code http_scheme_based_normalize()}: an absolute-form target naming its scheme's
     * default port ({@code http://h:80/p}, {@code https://h:443/p}) loses it, and so does every
     * Host field, which becomes the target's host. Anything else is returned as it is.
     */
    /** {@code host:80} or {@code host:443} without its port; {@code authority} itself otherwise. */
    static String withoutDefaultPort(String authority) {
        int colon = authority.lastIndexOf(':');
        if (colon < 0 || authority.indexOf(']', colon) >= 0) {
            return authority;
        }
        String port = authority.substring(colon + 1);
        return port.equals("80") || port.equals("443") ? authority.substring(0, colon) : authority;
    }

    static String withoutDefaultPort(String uri, HttpHeaders headers) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) == '/' || uri.charAt(0) == '*' || !isAsciiLetter(uri.charAt(0))) {
            return uri;
        }
        int i = 1;
        while (i < length && (isAsciiLetter(uri.charAt(i)) || uri.charAt(i) >= '0' && uri.charAt(i) <= '9'
                || uri.charAt(i) == '+' || uri.charAt(i) == '-' || uri.charAt(i) == '.')) {
            i++;
        }
        if (!uri.startsWith("://", i)) {
            return uri;
        }
        int authorityStart = i + 3;
        int authorityEnd = uri.indexOf('/', authorityStart);
        if (authorityEnd < 0) {
            authorityEnd = length;
        }
        // the port: the digits at the end of the authority, after a colon
        int colon = authorityEnd;
        while (colon > authorityStart && uri.charAt(colon - 1) >= '0' && uri.charAt(colon - 1) <= '9') {
            colon--;
        }
        colon--;
        if (colon < authorityStart || uri.charAt(colon) != ':' || colon + 1 == authorityEnd) {
            return uri;
        }
        String scheme = uri.substring(0, authorityStart);
        String port = uri.substring(colon + 1, authorityEnd);
        boolean defaultPort = port.equals("80") && scheme.equalsIgnoreCase("http://")
                || port.equals("443") && scheme.equalsIgnoreCase("https://");
        if (!defaultPort) {
            return uri;
        }
        String host = uri.substring(authorityStart, colon);
        if (headers.contains(HttpHeaderNames.HOST)) {
            headers.set(HttpHeaderNames.HOST, host);
        }
        return scheme + host + uri.substring(authorityEnd);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static int portColon(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        int bracket = hostPort.lastIndexOf(']');
        return colon > bracket ? colon : -1;
    }

    private static boolean isDefaultPort(String scheme, String port) {
        if (scheme == null) {
            return port.equals("80") || port.equals("443");
        }
        if (scheme.equalsIgnoreCase("http")) {
            return port.equals("80");
        }
        if (scheme.equalsIgnoreCase("https")) {
            return port.equals("443");
        }
        return false;
    }
}
