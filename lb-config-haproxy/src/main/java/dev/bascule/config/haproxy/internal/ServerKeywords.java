package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.loader.CText;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** {@code server}, {@code default-server} and their options, and {@code dispatch}: where a backend connects. */
final class ServerKeywords {
    private final Map<String, String> environment;

    ServerKeywords(Map<String, String> environment) {
        this.environment = environment;
    }

    void register(ProxyKeywordTable table) {
        table.register("server", this::parseServer);
        table.register("default-server", this::parseDefaultServer);
        table.register("dispatch", ProxyKeywordTable.SectionRule.BACKEND_NOT_DEFAULTS, this::parseDispatch);
    }

    /** A connectable address for {@code server} and {@code dispatch}, or empty after an alert. */
    private Optional<ServerAddress> serverAddress(ProxyLine line, String written, AddressParser.Use use, String prefix) {
        AddressParser.Parsed parsed = AddressParser.parse(written, use, environment);
        if (parsed instanceof AddressParser.Invalid invalid) {
            line.alert(prefix + invalid.message());
            return Optional.empty();
        }
        if (parsed instanceof AddressParser.Unsupported unsupported) {
            line.alert(prefix + "'" + unsupported.form() + "' addresses are not implemented yet by Bascule");
            return Optional.empty();
        }
        if (!(parsed instanceof AddressParser.Inet inet)) {
            line.alert(prefix + "UNIX socket addresses are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.offset()) {
            line.alert(prefix + "port offsets are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.portLow() == 0 && (inet.portGiven() || use != AddressParser.Use.SERVER)) {
            line.alert(prefix + (inet.portGiven() ? "invalid port '0'" : "missing port specification in '" + written
                    + "'"));
            return Optional.empty();
        }
        // a server without a port (HAProxy's SRV_F_MAPPORTS): port 0, each connection goes to the client's port
        if (inet.host().isEmpty() || inet.host().equals("::")) {
            line.alert(prefix + "addresses without a host are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        if (inet.hostName() && inet.host().startsWith("_")) {
            line.alert(prefix + "DNS SRV records are not implemented yet by Bascule (in '" + written + "')");
            return Optional.empty();
        }
        return Optional.of(new ServerAddress(inet.host(), inet.portLow()));
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
        ProxySection.ServerDefaults settings = section.serverDefaults.copy();
        if (!parseServerOptions(line, 3, settings, prefix, name)) {
            return;
        }
        for (ServerConfig server : section.servers) {
            if (server.name().equals(name)) {
                line.alert(prefix + "a server with the same name is already declared at " + server.location());
                return;
            }
        }
        section.servers.add(new ServerConfig(name, address.get(), settings.weight,
                Optional.ofNullable(settings.cookie), line.location, settings.toCheck(), settings.backup,
                settings.poolMaxConn));
    }

    /** {@code default-server}: sets what the following {@code server} lines start from. */
    private void parseDefaultServer(ProxyLine line) {
        ProxySection section = line.section;
        if (!section.hasBackend()) {
            line.alert("'default-server' not allowed because " + section.describe() + " has no backend capability.");
            return;
        }
        ProxySection.ServerDefaults settings = section.serverDefaults.copy();
        if (parseServerOptions(line, 1, settings, "", "default-server")) {
            section.serverDefaults = settings;
        }
    }

    /**
     * The keywords after a server's address (or after {@code default-server}), HAProxy's
     * {@code srv_kws}, with HAProxy's alerts. False after an alert.
     */
    private boolean parseServerOptions(ProxyLine line, int start, ProxySection.ServerDefaults settings, String prefix,
                                       String name) {
        int index = start;
        while (!line.word(index).isEmpty()) {
            String option = line.word(index);
            String value = line.word(index + 1);
            switch (option) {
                case "cookie" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "'cookie' expects <value> as argument.");
                        return false;
                    }
                    settings.cookie = value;
                    index += 2;
                }
                case "weight" -> {
                    int weight = (int) CText.atol(value);
                    if (weight < 0 || weight > ServerConfig.MAX_WEIGHT) {
                        line.alert(prefix + "weight of server " + name + " is not within 0 and "
                                + ServerConfig.MAX_WEIGHT + " (" + weight + ")..");
                        return false;
                    }
                    settings.weight = weight;
                    index += 2;
                }
                case "check" -> {
                    settings.check = true;
                    index++;
                }
                case "backup" -> {
                    settings.backup = true;
                    index++;
                }
                case "pool-max-conn" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "'pool-max-conn' expects <value> as argument..");
                        return false;
                    }
                    // HAProxy's atoi(): leading digits, 0 for none
                    long max = CText.atol(value);
                    if (max < -1) {
                        line.alert(prefix + "'pool-max-conn' must be >= -1.");
                        return false;
                    }
                    settings.poolMaxConn = (int) Math.min(max, Integer.MAX_VALUE);
                    index += 2;
                }
                case "inter", "fastinter", "downinter" -> {
                    Duration delay = serverDelay(line, option, value, prefix, name);
                    if (delay == null) {
                        return false;
                    }
                    switch (option) {
                        case "inter" -> settings.inter = delay;
                        case "fastinter" -> settings.fastInter = delay;
                        default -> settings.downInter = delay;
                    }
                    index += 2;
                }
                case "rise", "fall" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "'" + option + "' expects an integer argument..");
                        return false;
                    }
                    long count = CText.atol(value);
                    if (count <= 0 || count > Integer.MAX_VALUE) {
                        line.alert(prefix + "'" + option + "' has to be > 0..");
                        return false;
                    }
                    if (option.equals("rise")) {
                        settings.rise = (int) count;
                    } else {
                        settings.fall = (int) count;
                    }
                    index += 2;
                }
                case "port" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "'port' expects a port number as argument..");
                        return false;
                    }
                    long port = CText.atol(value);
                    if (port < 0 || port > 65535) {
                        // HAProxy keeps the low 16 bits of atol(); Bascule does not guess
                        line.alert(prefix + "'port' expects a port number as argument (got '" + value + "')..");
                        return false;
                    }
                    settings.port = (int) port;
                    index += 2;
                }
                case "ws" -> {
                    // the protocol of WebSocket streams to the server: Bascule speaks HTTP/1 to servers,
                    // so h1 and auto (h1 unless the server speaks h2) are what it does
                    switch (value) {
                        case "h1", "auto" -> index += 2;
                        case "h2" -> {
                            line.alert(prefix + "'ws h2' is not implemented yet by Bascule (HTTP/2 to servers)");
                            return false;
                        }
                        default -> {
                            line.alert(prefix + "'ws' has to be 'auto', 'h1' or 'h2'.");
                            return false;
                        }
                    }
                }
                case "addr" -> {
                    if (value.isEmpty()) {
                        line.alert(prefix + "'addr' expects <ipv4|ipv6> as argument..");
                        return false;
                    }
                    AddressParser.Parsed parsed = AddressParser.parse(value, AddressParser.Use.SERVER, environment);
                    if (!(parsed instanceof AddressParser.Inet inet) || inet.host().isEmpty() || inet.portGiven()) {
                        line.alert(prefix + "'addr' : invalid address: '" + value + "' in '" + value + "'..");
                        return false;
                    }
                    settings.address = inet.host();
                    index += 2;
                }
                default -> {
                    if (HaproxyKeywords.SERVER_KNOWN.contains(option)) {
                        line.alert(prefix + "'" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.SERVER_SUGGESTIONS);
                        line.alert(prefix + "unknown keyword '" + option + "'"
                                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                    }
                    return false;
                }
            }
        }
        return true;
    }

    /** HAProxy's {@code srv_parse_check_inter()}: a delay above 0, or an alert and null. */
    private Duration serverDelay(ProxyLine line, String option, String value, String prefix, String name) {
        if (value.isEmpty()) {
            line.alert(prefix + "'" + option + "' expects a delay as argument..");
            return null;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(prefix + "timer overflow in argument <" + value + "> to <" + option + "> of server " + name
                    + ", maximum value is 2147483647 ms (~24.8 days)..");
            return null;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(prefix + "timer underflow in argument <" + value + "> to <" + option + "> of server " + name
                    + ", minimum non-null value is 1 ms..");
            return null;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            // sic: HAProxy 2.6 names 'agent-inter' whichever delay it parses
            line.alert(prefix + "unexpected character '" + unexpected.character() + "' in 'agent-inter' argument of"
                    + " server " + name + "..");
            return null;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        // after a valid unit ('1s['), HAProxy 2.6 warns and keeps the value
        valid.trailingCharacter().ifPresent(character -> line.contextWarning(prefix,
                TimeValue.trailingCharacterWarning(character, value)));
        long millis = valid.millis();
        if (millis <= 0) {
            line.alert(prefix + "invalid value " + millis + " for argument '" + option + "' of server " + name + "..");
            return null;
        }
        return Duration.ofMillis(millis);
    }

    private void parseDispatch(ProxyLine line) {
        Optional<ServerAddress> address = serverAddress(line, line.word(1), AddressParser.Use.DISPATCH, "'dispatch' : ");
        if (address.isEmpty() || line.tooManyArgs(1)) {
            return;
        }
        line.section.dispatch = address.get();
    }
}
