package dev.bascule.api.config;

/**
 * {@code http-request wait-for-body time T [at-least N]}: the rules after it wait until the whole
 * body is there, or {@code atLeastBytes} of it (0: the whole body), or a buffer's worth; after
 * {@code timeoutMillis} the client gets a 408.
 *
 * @param timeoutMillis how long to wait for the body
 * @param atLeastBytes  how much of it is enough; 0 means all of it
 */
public record WaitForBody(long timeoutMillis, long atLeastBytes) implements HttpRequestAction {
    public WaitForBody {
        if (timeoutMillis < 0 || atLeastBytes < 0) {
            throw new IllegalArgumentException("timeoutMillis and atLeastBytes must be >= 0");
        }
    }
}
