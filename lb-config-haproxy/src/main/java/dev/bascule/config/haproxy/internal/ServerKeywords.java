package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerTls;
import dev.bascule.api.loader.CText;

import java.util.Map;
import java.util.Optional;

/** {@code server}, {@code default-server} and their options, and {@code dispatch}: where a backend connects. */
final class ServerKeywords {
    private final Map<String, String> environment;
    private final ServerOptionTable options = new ServerOptionTable();

    private TlsDefaults tlsDefaults = new TlsDefaults();

    ServerKeywords(Map<String, String> environment, AclParser expressions) {
        this.environment = environment;
        ServerTlsOptions.register(options, () -> tlsDefaults, expressions);
        ServerOptions.register(options);
        ServerCheckOptions.register(options, environment);
        ServerAgentOptions.register(options, environment);
        ServerResolutionOptions.register(options);
        ServerQueueOptions.register(options);
        SlowStartOptions.register(options);
        ServerAdminOptions.register(options);
        ServerHealthReactions.register(options);
        ProxyProtocolOptions.register(options);
    }

    /** The {@code global} section's TLS defaults ({@code ssl-default-server-*}, {@code ca-base}...). */
    void tlsDefaults(TlsDefaults defaults) {
        this.tlsDefaults = defaults;
    }

    void register(ProxyKeywordTable table) {
        table.register("server", this::parseServer);
        table.register("default-server", this::parseDefaultServer);
        table.register("server-template", this::parseServerTemplate);
        table.register("dispatch", ProxyKeywordTable.SectionRule.BACKEND_NOT_DEFAULTS, this::parseDispatch);
    }

