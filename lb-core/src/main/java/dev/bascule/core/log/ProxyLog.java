package dev.bascule.core.log;

import dev.bascule.api.config.LogTarget;

import java.net.SocketAddress;

/**
 * A proxy's own {@code log} targets for its runtime events, HAProxy's {@code send_log(proxy, level, ...)}:
 * server state changes, a backend left without servers, health-check results. Each line goes to
 * every target at the given level, framed as the frontends' traffic lines are (header with tag and
 * pid), through the calling thread's non-blocking socket.
 */
public final class ProxyLog {
    /** {@code LOG_EMERG}. */
    public static final int EMERG = 0;
    /** {@code LOG_ALERT}. */
    public static final int ALERT = 1;
    /** {@code LOG_WARNING}. */
    public static final int WARNING = 4;
    /** {@code LOG_NOTICE}. */
    public static final int NOTICE = 5;

    private static final ProxyLog NONE = new ProxyLog(null, new LogTarget[0], new SocketAddress[0]);

    private final LogRuntime runtime;
    private final LogTarget[] targets;
    private final SocketAddress[] addresses;

    ProxyLog(LogRuntime runtime, LogTarget[] targets, SocketAddress[] addresses) {
        this.runtime = runtime;
        this.targets = targets;
        this.addresses = addresses;
    }

    /** A proxy without targets: {@link #send} does nothing. */
    public static ProxyLog none() {
        return NONE;
    }

    /** Whether the proxy has targets. */
    public boolean enabled() {
        return targets.length > 0;
    }

    /** Sends {@code message} (without the final newline) to every target at {@code level}. */
    public void send(int level, String message) {
        if (targets.length == 0) {
            return;
        }
        LogRuntime.Emitter emitter = runtime.emitter();
        emitter.line.setLength(0);
        emitter.line.append(message);
        int logger = 1;
        for (int index = 0; index < targets.length; index++) {
            if (emitter.send(targets[index], addresses[index], level, logger)) {
                logger++;
            }
        }
    }
}
