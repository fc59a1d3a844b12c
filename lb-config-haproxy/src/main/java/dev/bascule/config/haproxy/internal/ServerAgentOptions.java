package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerAgent;
import dev.bascule.api.loader.CText;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The server options of the agent check, HAProxy 2.6's {@code check.c}: {@code agent-check},
 * {@code no-agent-check}, {@code agent-port}, {@code agent-addr}, {@code agent-inter} and
 * {@code agent-send}. The agent's port is {@code agent-port}, else {@code port}; its address
 * {@code agent-addr}, else {@code addr}, else the server's.
 */
final class ServerAgentOptions {
    private final Map<String, String> environment;

    private ServerAgentOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    static void register(ServerOptionTable table, Map<String, String> environment) {
        ServerAgentOptions options = new ServerAgentOptions(environment);
        table.register("agent-check", ServerAgentOptions::parseAgentCheck);
        table.register("no-agent-check", ServerAgentOptions::parseNoAgentCheck);
        table.register("agent-port", ServerAgentOptions::parsePort);
        table.register("agent-addr", options::parseAddress);
        table.register("agent-inter", ServerAgentOptions::parseInter);
        table.register("agent-send", ServerAgentOptions::parseSend);
    }

    private static int parseAgentCheck(ServerOption option) {
        option.settings.agent = true;
        return 1;
    }

    /** HAProxy's {@code deinit_srv_agent_check()}: the agent is off, its string forgotten. */
    private static int parseNoAgentCheck(ServerOption option) {
        option.settings.agent = false;
        option.settings.agentSend = null;
        return 1;
    }

    private static int parsePort(ServerOption option) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("'agent-port' expects a port number as argument..");
        }
        long port = CText.atol(value);
        if (port < 0 || port > 65535) {
            // HAProxy keeps the low 16 bits of atol(); Bascule does not guess
            return option.alert("'agent-port' expects a port number as argument (got '" + value + "')..");
        }
        option.settings.agentPort = (int) port;
        return 2;
    }

    private int parseAddress(ServerOption option) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("'agent-addr' expects an address as argument..");
        }
        AddressParser.Parsed parsed = AddressParser.parse(value, AddressParser.Use.SERVER, environment);
        if (!(parsed instanceof AddressParser.Inet inet) || inet.host().isEmpty() || inet.portGiven()
                || inet.hostName() && !resolves(inet.host())) {
            // HAProxy's str2ip(): an address, or a name the resolver knows
            return option.alert("parsing agent-addr failed. Check if '" + value + "' is correct address..");
        }
        option.settings.agentAddress = inet.host();
        return 2;
    }

    private static boolean resolves(String name) {
        try {
            java.net.InetAddress.getByName(name);
            return true;
        } catch (java.net.UnknownHostException | SecurityException e) {
            return false;
        }
    }

    private static int parseInter(ServerOption option) {
        Duration delay = ServerCheckOptions.serverDelay(option);
        if (delay == null) {
            return 0;
        }
        option.settings.agentInter = delay;
        return 2;
    }

    private static int parseSend(ServerOption option) {
        if (option.value().isEmpty()) {
            return option.alert("'agent-send' expects a string as argument..");
        }
        option.settings.agentSend = option.value();
        return 2;
    }

    /** The agent of a server with these settings. */
    static ServerAgent toAgent(ServerSettings settings) {
        int port = settings.agentPort > 0 ? settings.agentPort : settings.port;
        String address = settings.agentAddress != null ? settings.agentAddress : settings.address;
        return new ServerAgent(settings.agent, Optional.ofNullable(settings.agentInter),
                port > 0 ? OptionalInt.of(port) : OptionalInt.empty(), Optional.ofNullable(address),
                settings.agentSend == null ? "" : settings.agentSend);
    }
}
