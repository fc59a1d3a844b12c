package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;

import dev.bascule.api.config.ResolversConfig;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.SourceLocation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code resolvers} sections, read as HAProxy 2.6's {@code cfg_parse_resolvers()} reads them
 * ({@code resolvers.c}), with its defaults ({@code resolvers_new()}) and its alerts.
 */
final class Resolvers {
    /** HAProxy's {@code DNS_HEADER_SIZE}, the smallest {@code accepted_payload_size}. */
    private static final int HEADER_SIZE = 12;
    private static final String RESOLV_CONF = "/etc/resolv.conf";
    /** The section HAProxy creates from /etc/resolv.conf when none has that name. */
    private static final String DEFAULT = "default";

    private final Diagnostics diagnostics;
    private final Map<String, String> environment;
    private final Map<String, Section> sections = new LinkedHashMap<>();
    private final Path resolvConf;
    private Section current;

    /** One section as read so far. */
    private static final class Section {
        final String name;
        final SourceLocation location;
        final List<ResolversConfig.Nameserver> nameservers = new ArrayList<>();
        int resolveRetries = 3;
        long timeoutResolve = 1000;
        long timeoutRetry = 1000;
        long holdValid = 10_000;
        long holdNx = 30_000;
        long holdOther = 30_000;
        long holdRefused = 30_000;
        long holdTimeout = 30_000;
        long holdObsolete;
        int acceptedPayloadSize = ResolversConfig.DEFAULT_PAYLOAD_SIZE;

        Section(String name, SourceLocation location) {
            this.name = name;
            this.location = location;
        }

        ResolversConfig toConfig() {
            return new ResolversConfig(name, nameservers, resolveRetries, Duration.ofMillis(timeoutResolve),
                    Duration.ofMillis(timeoutRetry), Duration.ofMillis(holdValid), Duration.ofMillis(holdNx),
                    Duration.ofMillis(holdOther), Duration.ofMillis(holdRefused), Duration.ofMillis(holdTimeout),
                    Duration.ofMillis(holdObsolete), acceptedPayloadSize, location);
        }
    }

    Resolvers(Diagnostics diagnostics, Map<String, String> environment) {
        this(diagnostics, environment, Path.of(RESOLV_CONF));
    }

    /** With another file than {@code /etc/resolv.conf} for {@code parse-resolv-conf} (tests). */
    Resolvers(Diagnostics diagnostics, Map<String, String> environment, Path resolvConf) {
        this.diagnostics = diagnostics;
        this.environment = environment;
        this.resolvConf = resolvConf;
    }

    /** The sections read, in order. */
    List<ResolversConfig> sections() {
        return sections.values().stream().map(Section::toConfig).toList();
    }

    /** Whether a section of that name exists. */
    boolean exists(String name) {
        return sections.containsKey(name);
    }

    /**
     * HAProxy's {@code resolvers_finalize_config()}: every server's {@code resolvers} names a
     * section (checked once every file is read).
     */
    void checkReferences(List<ProxySection> proxies) {
        if (!sections.containsKey(DEFAULT)) {
            // HAProxy's resolvers_create_default(): a "default" section on /etc/resolv.conf's nameservers,
            // opportunistic (no message), which servers may name
            Section section = new Section(DEFAULT, new SourceLocation("<internal>", 0));
            Section saved = current;
            current = section;
            readResolvConf(null);
            current = saved;
            boolean named = proxies.stream().flatMap(proxy -> proxy.servers.stream())
                    .anyMatch(server -> server.resolution().resolvers().filter(DEFAULT::equals).isPresent());
            if (named) {
                sections.put(DEFAULT, section);
            }
        }
        for (ProxySection proxy : proxies) {
            for (ServerConfig server : proxy.servers) {
                Optional<String> name = server.resolution().resolvers();
                if (name.isPresent() && !sections.containsKey(name.get())) {
                    diagnostics.alert(proxy.kind.typeName() + " '" + proxy.name + "', server '" + server.name()
                            + "': unable to find required resolvers '" + name.get() + "'");
                }
            }
        }
    }

