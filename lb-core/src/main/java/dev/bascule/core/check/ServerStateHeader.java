package dev.bascule.core.check;

import dev.bascule.api.balance.Server;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.net.InetSocketAddress;

/**
 * The value of the {@code X-Haproxy-Server-State} header of {@code http-check send-state}, as HAProxy 2.6's
 * {@code httpchk_build_status_header()} writes it: {@code "UP 1/3; address=192.0.2.1; port=80; name=b/s;
 * node=lb1; weight=1/2; scur=0/0; qcur=0"}, then {@code "; throttle=N%"} while the server warms up.
 */
final class ServerStateHeader {
    private ServerStateHeader() {
    }

    /**
     * @param health     the check's health counter, 0 to {@code rise + fall - 1}
     * @param node       the {@code node} of the global section, else the host name
     * @param warmup     how far the server's {@code slowstart} has gone, in percent (100 when not warming up)
     */
    static String of(ServerRuntime server, BackendRuntime backend, int health, String node, int warmup) {
        int rise = server.check().rise();
        int fall = server.check().fall();
        StringBuilder text = new StringBuilder();
        if (server.isUp()) {
            text.append(server.stopping() ? "NOLB" : "UP");
            if (health != rise + fall - 1) {
                text.append(' ').append(health - rise + 1).append('/').append(fall);
            }
        } else {
            text.append("DOWN");
            if (health > 0) {
                text.append(' ').append(health).append('/').append(rise);
            }
        }
        InetSocketAddress address = server.address();
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : "";
        int queued = backend.queues() == null ? 0 : backend.queues().length();
        text.append("; address=").append(host)
                .append("; port=").append(address.getPort())
                .append("; name=").append(backend.name()).append('/').append(server.name())
                .append("; node=").append(node)
                .append("; weight=").append((server.scaledWeight() + Server.WEIGHT_SCALE - 1) / Server.WEIGHT_SCALE)
                .append('/').append((backend.totalScaledWeight() + Server.WEIGHT_SCALE - 1) / Server.WEIGHT_SCALE)
                .append("; scur=").append(server.inflight()).append('/').append(backend.counters().current() - queued)
                .append("; qcur=").append(server.queueLength());
        if (server.isUp() && warmup < 100) {
            text.append("; throttle=").append(Math.max(1, warmup)).append('%');
        }
        return text.toString();
    }
}
