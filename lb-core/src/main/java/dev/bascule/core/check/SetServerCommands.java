package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerRuntime;

import java.util.List;
import java.util.Set;

/**
 * {@code set server <backend>/<server> state ready|drain|maint} and {@code set server
 * <backend>/<server> weight <weight>[%]}, with HAProxy 2.6's answers ({@code server.c}'s
 * {@code cli_parse_set_server()} and {@code server_parse_weight_change_request()}), admin level.
 * The changes are carried out on the health-check scheduler's thread. The other options of
 * {@code set server} (addr, health, agent...) are refused as not implemented.
 */
public final class SetServerCommands {
    /** The usage line, as {@code help} prints it. */
    public static final String USAGE =
            "set server <bk>/<srv> [opts]            : change a server's state, weight, address or ssl";

    /** The options HAProxy 2.6 knows, which Bascule does not carry out. */
    private static final Set<String> NOT_IMPLEMENTED = Set.of("addr", "agent", "agent-addr", "agent-port",
            "agent-send", "check-addr", "check-port", "health");

    private final ProxyRuntime runtime;

    public SetServerCommands(ProxyRuntime runtime) {
        this.runtime = requireNonNull(runtime, "runtime");
    }

    /**
     * Runs {@code args} at {@code level}, appending the answer to {@code out} without the newline
     * that ends every answer.
     *
     * @return false when the command is not {@code set server}
     */
    public boolean execute(List<String> args, String level, StringBuilder out) {
        if (args.size() < 2 || !args.get(0).equals("set") || !args.get(1).equals("server")) {
            return false;
        }
        if (!level.equals("admin")) {
            out.append("Permission denied\n");
            return true;
        }
        ServerCommands.Found found = ServerCommands.find(runtime, arg(args, 2), out);
        if (found == null) {
            return true;
        }
        String option = arg(args, 3);
        ServerControl control = ServerAdmin.control(found.backend());
        switch (option) {
            case "weight" -> {
                String error = weight(found.backend(), found.server(), arg(args, 4), control);
                if (error != null) {
                    out.append(error);
                }
            }
            case "state" -> state(found.server(), arg(args, 4), control, out);
            case "ssl" -> ssl(found.server(), arg(args, 4), out);
            case "fqdn" -> fqdn(found.server(), arg(args, 4), out);
            default -> {
                if (NOT_IMPLEMENTED.contains(option)) {
                    out.append("'set server <srv> ").append(option).append("' is not implemented by Bascule.\n");
                } else {
                    out.append("usage: set server <backend>/<server> addr | agent | agent-addr | agent-port"
                            + " | agent-send | check-addr | check-port | fqdn | health | ssl | state | weight\n");
                }
            }
        }
        return true;
    }

    private static String arg(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }

    /**
     * {@code set server <b>/<s> fqdn <name>}: HAProxy's answers for a missing name and for a
     * server without {@code resolvers}; moving a resolved server to another name is not
     * implemented yet.
     */
    private static void fqdn(ServerRuntime server, String name, StringBuilder out) {
        if (name.isEmpty()) {
            out.append("set server <b>/<s> fqdn requires a FQDN.\n");
        } else if (server.resolvedBy() == null) {
            out.append("set server <b>/<s> fqdn failed because no resolution is configured.\n");
        } else {
            out.append("'set server <srv> fqdn' is not implemented by Bascule for a server resolved by a"
                    + " 'resolvers' section.\n");
        }
    }

    /**
     * {@code set server <b>/<s> ssl on|off} ({@code srv_set_ssl()}): the connections opened from
     * now on; the idle ones are closed as they come back (Bascule keeps none of another kind).
     */
    private static void ssl(ServerRuntime server, String value, StringBuilder out) {
        if (!server.endpoint().tls().configurable()) {
            out.append("'set server <srv> ssl' cannot be set.  default-server should define ssl settings\n");
            return;
        }
        if (!value.equals("on") && !value.equals("off")) {
            out.append("'set server <srv> ssl' expects 'on' or 'off'.\n");
            return;
        }
        server.endpoint().encrypted(value.equals("on"));
        out.append("server ssl setting updated.\n");
    }

    /** {@code srv_adm_set_ready()}, {@code srv_adm_set_drain()}, {@code srv_adm_set_maint()}. */
    private static void state(ServerRuntime server, String state, ServerControl control, StringBuilder out) {
        switch (state) {
            case "ready" -> {
                control.undrain(server);
                control.enable(server);
            }
            case "drain" -> {
                control.drain(server);
                control.enable(server);
            }
            case "maint" -> {
                control.disable(server);
                control.undrain(server);
            }
            default -> out.append("'set server <srv> state' expects 'ready', 'drain' and 'maint'.\n");
        }
    }

    /** {@code server_parse_weight_change_request()}: null when the weight was set, else HAProxy's answer. */
    static String weight(BackendRuntime backend, ServerRuntime server, String text, ServerControl control) {
        if (text.isEmpty()) {
            return "Require <weight> or <weight%>.\n";
        }
        // strtol(): blanks, a sign, digits
        int start = 0;
        while (start < text.length() && Character.isWhitespace(text.charAt(start))) {
            start++;
        }
        int end = start;
        if (end < text.length() && (text.charAt(end) == '-' || text.charAt(end) == '+')) {
            end++;
        }
        int digits = end;
        while (end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
            end++;
        }
        if (end == digits) {
            return "Empty weight string empty or preceded by garbage";
        }
        String number = text.substring(start, end);
        long weight = number.length() > 12 ? (number.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE)
                : Long.parseLong(number);
        String rest = text.substring(end);
        if (rest.equals("%")) {
            if (weight < 0) {
                return "Relative weight must be positive.\n";
            }
            weight = Math.min(weight, 25600);
            weight = Math.min(256, server.initialWeight() * weight / 100);
        } else if (weight < 0 || weight > 256) {
            return "Absolute weight can only be between 0 and 256 inclusive.\n";
        } else if (!rest.isEmpty()) {
            return "Trailing garbage in weight string";
        }
        if (weight != 0 && weight != server.initialWeight() && !server.dynamicWeights()) {
            return "Backend is using a static LB algorithm and only accepts weights '0%' and '100%'.\n";
        }
        control.weight(server, (int) weight);
        return null;
    }
}
