package dev.bascule.core.check;

import dev.bascule.api.check.CheckResult;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

/** HAProxy's transition messages ({@code srv_append_status()} in {@code server.c}), word for word. */
final class TransitionMessages {
    private TransitionMessages() {
    }

    static String down(BackendRuntime backend, ServerRuntime server, CheckResult result, long durationMillis) {
        StringBuilder message = head(server, "DOWN");
        status(message, result, durationMillis);
        int active = backend.activeUsable();
        int backup = backend.backupUsable();
        message.append(". ").append(active).append(" active and ").append(backup).append(" backup servers left.")
                .append(backup > 0 && active == 0 ? " Running on backup." : "")
                .append(' ').append(server.inflight()).append(" sessions active, 0 requeued, 0 remaining in queue.");
        return message.toString();
    }

    static String up(BackendRuntime backend, ServerRuntime server, CheckResult result, long durationMillis) {
        StringBuilder message = head(server, "UP");
        status(message, result, durationMillis);
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
        message.append(", check duration: ").append(durationMillis).append("ms");
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