    /** A {@code resolvers NAME} line; false when the section's lines are to be skipped. */
    boolean start(List<String> args, SourceLocation location) {
        current = null;
        String name = word(args, 1);
        if (name.isEmpty()) {
            diagnostics.alert(location, "missing name for resolvers section.");
            return false;
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "'" + args.get(0) + "' name '"
                    + name + "'."));
            return false;
        }
        Section existing = sections.get(name);
        if (existing != null) {
            diagnostics.alert(location, "resolvers '" + name + "' has same name as another resolvers (declared at "
                    + existing.location + ").");
            return false;
        }
        current = new Section(name, location);
        sections.put(name, current);
        return true;
    }

    /** A line of the current section. */
    void parse(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        switch (keyword) {
            case "nameserver" -> parseNameserver(args, location);
            case "parse-resolv-conf" -> parseResolvConf(location);
            case "hold" -> parseHold(args, location);
            case "accepted_payload_size" -> parsePayloadSize(args, location);
            case "resolution_pool_size" -> diagnostics.alert(location, "'" + keyword + "' directive is not supported"
                    + " anymore (it never appeared in a stable release).");
            case "resolve_retries" -> {
                if (word(args, 1).isEmpty()) {
                    diagnostics.alert(location, "'" + keyword + "' expects <nb> as argument.");
                    return;
                }
                current.resolveRetries = (int) dev.bascule.api.loader.CText.atol(word(args, 1));
            }
            case "timeout" -> parseTimeout(args, location);
            default -> diagnostics.alert(location, "unknown keyword '" + keyword + "' in 'resolvers' section");
        }
    }

    private void parseNameserver(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String name = word(args, 1);
        if (word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects <name> and <addr>[:<port>] as arguments.");
            return;
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "server name '" + name + "'."));
            return;
        }
        for (ResolversConfig.Nameserver other : current.nameservers) {
            if (other.name().equals(name)) {
                diagnostics.alert(location, "nameserver '" + name + "' has same name as another nameserver"
                        + " (declared at " + other.location() + ").");
            }
        }
        String written = word(args, 2);
        String prefix = "'" + keyword + " " + name + "' : ";
        for (String stream : List.of("tcp@", "tcp4@", "tcp6@", "stream+")) {
            if (written.startsWith(stream)) {
                diagnostics.alert(location, prefix + "DNS over TCP ('" + stream + "') is not implemented yet by"
                        + " Bascule");
                return;
            }
        }
        // a nameserver is a datagram address by default (PA_O_DEFAULT_DGRAM)
        for (String datagram : List.of("udp@", "udp4@", "udp6@", "dgram+")) {
            if (written.startsWith(datagram)) {
                written = written.substring(datagram.length());
                break;
            }
        }
        AddressParser.Parsed parsed = AddressParser.parse(written, AddressParser.Use.DISPATCH, environment);
        if (parsed instanceof AddressParser.Invalid failure) {
            diagnostics.alert(location, prefix + failure.message());
            return;
        }
        if (!(parsed instanceof AddressParser.Inet inet) || inet.offset() || inet.portLow() != inet.portHigh()) {
            diagnostics.alert(location, prefix + "only IP addresses with a port are implemented by Bascule for"
                    + " nameservers (in '" + word(args, 2) + "')");
            return;
        }
        if (inet.portLow() == 0) {
            diagnostics.alert(location, prefix + (inet.portGiven() ? "invalid port '0'"
                    : "missing port specification in '" + word(args, 2) + "'"));
            return;
        }
        current.nameservers.add(new ResolversConfig.Nameserver(name, inet.host(), inet.portLow(), location));
    }

    /** HAProxy's {@code parse_resolve_conf()}: the {@code nameserver} lines of /etc/resolv.conf, port 53. */
    private void parseResolvConf(SourceLocation location) {
        readResolvConf(location);
    }

    /** Reads the nameservers of /etc/resolv.conf into the current section; silently when {@code location} is null. */
    private void readResolvConf(SourceLocation location) {
        List<String> lines;
        try {
            lines = Files.readAllLines(resolvConf, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            if (location != null) {
                diagnostics.alert(location, "failed to open " + RESOLV_CONF + ".");
            }
            return;
        }
        StringBuilder warnings = new StringBuilder();
        int number = 0;
        for (String line : lines) {
            number++;
            if (!line.startsWith("nameserver")) {
                continue;
            }
            String rest = line.substring("nameserver".length());
            if (!rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
                continue;
            }
            String address = rest.strip().split("[ \t\n]+", 2)[0];
            if (address.isEmpty()) {
                warnings.append("parsing [" + RESOLV_CONF + ":" + number + "] : nameserver line is missing address.\n");
                continue;
            }
            Optional<ResolversConfig.Nameserver> duplicate = current.nameservers.stream()
                    .filter(other -> other.name().equals(address)).findFirst();
            if (duplicate.isPresent()) {
                warnings.append("Parsing [" + RESOLV_CONF + ":" + number + "] : generated name for " + RESOLV_CONF
                        + " nameserver '" + address + "' conflicts with another nameserver (declared at "
                        + duplicate.get().location() + "), it appears to be a duplicate and will be excluded.\n");
                continue;
            }
            if (!IpNetworks.isIpLiteral(address)) {
                warnings.append("parsing [" + RESOLV_CONF + ":" + number + "] : address '" + address
                        + "' could not be recognized, nameserver will be excluded.\n");
                continue;
            }
            current.nameservers.add(new ResolversConfig.Nameserver(address, address, 53,
                    new SourceLocation(RESOLV_CONF, number)));
        }
        if (!warnings.isEmpty() && location != null) {
            // HAProxy's indent_msg(): every line after the first indented by 8
            String text = warnings.toString().stripTrailing().replace("\n", "\n        ");
            diagnostics.warning(location, text);
        }
    }

    private void parseHold(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        if (word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects an <event> and a <time> as arguments.");
            diagnostics.alert("<event> can be either 'valid', 'nx', 'refused', 'timeout', or 'other'");
            return;
        }
        OptionalTime time = time(word(args, 2), "<" + word(args, 1) + "> to <" + keyword + ">",
                "<" + keyword + ">", location);
        if (time == null) {
            return;
        }
        switch (word(args, 1)) {
            case "nx" -> current.holdNx = time.millis;
            case "other" -> current.holdOther = time.millis;
            case "refused" -> current.holdRefused = time.millis;
            case "timeout" -> current.holdTimeout = time.millis;
            case "valid" -> current.holdValid = time.millis;
            case "obsolete" -> current.holdObsolete = time.millis;
            default -> diagnostics.alert(location, "'" + keyword + "' unknown <event>: '" + word(args, 1)
                    + "', expects either 'nx', 'timeout', 'valid', 'obsolete' or 'other'.");
        }
    }

    private void parsePayloadSize(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        if (word(args, 1).isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects <nb> as argument.");
            return;
        }
        long size = dev.bascule.api.loader.CText.atol(word(args, 1));
        if (size < HEADER_SIZE || size > ResolversConfig.MAX_UDP_MESSAGE) {
            diagnostics.alert(location, "'" + keyword + "' must be between " + HEADER_SIZE + " and "
                    + ResolversConfig.MAX_UDP_MESSAGE + " inclusive (was " + word(args, 1) + ").");
            return;
        }
        current.acceptedPayloadSize = (int) size;
    }

    private void parseTimeout(List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String which = word(args, 1);
        if (which.isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects 'retry' or 'resolve' and <time> as arguments.");
            return;
        }
        if (!which.equals("retry") && !which.equals("resolve")) {
            diagnostics.alert(location, "'" + keyword + "' expects 'retry' or 'resolve' and <time> as arguments got '"
                    + which + "'.");
            return;
        }
        if (word(args, 2).isEmpty()) {
            diagnostics.alert(location, "'" + keyword + " " + which + "' expects <time> as argument.");
            return;
        }
        OptionalTime time = time(word(args, 2), "<" + word(args, 2) + "> to <" + keyword + " " + which + ">",
                "<" + keyword + " " + which + ">", location);
        if (time == null) {
            return;
        }
        if (which.equals("retry")) {
            current.timeoutRetry = time.millis;
        } else {
            current.timeoutResolve = time.millis;
        }
    }

    private record OptionalTime(long millis) {
    }

    /** A time argument, or null after HAProxy's alert ({@code argument} and {@code keyword} as it names them). */
    private OptionalTime time(String text, String argument, String keyword, SourceLocation location) {
        TimeValue value = TimeValue.parseMillis(text);
        if (value instanceof TimeValue.Overflow) {
            diagnostics.alert(location, "timer overflow in argument " + argument + ", maximum value is 2147483647 ms"
                    + " (~24.8 days).");
            return null;
        }
        if (value instanceof TimeValue.Underflow) {
            diagnostics.alert(location, "timer underflow in argument " + argument + ", minimum non-null value is"
                    + " 1 ms.");
            return null;
        }
        if (value instanceof TimeValue.UnexpectedCharacter unexpected) {
            diagnostics.alert(location, "unexpected character '" + unexpected.character() + "' in argument to "
                    + keyword + ".");
            return null;
        }
        TimeValue.Valid valid = (TimeValue.Valid) value;
        valid.trailingCharacter().ifPresent(c -> diagnostics.warning(TimeValue.trailingCharacterWarning(c, text)));
        return new OptionalTime(valid.millis());
    }
}
