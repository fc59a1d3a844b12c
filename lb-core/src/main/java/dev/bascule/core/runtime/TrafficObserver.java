package dev.bascule.core.runtime;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ServerReactions;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * HAProxy's {@code observe} ({@code health_adjust()} in {@code check.c}): what real traffic tells
 * about one server. Each outcome counts as an error, a success or nothing depending on the layer
 * observed; {@code error-limit} consecutive errors hand a description to the health check, which
 * reacts as {@code on-error} says. Called on event loops; nothing is counted for a server that
 * does not observe, nor acted upon for one without {@code check}.
 */
public final class TrafficObserver {
    /** HAProxy's {@code HANA_STATUS_*}, with its words and what each means to layer 4 and layer 7. */
    public enum Outcome {
        L4_OK("L4 successful connection", 2, 0),
        L4_ERR("L4 unsuccessful connection", 1, 1),
        HTTP_OK("Correct http response", 0, 2),
        HTTP_STS("Wrong http response", 0, 1),
        HTTP_HDRRSP("Invalid http response (headers)", 0, 1),
        HTTP_RSP("Invalid http response", 0, 1),
        HTTP_READ_ERROR("Read error (http)", 0, 1),
        HTTP_READ_TIMEOUT("Read timeout (http)", 0, 1),
        HTTP_BROKEN_PIPE("Close from server (http)", 0, 1);

        private final String description;
        /** 0: ignored, 1: error, 2: success; for layer 4 then layer 7. */
        private final int layer4;
        private final int layer7;

        Outcome(String description, int layer4, int layer7) {
            this.description = description;
            this.layer4 = layer4;
            this.layer7 = layer7;
        }

        public String description() {
            return description;
        }

        /** HAProxy's verdict on a response status: 501 and 505 answer the request, not the server's health. */
        public static Outcome ofStatus(int status) {
            return status >= 100 && (status < 500 || status == 501 || status == 505) ? HTTP_OK : HTTP_STS;
        }
    }

    static final TrafficObserver NONE = new TrafficObserver(ServerReactions.DEFAULT);

    private final ServerReactions.Observe observe;
    private final int limit;
    private final AtomicInteger consecutive = new AtomicInteger();
    /** What the health check does once the limit is reached; null without {@code check}. */
    private volatile @Nullable Consumer<String> onLimit;

    TrafficObserver(ServerReactions reactions) {
        this.observe = reactions.observe();
        this.limit = reactions.errorLimit();
    }

    /** Whether traffic counts at all. */
    public boolean observing() {
        return observe != ServerReactions.Observe.NONE;
    }

    /** Called by the server's health check, which receives {@code "Detected N consecutive errors, ..."}. */
    public void onErrorLimit(Consumer<String> action) {
        if (observing()) {
            this.onLimit = action;
        }
    }

    /** A health check success clears the count, as HAProxy's {@code check_notify_success()} does. */
    public void checkPassed() {
        if (observing() && consecutive.get() != 0) {
            consecutive.set(0);
        }
    }

    /** The outcome of one connection attempt or one response. */
    public void report(Outcome outcome) {
        Consumer<String> action = onLimit;
        if (action == null) {
            // not observing, or no check to act upon (HAProxy's health_adjust() returns there too)
            return;
        }
        int verdict = observe == ServerReactions.Observe.LAYER4 ? outcome.layer4 : outcome.layer7;
        if (verdict == 2) {
            if (consecutive.get() != 0) {
                consecutive.set(0);
            }
            return;
        }
        if (verdict != 1) {
            return;
        }
        int errors = consecutive.incrementAndGet();
        if (errors != limit) {
            return;
        }
        consecutive.set(0);
        action.accept("Detected " + errors + " consecutive errors, last one was: " + outcome.description());
    }
}
