package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

/**
 * The server options of connection queues: {@code maxconn}, {@code maxqueue} and {@code minconn}.
 * HAProxy 2.6 takes each one's next word through {@code atol()} without any check ({@code maxconn}
 * without a number is 0, no limit; the word after it is taken either way), and so does Bascule;
 * a negative value, which HAProxy stores unsigned (a limit of about four billion), is no limit in
 * practice, so it becomes {@link Integer#MAX_VALUE}. A negative {@code maxqueue} is no limit, as
 * HAProxy tests it ({@code maxqueue > 0}).
 */
final class ServerQueueOptions {
    private ServerQueueOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("maxconn", ServerQueueOptions::parseLimit);
        table.register("maxqueue", ServerQueueOptions::parseLimit);
        table.register("minconn", ServerQueueOptions::parseLimit);
    }

    private static int parseLimit(ServerOption option) {
        long value = CText.atol(option.value());
        switch (option.keyword()) {
            case "maxconn" -> option.settings.maxConn = unsigned(value);
            case "minconn" -> option.settings.minConn = unsigned(value);
            default -> option.settings.maxQueue = (int) Math.max(0, Math.min(value, Integer.MAX_VALUE));
        }
        return 2;
    }

    /** HAProxy's {@code unsigned int} of an {@code atol()}: a negative value is beyond any real limit. */
    private static int unsigned(long value) {
        return value < 0 || value > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) value;
    }
}
