package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

/**
 * {@code http-request capture EXPR len N|id N} and {@code http-response capture EXPR id N}: the
 * expression's sample, as text cut to the slot's length, goes into capture slot {@code slot} of the
 * frontend (request or response slots, after the rule's direction), where {@code %hr}/{@code %hs}
 * and {@code capture.req.hdr(N)}/{@code capture.res.hdr(N)} read it. A {@code len} form has
 * declared its own slot in the frontend at load; an {@code id} names one declared by
 * {@code capture ... header}, {@code declare capture} or another rule. A slot the stream's
 * frontend lacks makes the rule do nothing, as in HAProxy.
 *
 * @param expression the sample expression
 * @param slot       the capture slot, from 0
 */
public record CaptureSample(LogFormat.Expression expression, int slot) implements HttpCommonAction {
    public CaptureSample {
        requireNonNull(expression, "expression");
        if (slot < 0) {
            throw new IllegalArgumentException("slot: " + slot + " (expected: >= 0)");
        }
    }
}