    /** A connectable address for {@code server} and {@code dispatch}, or empty after an alert. */
    private Optional<ServerAddress> serverAddress(ProxyLine line, String written, AddressParser.Use use, String prefix) {
        AddressParser.Parsed parsed = AddressParser.parse(written, use, environment);
        if (parsed instanceof AddressParser.Invalid invalid) {
            line.bareAlert(prefix + invalid.message());
            return Optional.empty();
        }
        if (parsed instanceof AddressParser.Unsupported unsupported) {
            line.bareAlert(prefix + "'" + unsupported.form() + "' addresses are not implemented yet by Bascule");
            return Optional.empty();
        }
        if (parsed instanceof AddressParser.Unix unix && use == AddressParser.Use.SERVER) {
            return Optional.of(ServerAddress.unix(unix.path()));
        }
        if (!(parsed instanceof AddressParser.Inet inet)) {
            line.bareAlert(prefix + "UNIX socket addresses are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.offset()) {
            line.bareAlert(prefix + "port offsets are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.portLow() == 0 && (inet.portGiven() || use != AddressParser.Use.SERVER)) {
            line.bareAlert(prefix + (inet.portGiven() ? "invalid port '0'" : "missing port specification in '" + written
                    + "'"));
            return Optional.empty();
        }
        // a server without a port (HAProxy's SRV_F_MAPPORTS): port 0, each connection goes to the client's port;
        // without a host (*, empty, 0.0.0.0, ::), to the address the client connected to
        if (inet.hostName() && inet.host().startsWith("_")) {
            line.bareAlert(prefix + "DNS SRV records are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        return Optional.of(new ServerAddress(inet.host().isEmpty() ? "0.0.0.0" : inet.host(), inet.portLow()));
    }

    /** The server's TLS, checked as HAProxy checks it once the line is read; false after an alert. */
    private boolean tlsResolved(ProxyLine line, ServerSettings settings, String prefix) {
        Optional<ServerTls> tls = ServerTlsOptions.resolve(line, settings, prefix, tlsDefaults);
        tls.ifPresent(resolved -> settings.tls = resolved);
        return tls.isPresent();
    }

    private void parseServer(ProxyLine line) {
        ProxySection section = line.section;
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'server' not allowed in 'defaults' section.");
            return;
        }
        if (!section.hasBackend()) {
            line.alert("'server' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        if (line.word(2).isEmpty()) {
            line.alert("'server' expects <name> and <addr>[:<port>] as arguments.");
            return;
        }
        String name = line.word(1);
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            line.alert(ConfigNames.notPermitted(name, invalid, "server name '" + name + "'."));
            return;
        }
        String prefix = "'server " + section.name + "/" + name + "' : ";
        Optional<ServerAddress> address = serverAddress(line, line.word(2), AddressParser.Use.SERVER, prefix);
        if (address.isEmpty()) {
            return;
        }
        ServerSettings settings = section.serverDefaults.copy();
        if (!parseServerOptions(line, 3, settings, prefix, name) || !agentPortSet(line, settings, prefix, name)
                || !tlsResolved(line, settings, prefix)) {
            return;
        }
        for (ServerConfig server : section.servers) {
            if (server.name().equals(name)) {
                line.bareAlert(prefix + "a server with the same name is already declared at " + server.location());
                return;
            }
        }
        section.servers.add(settings.toServer(name, address.get(), line.location));
    }

    /**
     * {@code server-template <prefix> <num | low-high> <addr>[:<port>] [options]}: servers
     * {@code <prefix><low>} to {@code <prefix><high>} with the same address and options, which a
     * {@code resolvers} section fills from the DNS answers (HAProxy's {@code _srv_parse_tmpl_init()}).
     */
    private void parseServerTemplate(ProxyLine line) {
        ProxySection section = line.section;
        String keyword = line.keyword();
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'" + keyword + "' not allowed in 'defaults' section.");
            return;
        }
        if (!section.hasBackend()) {
            line.alert("'" + keyword + "' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        if (line.word(3).isEmpty()) {
            line.alert("'" + keyword + "' expects <prefix> <nb | range> <addr>[:<port>] as arguments.");
            return;
        }
        String prefixName = line.word(1);
        int invalid = invalidPrefixChar(prefixName);
        if (invalid >= 0) {
            line.alert(ConfigNames.notPermitted(prefixName, invalid, keyword + " prefix '" + prefixName + "'."));
            return;
        }
        String range = line.word(2);
        long low;
        long high;
        int dash = range.indexOf('-');
        if (dash >= 0) {
            low = CText.atol(range.substring(0, dash));
            high = CText.atol(range.substring(dash + 1));
        } else {
            high = CText.atol(range);
            low = 1;
        }
        if (low < 0 || high < low || high > Integer.MAX_VALUE) {
            line.alert("Wrong " + keyword + " number or range arg '" + range + "'.");
            return;
        }
        // HAProxy names its messages after the first server of the range
        String first = prefixName + low;
        String prefix = "'server " + section.name + "/" + first + "' : ";
        Optional<ServerAddress> address = serverAddress(line, line.word(3), AddressParser.Use.SERVER, prefix);
        if (address.isEmpty()) {
            return;
        }
        ServerSettings settings = section.serverDefaults.copy();
        if (!parseServerOptions(line, 4, settings, prefix, first) || !agentPortSet(line, settings, prefix, first)
                || !tlsResolved(line, settings, prefix)) {
            return;
        }
        for (long number = low; number <= high; number++) {
            String name = prefixName + number;
            for (ServerConfig server : section.servers) {
                if (server.name().equals(name)) {
                    line.alert("'server " + section.name + "/" + name + "' : a server with the same name is already"
                            + " declared at " + server.location());
                    return;
                }
            }
            section.servers.add(settings.toServer(name, address.get(), line.location));
        }
    }

    /**
     * HAProxy's {@code _srv_parse_finalize()}: an agent needs a port ({@code agent-port}, else
     * {@code port}); false after the alert.
     */
    private static boolean agentPortSet(ProxyLine line, ServerSettings settings, String prefix, String name) {
        if (settings.agent && settings.agentPort == 0 && settings.port == 0) {
            line.bareAlert(prefix + "server " + name + " does not have agent port. Agent check has been disabled.");
            return false;
        }
        return true;
    }

    /** HAProxy's {@code invalid_prefix_char()}: as {@code invalid_char()} without {@code :}. */
    private static int invalidPrefixChar(String name) {
        int invalid = ConfigNames.invalidChar(name);
        if (invalid < 0) {
            int colon = name.indexOf(':');
            return colon;
        }
        return invalid;
    }

    /** {@code default-server}: sets what the following {@code server} lines start from. */
    private void parseDefaultServer(ProxyLine line) {
        ProxySection section = line.section;
        if (!section.hasBackend()) {
            line.alert("'default-server' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        ServerSettings settings = section.serverDefaults.copy();
        if (parseServerOptions(line, 1, settings, "", "default-server")) {
            section.serverDefaults = settings;
        }
    }

    /**
     * The keywords after a server's address (or after {@code default-server}), HAProxy's
     * {@code srv_kws}, with HAProxy's alerts. False after an alert.
     */
    private boolean parseServerOptions(ProxyLine line, int start, ServerSettings settings, String prefix,
                                       String name) {
        int index = start;
        while (!line.word(index).isEmpty()) {
            String keyword = line.word(index);
            Optional<ServerOptionTable.OptionParser> parser = options.find(keyword);
            if (parser.isEmpty()) {
                if (HaproxyKeywords.SERVER_KNOWN.contains(keyword)) {
                    line.bareAlert(prefix + "'" + keyword + "' is not implemented yet by Bascule");
                } else {
                    Optional<String> best = DidYouMean.bestMatch(keyword, HaproxyKeywords.SERVER_SUGGESTIONS);
                    line.bareAlert(prefix + "unknown keyword '" + keyword + "'"
                            + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                }
                return false;
            }
            int taken = parser.get().parse(new ServerOption(line, settings, prefix, name, index));
            if (taken <= 0) {
                return false;
            }
            index += taken;
        }
        return true;
    }

    private void parseDispatch(ProxyLine line) {
        Optional<ServerAddress> address = serverAddress(line, line.word(1), AddressParser.Use.DISPATCH, "'dispatch' : ");
        if (address.isEmpty() || line.tooManyArgs(1)) {
            return;
        }
        line.section.dispatch = address.get();
    }
}
