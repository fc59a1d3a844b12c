package dev.bascule.core.check;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.config.ServerStateConfig;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loads the server state files at start, as HAProxy 2.6's {@code apply_server_state()}
 * ({@code server_state.c}): version 1 of the format {@code show servers state} writes, the global
 * file read once, each {@code local} backend's own file; the state applied to each server found by
 * backend and server name: operational state, forced maintenance or drain, the weight set at run
 * time (when the configured weight did not change), when the state last changed and the last
 * check's status. Addresses, ports and FQDNs changed at run time are not applied (Bascule's
 * runtime API cannot change them). Problems are HAProxy's warnings; none stops the start.
 * Runs before the health checks start, on the thread that builds the runtime.
 */
public final class ServerStateFile {
    /** {@code SRV_STATE_FILE_MIN_FIELDS_VERSION_1} and {@code _MAX_FIELDS_VERSION_1}, names included. */
    private static final int MIN_FIELDS = 20;
    private static final int MAX_FIELDS = 25;
    /** {@code SRV_STATE_LINE_MAXLEN}: fgets() reads at most this minus one characters a time. */
    private static final int LINE_MAX = 2000;
    private static final String AFTER_RELOAD = "changed from server-state after a reload";

    private final List<Diagnostic> diagnostics;
    private final EventLog log;

    private ServerStateFile(List<Diagnostic> diagnostics) {
        this.diagnostics = diagnostics;
        this.log = new EventLog() {
            @Override
            public void warning(String message) {
                ServerStateFile.this.warning(message);
            }

            @Override
            public void alert(String message) {
                diagnostics.add(new Diagnostic(Diagnostic.Severity.ALERT, Optional.empty(), message));
            }
        };
    }

    /**
     * Applies the files {@code config} names to {@code runtime}'s servers, adding HAProxy's warnings
     * to {@code diagnostics}.
     */
    public static void apply(ProxyRuntime runtime, ServerStateConfig config, List<Diagnostic> diagnostics) {
        if (config.globalFile().isEmpty() && config.backends().isEmpty()) {
            return;
        }
        new ServerStateFile(diagnostics).applyAll(runtime, config);
    }

