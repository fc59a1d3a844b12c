package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerStateConfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Server state across reloads, as HAProxy 2.6 reads it: the global {@code server-state-file} and
 * {@code server-state-base} ({@code cfgparse-global.c}), the proxy keywords
 * {@code load-server-state-from-file global|local|none} (inherited from defaults) and
 * {@code server-state-file-name [<name>|use-backend-name]} ({@code cfgparse-listen.c}), and the
 * resolution {@code check_config_validity()} makes of them: which file each backend loads.
 */
final class ServerStateKeywords {
    /** {@code load-server-state-from-file}: HAProxy's {@code PR_SRV_STATE_FILE_*}; null in a section is UNSPEC. */
    enum Load {
        GLOBAL, LOCAL, NONE
    }

    private ServerStateKeywords() {
    }

    static void register(GlobalKeywordTable table) {
        table.register("server-state-base", ServerStateKeywords::parseBase);
        table.register("server-state-file", ServerStateKeywords::parseFile);
    }

    static void register(ProxyKeywordTable table) {
        table.register("load-server-state-from-file", ServerStateKeywords::parseLoad);
        table.register("server-state-file-name", ServerStateKeywords::parseFileName);
    }

    private static void parseBase(GlobalLine line) {
        if (line.global.serverStateBase != null) {
            line.alert("'server-state-base' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'server-state-base' expects one argument: a directory path.");
        } else {
            line.global.serverStateBase = line.word(1);
        }
    }

    private static void parseFile(GlobalLine line) {
        if (line.global.serverStateFile != null) {
            line.alert("'server-state-file' already specified. Continuing.");
        } else if (line.word(1).isEmpty()) {
            line.alert("'server-state-file' expect one argument: a file path.");
        } else {
            line.global.serverStateFile = line.word(1);
        }
    }

    /** HAProxy's warnifnotcap() is a warning here: the line still counts (for nothing, without backend). */
    private static boolean warnIfNotBackend(ProxyLine line) {
        if (!line.section.hasBackend()) {
            line.warning("'" + line.keyword() + "' ignored because " + line.section.describe()
                    + " has no backend capability.");
            return false;
        }
        return true;
    }

    private static void parseLoad(ProxyLine line) {
        warnIfNotBackend(line);
        switch (line.word(1)) {
            case "global" -> line.section.loadServerState = Load.GLOBAL;
            case "local" -> line.section.loadServerState = Load.LOCAL;
            case "none" -> line.section.loadServerState = Load.NONE;
            default -> line.alert("'load-server-state-from-file' expects 'global', 'local' or 'none'. Got '"
                    + line.word(1) + "'");
        }
    }

    private static void parseFileName(ProxyLine line) {
        warnIfNotBackend(line);
        if (line.tooManyArgs(1)) {
            return;
        }
        String name = line.word(1);
        line.section.serverStateFileName = name.isEmpty() || name.equals("use-backend-name") ? line.section.name
                : name;
    }

    /**
     * Which file each backend loads, with HAProxy's warning for a backend told to load the global
     * file when there is none. {@code serverStateBase} prefixes relative names.
     */
    static ServerStateConfig resolve(GlobalSection global, List<ProxySection> proxies, Diagnostics diagnostics) {
        Map<String, Optional<String>> backends = new LinkedHashMap<>();
        for (ProxySection proxy : proxies) {
            if (!proxy.hasBackend() || proxy.kind == ProxySection.Kind.DEFAULTS || proxy.loadServerState == null
                    || proxy.loadServerState == Load.NONE) {
                continue;
            }
            if (proxy.loadServerState == Load.GLOBAL) {
                if (global.serverStateFile == null) {
                    diagnostics.warning("backend '" + proxy.name + "' configured to load server state file from"
                            + " global section 'server-state-file' directive. Unfortunately, 'server-state-file'"
                            + " is not set!");
                }
                backends.put(proxy.name, Optional.empty());
            } else {
                String name = proxy.serverStateFileName == null ? proxy.name : proxy.serverStateFileName;
                backends.put(proxy.name, Optional.of(path(global.serverStateBase, name)));
            }
        }
        Optional<String> globalFile = Optional.ofNullable(global.serverStateFile)
                .map(file -> path(global.serverStateBase, file));
        return globalFile.isEmpty() && backends.isEmpty() ? ServerStateConfig.NONE
                : new ServerStateConfig(globalFile, backends);
    }

    /** HAProxy's {@code srv_state_get_filepath()}: an absolute name as it is, else under the base when set. */
    private static String path(String base, String name) {
        if (name.startsWith("/") || base == null) {
            return name;
        }
        return base + (base.endsWith("/") ? "" : "/") + name;
    }
}
