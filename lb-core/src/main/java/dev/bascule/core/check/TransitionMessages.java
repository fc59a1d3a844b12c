package dev.bascule.core.check;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.ServerAgent;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

/** HAProxy's transition messages ({@code srv_append_status()} in {@code server.c}), word for word. */
final class TransitionMessages {
    private TransitionMessages() {
    }

    /** {@code result} null: HAProxy leaves the check's status out with {@code option log-health-checks}. */
    static String down(BackendRuntime backend, ServerRuntime server, CheckResult result, long durationMillis) {
        StringBuilder message = head(server, "DOWN");
        if (result != null) {
            status(message, result, durationMillis);
        }
        return left(backend, server, message);
    }

    /** {@code disable server}: {@code srv_update_status()} entering forced maintenance. */
    static String maintenance(BackendRuntime backend, ServerRuntime server) {
        return left(backend, server, head(server, "going DOWN for maintenance"));
    }

    /** Maintenance by name resolution ({@code SRV_ADMF_RMAINT}) for {@code reason} ({@code DNS NX status}...). */
    static String resolutionMaintenance(BackendRuntime backend, ServerRuntime server, String reason) {
        return left(backend, server, head(server, "going DOWN for maintenance (" + reason + ")"));
    }

    /** Name resolution gave the server an address again. */
    static String resolvesAgain(ServerRuntime server, String fqdn) {
        return (server.backup() ? "Backup Server " : "Server ") + server.qualifiedName() + " ('" + fqdn + "') is "
                + (server.isUp() ? "UP/READY" : "DOWN/READY") + " (resolves again).";
    }

    /**
     * {@code disable server} on a server already DOWN. HAProxy appends the status of the check that
     * took it down when {@code option log-health-checks} is off; Bascule does not keep it.
     */
    static String downEntersMaintenance(ServerRuntime server) {
        return (server.backup() ? "Backup Server " : "Server ") + server.qualifiedName()
                + " was DOWN and now enters maintenance.";
    }

    /** {@code enable server}: leaving forced maintenance. */
    static String leftMaintenance(ServerRuntime server) {
        return head(server, (server.isUp() ? "UP/" : "DOWN/") + (server.drain() ? "DRAIN" : "READY"))
                .append(" (leaving forced maintenance).").toString();
    }

    /** Forced drain outside maintenance ({@code srv_update_status()}, no cause). */
    static String entersDrain(BackendRuntime backend, ServerRuntime server) {
        StringBuilder message = new StringBuilder(server.backup() ? "Backup Server " : "Server ")
                .append(server.qualifiedName()).append(" enters drain state");
        return server.isUp() ? online(backend, message) : left(backend, server, message);
    }

    /** Leaving forced drain outside maintenance. */
    static String leavesDrain(ServerRuntime server) {
        return head(server, server.isUp() ? "UP" : "DOWN").append(" (leaving forced drain).").toString();
    }

    /**
     * {@code option log-health-checks}: HAProxy's {@code set_server_check_status()} line, {@code health}
     * the check's counter after the result.
     */
    static String checkResult(ServerRuntime server, ServerCheck check, CheckResult result, long durationMillis,
                              int health) {
        return checkResult("Health", server, check.rise(), check.fall(), result, durationMillis, health);
    }

    /** {@code option log-health-checks}: the agent's line, its {@code rise} and {@code fall} being 1. */
    static String agentResult(ServerRuntime server, CheckResult result, long durationMillis, int health) {
        return checkResult("Agent", server, ServerAgent.RISE, ServerAgent.FALL, result, durationMillis, health);
    }

    private static String checkResult(String kind, ServerRuntime server, int rise, int fall, CheckResult result,
                                      long durationMillis, int health) {
        StringBuilder message = new StringBuilder(kind).append(" check for ").append(server.backup() ? "backup " : "")
                .append("server ").append(server.qualifiedName())
                .append(result.status() == CheckStatus.L7OKC ? " conditionally" : "")
                .append(result.status().passed() ? " succeeded" : " failed");
        status(message, result, durationMillis);
        boolean up = health >= rise;
        message.append(", status: ").append(up ? health - rise + 1 : health).append('/')
                .append(up ? fall : rise).append(' ')
                .append(up ? (server.weight() > 0 ? "UP" : "DRAIN") : "DOWN").append('.');
        return message.toString();
    }

    private static String left(BackendRuntime backend, ServerRuntime server, StringBuilder message) {
        int active = backend.activeUsable();
        int backup = backend.backupUsable();
        message.append(". ").append(active).append(" active and ").append(backup).append(" backup servers left.")
                .append(backup > 0 && active == 0 ? " Running on backup." : "")
                .append(' ').append(server.inflight()).append(" sessions active, 0 requeued, 0 remaining in queue.");
        return message.toString();
    }

    static String up(BackendRuntime backend, ServerRuntime server, CheckResult result, long durationMillis) {
        return online(backend, server, "UP", result, durationMillis);
    }

    /**
     * A state forced with a reason instead of a check's status ({@code srv_set_stopped()} or
     * {@code srv_set_stopping()} with a reason): {@code state} DOWN or stopping.
     */
    static String changed(BackendRuntime backend, ServerRuntime server, String state, String reason) {
        StringBuilder message = head(server, state).append(", ").append(reason);
        if (state.equals("DOWN")) {
            return left(backend, server, message);
        }
        return online(backend, message);
    }

    /** {@code http-check disable-on-404}: {@code srv_update_status()} entering the stopping state. */
    static String stopping(BackendRuntime backend, ServerRuntime server, CheckResult result, long durationMillis) {
        return online(backend, server, "stopping", result, durationMillis);
    }

    private static String online(BackendRuntime backend, ServerRuntime server, String state, CheckResult result,
                                 long durationMillis) {
        StringBuilder message = head(server, state);
        if (result != null) {
            status(message, result, durationMillis);
        }
        return online(backend, message);
    }

    private static String online(BackendRuntime backend, StringBuilder message) {
        int active = backend.activeUsable();
        int backup = backend.backupUsable();
        message.append(". ").append(active).append(" active and ").append(backup).append(" backup servers online.")
                .append(backup > 0 && active == 0 ? " Running on backup." : "")
                .append(" 0 sessions requeued, 0 total in queue.");
        return message.toString();
    }

    static String noServer(BackendRuntime backend) {
        return backend.typeName() + " '" + backend.name() + "' has no server available!";
    }

    /** The syslog words of {@link #noServer}: the name without quotes ({@code set_backend_down()}). */
    static String noServerLog(BackendRuntime backend) {
        return backend.typeName() + " " + backend.name() + " has no server available!";
    }

    private static StringBuilder head(ServerRuntime server, String state) {
        return new StringBuilder(server.backup() ? "Backup Server " : "Server ").append(server.qualifiedName())
                .append(" is ").append(state);
    }

    private static void status(StringBuilder message, CheckResult result, long durationMillis) {
        message.append(", reason: ").append(result.status().description());
        if (result.status().carriesCode() && result.code() >= 0) {
            message.append(", code: ").append(result.code());
        }
        if (!result.detail().isEmpty()) {
            message.append(", info: \"").append(asciiEncode(result.detail())).append('"');
        }
        if (durationMillis >= 0) {
            // none for traffic errors (HCHK_STATUS_HANA)
            message.append(", check duration: ").append(durationMillis).append("ms");
        }
    }

    /** HAProxy's {@code chunk_asciiencode()} with {@code "} as the escaped quote: {@code \\xHH}. */
    private static String asciiEncode(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 32 || c > 126 || c == '"') {
                out.append(String.format("\\x%02x", (int) c & 0xff));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