    private void warning(String message) {
        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Optional.empty(), message));
    }

    /** One line's fields, by {@code "<backend> <server>"}. */
    private void applyAll(ProxyRuntime runtime, ServerStateConfig config) {
        Map<String, String[]> global = null;
        if (config.globalFile().isPresent()) {
            String file = config.globalFile().get();
            List<String> lines = read(file, "config: Can't open global server state file '" + file + "': ", "",
                    "config: Can't get version of the global server state file '" + file + "'.");
            if (lines != null) {
                global = new HashMap<>();
                for (int i = 0; i < lines.size(); i++) {
                    int parsed = store(lines.get(i), global, null);
                    if (parsed < 0) {
                        warning("config: corrupted global server state file '" + file + "' at line " + (i + 1) + ".");
                        global = null;
                        break;
                    }
                }
            }
        }
        for (BackendRuntime backend : runtime.backends()) {
            Optional<String> source = config.backends().get(backend.name());
            if (source == null || backend.servers().isEmpty()) {
                continue;
            }
            if (source.isEmpty()) {
                if (global != null) {
                    update(backend, global);
                }
                continue;
            }
            String file = source.get();
            String proxy = "Proxy '" + backend.name() + "': ";
            List<String> lines = read(file, proxy + "Can't open server state file '" + file + "': ", ".",
                    proxy + "Can't get version of the server state file '" + file + "'.");
            if (lines == null) {
                continue;
            }
            Map<String, String[]> local = new HashMap<>();
            boolean valid = true;
            for (int i = 0; i < lines.size(); i++) {
                if (store(lines.get(i), local, backend) < 0) {
                    warning(proxy + "corrupted server state file '" + file + "' at line " + (i + 1) + ".");
                    valid = false;
                    break;
                }
            }
            if (!valid) {
                continue;
            }
            update(backend, local);
            for (String[] unused : local.values()) {
                warning(proxy + "can't find server '" + unused[3] + "' in backend '" + backend.name() + "'");
                backend.log().send(ProxyLog.NOTICE, "can't find server '" + unused[3] + "' in backend '"
                        + backend.name() + "'");
            }
        }
    }

    /**
     * The lines after the version line ({@code fgets()} pieces, each with its newline when it had
     * one), or null after the warning when the file cannot be read or has no version 1.
     */
    private List<String> read(String file, String cannotOpen, String cannotOpenEnd, String noVersion) {
        String text;
        try {
            text = new String(Files.readAllBytes(Path.of(file)), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            warning(cannotOpen + "No such file or directory" + cannotOpenEnd);
            return null;
        } catch (AccessDeniedException e) {
            warning(cannotOpen + "Permission denied" + cannotOpenEnd);
            return null;
        } catch (IOException e) {
            // a directory opens, and reading it fails: no version
            warning(noVersion);
            return null;
        }
        List<String> lines = new ArrayList<>();
        int position = 0;
        while (position < text.length()) {
            int newline = text.indexOf('\n', position);
            int end = newline < 0 ? text.length() : newline + 1;
            end = Math.min(end, position + LINE_MAX - 1);
            lines.add(text.substring(position, end));
            position = end;
        }
        // srv_state_get_version(): the first line is the version alone
        if (lines.isEmpty() || !lines.get(0).matches("[ \\t]*[+-]?[0-9]+\\n") || version(lines.get(0)) != 1) {
            warning(noVersion);
            return null;
        }
        return lines.subList(1, lines.size());
    }

    private static long version(String line) {
        try {
            return Long.parseLong(line.trim().replace("+", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /**
     * HAProxy's {@code srv_state_parse_and_store_line()}: 1 when stored (or skipped as not for
     * {@code backend}), 0 for a blank or comment line, -1 for a corrupted one.
     */
    private int store(String line, Map<String, String[]> tree, BackendRuntime backend) {
        if (line.isEmpty() || line.charAt(line.length() - 1) != '\n') {
            return -1;
        }
        String content = line.substring(0, line.length() - 1);
        String trimmed = content.replaceFirst("^[ \\t]+", "");
        if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
            return 0;
        }
        String[] fields = trimmed.split("[ \\t]+", -1);
        int count = fields.length;
        if (count > 0 && fields[count - 1].isEmpty()) {
            count--;
        }
        if (count > MAX_FIELDS) {
            count = MAX_FIELDS;
        }
        String[] params = new String[MAX_FIELDS];
        System.arraycopy(fields, 0, params, 0, count);
        if (count < MIN_FIELDS) {
            return -1;
        }
        String backendName = params[1];
        if (backend != null) {
            boolean sameId = atoi(params[0]) == backend.id();
            boolean sameName = backend.name().equals(params[1]);
            String proxy = "Proxy '" + backend.name() + "': ";
            if (!sameId && !sameName) {
                return 1;
            } else if (!sameId) {
                warning(proxy + "backend ID mismatch: from server state file: '" + params[0]
                        + "', from running config '" + backend.id() + "'");
                backend.log().send(ProxyLog.NOTICE, "backend ID mismatch: from server state file: '" + params[0]
                        + "', from running config '" + backend.id() + "'");
            } else if (!sameName) {
                warning(proxy + "backend name mismatch: from server state file: '" + params[1]
                        + "', from running config '" + backend.name() + "'");
                backend.log().send(ProxyLog.NOTICE, "backend name mismatch: from server state file: '" + params[1]
                        + "', from running config '" + backend.name() + "'");
                if ((atoi(params[15]) & 1) == 0) {
                    return 1;
                }
            }
            backendName = backend.name();
        }
        // a duplicate key: a hand-made file, the later line dropped
        tree.putIfAbsent(backendName + " " + params[3], params);
        return 1;
    }

    /** HAProxy's {@code srv_state_px_update()}: each server's line, removed once applied. */
    private void update(BackendRuntime backend, Map<String, String[]> tree) {
        for (ServerRuntime server : backend.servers()) {
            String[] params = tree.remove(backend.name() + " " + server.name());
            if (params != null) {
                apply(backend, server, params);
            }
        }
    }

    /** HAProxy's {@code srv_state_srv_update()}, {@code params} from {@code srv_addr} on at index 4. */
    private void apply(BackendRuntime backend, ServerRuntime server, String[] params) {
        StringBuilder errors = new StringBuilder();
        Long opState = number(params[5]);
        if (opState == null || opState < 0 || opState > 3) {
            errors.append(", invalid srv_op_state value '").append(params[5]).append('\'');
        }
        Long adminState = number(params[6]);
        long admin = adminState == null ? 0 : adminState & ~(0x10 | 0x02 | 0x40 | 0x20);
        if (adminState == null || admin != 0 && admin != 0x01 && admin != 0x04 && admin != 0x05 && admin != 0x0c
                && admin != 0x08) {
            errors.append(", invalid srv_admin_state value '").append(params[6]).append('\'');
        }
        Long userWeight = number(params[7]);
        if (userWeight == null || userWeight < 0 || userWeight > 256) {
            errors.append(", invalid srv_uweight value '").append(params[7]).append('\'');
        }
        Long initialWeight = number(params[8]);
        if (initialWeight == null || initialWeight < 0 || initialWeight > 256) {
            errors.append(", invalid srv_iweight value '").append(params[8]).append('\'');
        }
        Long sinceChange = number(params[9]);
        if (sinceChange == null) {
            errors.append(", invalid srv_last_time_change value '").append(params[9]).append('\'');
        }
        Long checkStatus = number(params[10]);
        if (checkStatus == null || checkStatus >= 21) {
            errors.append(", invalid srv_check_status value '").append(params[10]).append('\'');
        }
        Long checkResult = number(params[11]);
        if (checkResult == null || checkResult < 0 || checkResult > 4) {
            errors.append(", invalid srv_check_result value '").append(params[11]).append('\'');
        }
        Long checkHealth = number(params[12]);
        if (checkHealth == null) {
            errors.append(", invalid srv_check_health value '").append(params[12]).append('\'');
        }
        for (int index = 13; index <= 14; index++) {
            Long state = number(params[index]);
            if (state == null || (state & ~0x1fL) != 0) {
                errors.append(", invalid srv_").append(index == 13 ? "check" : "agent").append("_state value '")
                        .append(params[index]).append('\'');
            }
        }
        for (int index = 15; index <= 16; index++) {
            Long forced = number(params[index]);
            if (forced == null || forced != 0 && forced != 1) {
                errors.append(", invalid ").append(index == 15 ? "bk" : "srv").append("_f_forced_id value '")
                        .append(params[index]).append('\'');
            }
        }
        if (!errors.isEmpty()) {
            warning("server-state application failed for server '" + server.qualifiedName() + "'" + errors);
            return;
        }
        applyValid(backend, server, opState.intValue(), (int) admin, userWeight.intValue(),
                initialWeight.intValue(), sinceChange, checkStatus.intValue(), checkHealth.intValue());
    }

    private void applyValid(BackendRuntime backend, ServerRuntime server, int opState, int admin, int userWeight,
                            int initialWeight, long sinceChange, int checkStatus, int checkHealth) {
        int rise = server.check().rise();
        int fall = server.check().fall();
        // the operational state (HAProxy's SRV_ST_*), with the check's counter
        server.checkHealth(checkHealth);
        if (opState == 0 || opState == 3 && fall == 1) {
            server.checkHealth(0);
            if (server.isUp() && !server.inMaintenance()) {
                server.setUp(false);
                backend.rebuildPicker();
                String message = TransitionMessages.changed(backend, server, "DOWN", AFTER_RELOAD);
                log.warning(message);
                backend.log().send(ProxyLog.ALERT, message);
            }
        } else if (opState == 3) {
            if (checkHealth < rise || checkHealth > rise + fall - 2) {
                server.checkHealth(rise);
            }
            if (!server.inMaintenance() && !server.stopping()) {
                server.setUp(true);
                server.setStopping(true);
                backend.rebuildPicker();
                String message = TransitionMessages.changed(backend, server, "stopping", AFTER_RELOAD);
                log.warning(message);
                backend.log().send(ProxyLog.NOTICE, message);
            }
        } else {
            // RUNNING, and STARTING (Bascule has no such state: its slowstart starts when a check passes)
            server.checkHealth(rise + fall - 1);
        }
        // forced maintenance: what the configuration says wins when it changed ('disabled' added or removed)
        boolean configured = server.configuredMaintenance();
        if (((admin & 0x04) != 0) == configured) {
            if ((admin & 0x01) != 0 && !configured) {
                maintenance(backend, server);
            } else if ((admin & 0x01) == 0 && configured) {
                ServerAdmin.enable(backend, server, EventLog.NONE, null, null);
            }
        }
        if (!server.maintenance() && (admin & 0x08) != 0 && (initialWeight > 0 || server.initialWeight() == 0)) {
            ServerAdmin.drain(backend, server, EventLog.NONE);
            String message = (server.backup() ? "Backup Server " : "Server ") + server.qualifiedName()
                    + " remains in forced drain mode.";
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
        }
        CheckStatus status = status(checkStatus);
        server.restore(System.currentTimeMillis() - sinceChange * 1000, status == null ? server.lastCheck()
                : new ServerRuntime.CheckReport(new CheckResult(status, ""), -1));
        if (initialWeight == server.initialWeight() && userWeight != server.weight()) {
            ServerAdmin.weight(backend, server, userWeight, System.nanoTime() / 1_000_000, log);
        }
    }

    /** {@code srv_adm_set_maint()} at start: quietly, as HAProxy is then. */
    private static void maintenance(BackendRuntime backend, ServerRuntime server) {
        ServerAdmin.disable(backend, server, EventLog.NONE, null);
    }

    private static CheckStatus status(int code) {
        for (CheckStatus status : CheckStatus.values()) {
            if (ServerCommands.statusCode(status) == code) {
                return status;
            }
        }
        return null;
    }

    /** {@code strtol()} of a whole field, null when it has no digit (or is out of range). */
    private static Long number(String field) {
        if (field == null) {
            return null;
        }
        int end = 0;
        if (end < field.length() && (field.charAt(end) == '-' || field.charAt(end) == '+')) {
            end++;
        }
        int digits = end;
        while (end < field.length() && Character.isDigit(field.charAt(end))) {
            end++;
        }
        if (end == digits) {
            return null;
        }
        try {
            return Long.parseLong(field.substring(field.charAt(0) == '+' ? 1 : 0, end));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int atoi(String field) {
        Long value = number(field);
        return value == null ? 0 : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }
}
