package dev.bascule.api.config;

/**
 * The global {@code tune.bufsize}, {@code tune.maxrewrite} and {@code tune.http.maxhdr}: how large
 * a message head may be and how many header fields it may have.
 *
 * @param bufsize    {@code tune.bufsize}, rounded up to 16 as HAProxy does (16384 by default)
 * @param maxrewrite {@code tune.maxrewrite}, -1 when unset (then 1024, at most half the buffer)
 * @param maxhdr     {@code tune.http.maxhdr}: header fields a head may have, its end counted (101)
 */
public record HttpTuning(int bufsize, int maxrewrite, int maxhdr) {
    /** HAProxy's defaults. */
    public static final HttpTuning DEFAULT = new HttpTuning(16_384, -1, 101);

    public HttpTuning {
        if (bufsize <= 0 || maxhdr < 1 || maxhdr > 32_767 || maxrewrite < -1) {
            throw new IllegalArgumentException("bufsize " + bufsize + ", maxrewrite " + maxrewrite + ", maxhdr "
                    + maxhdr);
        }
    }

    /** The room kept for rewrites: {@code tune.maxrewrite}, or 1024, capped at half the buffer (HAProxy's). */
    public int effectiveMaxrewrite() {
        int rewrite = maxrewrite < 0 ? 1_024 : maxrewrite;
        return rewrite >= bufsize / 2 ? bufsize / 2 : rewrite;
    }

    /** The largest head: what a buffer holds once the room for rewrites is kept. */
    public int maxHead() {
        return bufsize - effectiveMaxrewrite();
    }
}
