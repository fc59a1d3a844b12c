package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerRuntime;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * The runtime API commands on servers, with HAProxy 2.6's answers: {@code show servers state
 * [<backend>]} ({@code proxy.c}'s {@code dump_servers_state()}, version 1 of the state file),
 * {@code disable server <b>/<s>} and {@code enable server <b>/<s>} ({@code server.c}, admin
 * level). The state changes are carried out on the health-check scheduler's thread.
 */
public final class ServerCommands {
    /** The usage lines of these commands, as {@code help} prints them. */
    public static final List<String> USAGE = List.of(
            "disable server (DEPRECATED)             : disable a server for maintenance (use 'set server' instead)",
            "enable server  (DEPRECATED)             : enable a disabled server (use 'set server' instead)",
            "show servers state [<backend>]          : dump volatile server information (all or for a single backend)");

    /** HAProxy's {@code SRV_STATE_FILE_VERSION} and {@code SRV_STATE_FILE_FIELD_NAMES}. */
    private static final String HEADER = "1\n# be_id be_name srv_id srv_name srv_addr srv_op_state srv_admin_state"
            + " srv_uweight srv_iweight srv_time_since_last_change srv_check_status srv_check_result"
            + " srv_check_health srv_check_state srv_agent_state bk_f_forced_id srv_f_forced_id srv_fqdn srv_port"
            + " srvrecord srv_use_ssl srv_check_port srv_check_addr srv_agent_addr srv_agent_port\n";

    private final ProxyRuntime runtime;

    public ServerCommands(ProxyRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime");
    }

    /**
     * Runs {@code args} at {@code level}, appending the answer to {@code out} without the newline
     * that ends every answer.
     *
     * @return false when the command is none of these
     */
    public boolean execute(List<String> args, String level, StringBuilder out) {
        if (args.size() < 2) {
            return false;
        }
        String verb = args.get(0);
        String noun = args.get(1);
        if (verb.equals("show") && noun.equals("servers") && args.size() > 2 && args.get(2).equals("state")) {
            showState(args.size() > 3 ? args.get(3) : "", out);
            return true;
        }
        if ((verb.equals("disable") || verb.equals("enable")) && noun.equals("server")) {
            if (!level.equals("admin")) {
                out.append("Permission denied\n");
                return true;
            }
            Found found = find(args.size() > 2 ? args.get(2) : "", out);
            if (found != null) {
                if (verb.equals("disable")) {
                    ServerAdmin.control(found.backend).disable(found.server);
                } else {
                    ServerAdmin.control(found.backend).enable(found.server);
                }
            }
            return true;
        }
        return false;
    }

    /** A server found by {@link #find}, and its backend. */
    record Found(BackendRuntime backend, ServerRuntime server) {
    }

    private Found find(String argument, StringBuilder out) {
        return find(runtime, argument, out);
    }

    /** HAProxy's {@code cli_find_server()}: {@code backend/server}, either part a name or {@code #id}. */
    static Found find(ProxyRuntime runtime, String argument, StringBuilder out) {
        int slash = argument.indexOf('/');
        if (slash <= 0 || slash == argument.length() - 1) {
            out.append("Require 'backend/server'.\n");
            return null;
        }
        BackendRuntime backend = backend(runtime, argument.substring(0, slash));
        if (backend == null) {
            out.append("No such backend.\n");
            return null;
        }
        String name = argument.substring(slash + 1);
        for (ServerRuntime server : backend.servers()) {
            if (name.startsWith("#") ? ("#" + server.id()).equals(name) : server.name().equals(name)) {
                return new Found(backend, server);
            }
        }
        out.append("No such server.\n");
        return null;
    }

    private BackendRuntime backend(String name) {
        return backend(runtime, name);
    }

    private static BackendRuntime backend(ProxyRuntime runtime, String name) {
        for (BackendRuntime backend : runtime.backends()) {
            if (name.startsWith("#") ? ("#" + backend.id()).equals(name) : backend.name().equals(name)) {
                return backend;
            }
        }
        return null;
    }

    private void showState(String only, StringBuilder out) {
        BackendRuntime selected = null;
        if (!only.isEmpty()) {
            selected = backend(only);
            if (selected == null) {
                out.append("Can't find backend.\n");
                return;
            }
        }
        out.append(HEADER);
        long nowSeconds = System.currentTimeMillis() / 1000;
        for (BackendRuntime backend : runtime.backends()) {
            if (selected != null && backend != selected) {
                continue;
            }
            for (ServerRuntime server : backend.servers()) {
                line(backend, server, nowSeconds, out);
            }
        }
    }

    private static void line(BackendRuntime backend, ServerRuntime server, long nowSeconds, StringBuilder out) {
        InetSocketAddress address = server.address();
        boolean checked = server.check().enabled();
        ServerRuntime.CheckReport report = server.lastCheck();
        int status = report == null ? 1 : statusCode(report.result().status());
        int result = report == null ? 0 : report.result().status() == CheckStatus.L7OKC ? 4
                : report.result().status().passed() ? 3 : 2;
        // CHK_ST_CONFIGURED|CHK_ST_ENABLED, CHK_ST_PAUSED in maintenance (kept by a server 'disabled' without check)
        int state = checked ? 6 | (server.maintenance() ? 8 : 0) : server.configuredMaintenance() ? 8 : 0;
        String checkAddress = server.check().address().orElse("-");
        int checkPort = server.check().port().orElse(0);
        // the agent's: agent-addr and agent-port, else addr and port (HAProxy copies them)
        ServerAgentState agent = server.agent();
        String agentAddress = agent == null ? checkAddress : agent.settings().address().orElse("-");
        int agentPort = agent == null ? checkPort : agent.settings().port().orElse(0);
        String hostname = address.getHostString();
        out.append(backend.id()).append(' ').append(backend.name()).append(' ')
                .append(server.id()).append(' ').append(server.name()).append(' ')
                .append(address.getAddress() == null ? "-" : Sample.appendAddress(new StringBuilder(), address.getAddress()))
                .append(' ')
                // HAProxy's SRV_ST_STOPPED (0), SRV_ST_STARTING (1, slowstart), SRV_ST_RUNNING (2), SRV_ST_STOPPING (3)
                .append(!server.isUp() ? 0 : server.stopping() ? 3 : server.warmingUp() ? 1 : 2).append(' ')
                // HAProxy's SRV_ADMF_FMAINT (0x01), _CMAINT (0x04), _FDRAIN (0x08), _RMAINT (0x20)
                .append(adminState(server)).append(' ')
                .append(server.weight()).append(' ').append(server.initialWeight()).append(' ')
                .append(nowSeconds - server.lastChangeMillis() / 1000).append(' ')
                .append(status).append(' ').append(result).append(' ').append(server.checkHealth()).append(' ')
                .append(state).append(' ').append(agent == null ? 0 : agent.stateFlags()).append(" 0 0 ")
                .append(literal(hostname) ? "-" : hostname).append(' ')
                .append(address.getPort()).append(" - ").append(server.endpoint().use()).append(' ')
                .append(checkPort).append(' ').append(checkAddress).append(' ').append(agentAddress).append(' ')
                .append(agentPort).append('\n');
    }

    /** HAProxy's {@code srv_admin_state}: the {@code SRV_ADMF_*} flags Bascule has. */
    static int adminState(ServerRuntime server) {
        return (server.maintenance() ? 0x01 : 0) | (server.configuredMaintenance() ? 0x04 : 0)
                | (server.drain() ? 0x08 : 0) | (server.resolutionMaintenance() ? 0x20 : 0);
    }

    /** HAProxy's {@code HCHK_STATUS_*} number of a status. */
    static int statusCode(CheckStatus status) {
        return switch (status) {
            case L4OK -> 6;
            case L4TOUT -> 7;
            case L4CON -> 8;
            case L6OK -> 9;
            case L6TOUT -> 10;
            case L6RSP -> 11;
            case L7TOUT -> 12;
            case L7RSP -> 13;
            case L7OK -> 15;
            case L7OKC -> 16;
            case L7STS -> 17;
            case HANA -> 4;
        };
    }

    private static boolean literal(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
}
