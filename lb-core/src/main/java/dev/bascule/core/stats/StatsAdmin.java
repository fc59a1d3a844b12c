package dev.bascule.core.stats;

import dev.bascule.api.Nullable;
import dev.bascule.core.check.ServerAdmin;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerRuntime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The admin form of the statistics page ({@code stats admin}): HAProxy's
 * {@code stats_process_http_post()}, which reads the posted {@code b} (backend, by name or
 * {@code #id}), {@code action} and {@code s} (servers) parameters from the last to the first, applies
 * the action to each named server of the backend, and sums it up as the status the redirect carries
 * ({@code ;st=DONE|PART|NONE|ERRP}).
 *
 * <p>Bascule carries out {@code ready}, {@code drain}, {@code maint} and the older {@code enable},
 * {@code disable}, {@code start} and {@code stop}. The health-check actions ({@code dhlth},
 * {@code ehlth}, {@code hrunn}, {@code hnolb}, {@code hdown}), the agent ones and {@code shutdown}
 * change nothing where HAProxy would change nothing (a server without a check, without an agent);
 * elsewhere Bascule cannot carry them out yet and counts the server as not processed, so the page
 * says {@code PART} or {@code ERRP} instead of {@code DONE}.
 */
public final class StatsAdmin {
    /** HAProxy's {@code stat_status_codes}: what the redirect after a POST reports. */
    public enum Status { DENY, DONE, ERRP, EXCD, NONE, PART }

    /** HAProxy's {@code LINESIZE}: a parameter must fit in a key buffer of this size. */
    private static final int LINESIZE = 2048;

    private enum Action {
        READY, DRAIN, MAINT, SHUTDOWN, DHLTH, EHLTH, HRUNN, HNOLB, HDOWN, DAGENT, EAGENT, ARUNN, ADOWN,
        DISABLE, ENABLE, STOP, START;

        static @Nullable Action of(String value) {
            for (Action action : values()) {
                if (action.name().toLowerCase(java.util.Locale.ROOT).equals(value)) {
                    return action;
                }
            }
            return null;
        }
    }

    private StatsAdmin() {
    }

    /** Applies the form {@code body} (application/x-www-form-urlencoded) to the servers of {@code report}'s backends. */
    public static Status process(String body, StatsReport report) {
        List<String> params = List.of(body.split("&", -1));
        BackendRuntime backend = null;
        Action action = null;
        int total = 0;
        int altered = 0;
        int deferred = -1;
        for (int i = params.size() - 1; i >= 0; i--) {
            String param = params.get(i);
            if (param.length() + 1 > LINESIZE) {
                return Status.ERRP;
            }
            int equals = param.indexOf('=');
            String key = urlDecode(equals < 0 ? param : param.substring(0, equals));
            String value = urlDecode(equals < 0 ? "" : param.substring(equals + 1));
            if (key == null || value == null) {
                break;
            }
            if (backend == null && key.equals("b")) {
                backend = backend(report, value);
                if (backend == null) {
                    // unknown or ambiguous
                    return Status.ERRP;
                }
            } else if (action == null && key.equals("action")) {
                action = Action.of(value);
                if (action == null) {
                    return Status.ERRP;
                }
            } else if (key.equals("s")) {
                if (backend == null || action == null) {
                    // to be read again once the backend and the action are known
                    if (deferred < 0) {
                        deferred = i;
                    }
                } else {
                    ServerRuntime server = server(backend, value);
                    total++;
                    if (server != null && apply(action, backend, server)) {
                        altered++;
                    } else if (server != null && !counted(action, backend, server)) {
                        total--;
                    }
                }
            }
            if (deferred >= 0 && backend != null && action != null) {
                i = deferred + 1;
                deferred = -1;
            }
        }
        if (total == 0) {
            return Status.NONE;
        }
        if (altered == 0) {
            return Status.ERRP;
        }
        return altered == total ? Status.DONE : Status.PART;
    }

    /**
     * Carries out {@code action} on {@code server}.
     *
     * @return whether HAProxy counts the server as altered
     */
    private static boolean apply(Action action, BackendRuntime backend, ServerRuntime server) {
        ServerControl control = ServerAdmin.control(backend);
        switch (action) {
            case READY -> {
                // srv_adm_set_ready(): out of drain and of maintenance
                control.undrain(server);
                control.enable(server);
                return true;
            }
            case DRAIN -> {
                control.drain(server);
                control.enable(server);
                return true;
            }
            case MAINT -> {
                control.disable(server);
                control.undrain(server);
                return true;
            }
            case DISABLE -> {
                if (control.inMaintenance(server)) {
                    return false;
                }
                control.disable(server);
                return true;
            }
            case ENABLE -> {
                if (!control.inMaintenance(server)) {
                    return false;
                }
                control.enable(server);
                return true;
            }
            case STOP -> {
                if (control.draining(server)) {
                    return false;
                }
                control.drain(server);
                return true;
            }
            case START -> {
                if (!control.draining(server)) {
                    return false;
                }
                control.undrain(server);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * Whether a server the action left unchanged counts in the total: HAProxy counts only the
     * servers it changes, so the unchanged ones do not count; the actions Bascule cannot carry out
     * count where HAProxy would have changed the server.
     */
    private static boolean counted(Action action, BackendRuntime backend, ServerRuntime server) {
        return switch (action) {
            case DHLTH, EHLTH -> server.check().enabled() && backend.healthCheck() != null;
            // HAProxy forces the state of any server that tracks none (Bascule has no track)
            case HRUNN, HNOLB, HDOWN, SHUTDOWN -> true;
            // the agent actions (not carried out yet) change a server with an agent, none without
            case DAGENT, EAGENT, ARUNN, ADOWN -> server.agent() != null;
            default -> false;
        };
    }

    /** HAProxy's {@code proxy_be_by_name()}: a backend by {@code #id} or by name, null when unknown or ambiguous. */
    private static @Nullable BackendRuntime backend(StatsReport report, String name) {
        BackendRuntime found = null;
        for (StatsReport.Proxy proxy : report.proxies()) {
            if (proxy.backend() == null) {
                continue;
            }
            boolean matches = name.startsWith("#") ? ("#" + proxy.id()).equals(name) : proxy.name().equals(name);
            if (matches) {
                if (found != null) {
                    return null;
                }
                found = proxy.backend();
            }
        }
        return found;
    }

    /** HAProxy's {@code findserver()}: a server by name, null when unknown or ambiguous. */
    private static @Nullable ServerRuntime server(BackendRuntime backend, String name) {
        ServerRuntime found = null;
        for (ServerRuntime server : backend.servers()) {
            if (server.name().equals(name)) {
                if (found != null) {
                    return null;
                }
                found = server;
            }
        }
        return found;
    }

    /** HAProxy's {@code url_decode(in_form=1)}: %XX decoded, '+' a space; null for a bad %XX. */
    static @Nullable String urlDecode(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out.write(' ');
            } else if (b == '%') {
                if (i + 2 >= bytes.length) {
                    return null;
                }
                int high = Character.digit(bytes[i + 1], 16);
                int low = Character.digit(bytes[i + 2], 16);
                if (high < 0 || low < 0) {
                    return null;
                }
                out.write(high << 4 | low);
                i += 2;
            } else {
                out.write(b);
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
