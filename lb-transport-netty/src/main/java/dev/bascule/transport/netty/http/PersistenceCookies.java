package dev.bascule.transport.netty.http;

import dev.bascule.core.runtime.CookiePersistence;
import dev.bascule.core.runtime.ServerRuntime;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code cookie} persistence on the wire: the request's cookie names the server (and is cut or
 * kept for it as the mode says), the response's is rewritten or inserted, with
 * {@code cache-control: private} for {@code nocache} on a cacheable response.
 */
final class PersistenceCookies {
    private PersistenceCookies() {
    }

    /** The persistence cookie of the request: which server it designates, and what the server gets. */
    static void onRequest(HttpHeaders headers, CookiePersistence cookie, CookiePersistence.Outcome cookieOutcome) {
        if (!headers.contains(HttpHeaderNames.COOKIE)) {
            return;
        }
        List<String> values = new ArrayList<>(headers.getAll(HttpHeaderNames.COOKIE));
        boolean changed = false;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            String forwarded = cookie.onRequestCookie(value, cookieOutcome);
            if (forwarded != value) {
                changed = true;
                values.set(i, forwarded);
            }
        }
        if (changed) {
            HeaderRewrites.replaceInPlace(headers, HttpHeaderNames.COOKIE, values);
        }
    }

    /** The persistence cookie of the response: the server's own rewritten, ours inserted. */
    static void onResponse(HttpResponse response, CookiePersistence cookie, ServerRuntime answered,
                           CookiePersistence.Outcome cookieOutcome, boolean cacheableMethod) {
        HttpHeaders headers = response.headers();
        if (headers.contains(HttpHeaderNames.SET_COOKIE)) {
            List<String> values = new ArrayList<>(headers.getAll(HttpHeaderNames.SET_COOKIE));
            boolean changed = false;
            for (int i = 0; i < values.size(); i++) {
                String value = values.get(i);
                String kept = cookie.onResponseSetCookie(value, answered, cookieOutcome);
                if (kept != value) {
                    changed = true;
                    values.set(i, kept);
                }
            }
            if (changed) {
                HeaderRewrites.replaceInPlace(headers, HttpHeaderNames.SET_COOKIE, values);
            }
        }
        String inserted = cookie.insertion(answered, cookieOutcome);
        if (inserted != null) {
            headers.add("set-cookie", inserted);
            if (cookie.config().nocache() && cacheable(response, cacheableMethod)) {
                headers.add("cache-control", "private");
            }
        }
    }

    /**
     * HAProxy's {@code http_check_response_for_cacheability()}, for {@code cookie ... nocache}: a
     * safe method, a status cacheable by default, no {@code pragma: no-cache}, no forbidding
     * {@code cache-control} value (a later {@code public} allows again), and freshness information
     * or a validator.
     */
    static boolean cacheable(HttpResponse response, boolean cacheableMethod) {
        if (!cacheableMethod) {
            return false;
        }
        switch (response.status().code()) {
            case 200: case 203: case 204: case 206: case 300: case 301: case 404: case 405: case 410: case 414:
            case 501:
                break;
            default:
                return false;
        }
        HttpHeaders headers = response.headers();
        String pragma = headers.get(HttpHeaderNames.PRAGMA);
        if (pragma != null && pragma.trim().equalsIgnoreCase("no-cache")) {
            return false;
        }
        boolean cacheable = true;
        boolean freshness = false;
        for (String control : headers.getAll(HttpHeaderNames.CACHE_CONTROL)) {
            for (String directive : control.split(",")) {
                String value = directive.trim().toLowerCase(Locale.ROOT);
                if (value.equals("public")) {
                    cacheable = true;
                } else if (value.equals("private") || value.equals("no-cache") || value.equals("no-store")
                        || value.equals("max-age=0") || value.equals("s-maxage=0")) {
                    cacheable = false;
                } else if (value.startsWith("s-maxage") || value.startsWith("max-age")) {
                    freshness = true;
                }
            }
        }
        if (!freshness && !headers.contains(HttpHeaderNames.EXPIRES) && !headers.contains(HttpHeaderNames.ETAG)
                && !headers.contains(HttpHeaderNames.LAST_MODIFIED)) {
            return false;
        }
        return cacheable;
    }
}
