package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.TlsCertificate;
import dev.bascule.api.config.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code bind} and its options ({@code ssl}, {@code crt}, {@code alpn}): the addresses a frontend listens on. */
final class BindKeywords {
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;

    BindKeywords(Map<String, String> environment, Diagnostics diagnostics) {
        this.environment = environment;
        this.diagnostics = diagnostics;
    }

    void register(ProxyKeywordTable table) {
        table.register("bind", ProxyKeywordTable.SectionRule.FRONTEND_NOT_DEFAULTS, this::parseBind);
    }

    private void parseBind(ProxyLine line) {
        String list = line.word(1);
        if (list.isEmpty()) {
            line.alert("'bind' expects {<path>|[addr1]:port1[-end1]}{,[addr]:port[-end]}... as arguments.");
            return;
        }
        List<ListenAddress> addresses = new ArrayList<>();
        for (String item : ListenAddresses.split(list)) {
            AddressParser.Parsed parsed = AddressParser.parse(item, AddressParser.Use.BIND, environment);
            Optional<ListenAddress> address = ListenAddresses.listenAddress(parsed, item, "'bind' : ", "'bind' : ",
                    line.location, diagnostics);
            if (address.isEmpty()) {
                return;
            }
            addresses.add(address.get());
        }
        Optional<Optional<TlsSettings>> tls = parseBindOptions(line, list);
        if (tls.isEmpty()) {
            return;
        }
        for (ListenAddress address : addresses) {
            line.section.binds.add(new BindConfig(address, line.location, tls.get()));
        }
    }

    /**
     * The options after a bind's addresses, as HAProxy's {@code bind_parse_*()} read them: the
     * line stops at the first bad one. {@code crt} loads its certificates at once, so a missing
     * file or a PEM without a key is an alert at the bind's line. {@code crt} and {@code alpn}
     * without {@code ssl} are checked and have no effect, as in HAProxy.
     *
     * @return the TLS settings ({@code ssl}) or none (clear text); empty after an alert
     */
    private Optional<Optional<TlsSettings>> parseBindOptions(ProxyLine line, String list) {
        String context = "'bind " + list + "' in section '" + line.sectionKeyword + "'";
        boolean ssl = false;
        List<TlsCertificate> certificates = new ArrayList<>();
        List<String> alpn = List.of();
        int index = 2;
        while (index < line.args.size() && !line.word(index).isEmpty()) {
            String option = line.word(index);
            switch (option) {
                case "ssl" -> index++;
                case "crt" -> {
                    String path = line.word(index + 1);
                    if (path.isEmpty()) {
                        line.alert(context + " : 'crt' : missing certificate location");
                        return Optional.empty();
                    }
                    Certificates.Loaded loaded = Certificates.load(path);
                    if (loaded.error().isPresent()) {
                        line.alert(context + " : " + loaded.error().get());
                        return Optional.empty();
                    }
                    certificates.addAll(loaded.certificates());
                    index += 2;
                }
                case "alpn" -> {
                    Optional<List<String>> protocols = alpnProtocols(line, context, line.word(index + 1));
                    if (protocols.isEmpty()) {
                        return Optional.empty();
                    }
                    alpn = protocols.get();
                    index += 2;
                }
                default -> {
                    if (HaproxyKeywords.BIND_KEYWORDS.contains(option)) {
                        line.alert(context + " : '" + option + "' is not implemented yet by Bascule");
                    } else {
                        Optional<String> best = DidYouMean.bestMatch(option, HaproxyKeywords.BIND_KEYWORDS);
                        line.alert(context + ": unknown keyword '" + option + "'"
                                + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                    }
                    return Optional.empty();
                }
            }
            ssl |= option.equals("ssl");
        }
        if (!ssl) {
            return Optional.of(Optional.empty());
        }
        if (certificates.isEmpty()) {
            // HAProxy finds this when it checks the proxy, after parsing
            line.alert("Proxy '" + line.section.name + "': no SSL certificate specified for bind '" + list + "' at ["
                    + line.location.file() + ":" + line.location.line() + "] (use 'crt').");
            return Optional.empty();
        }
        return Optional.of(Optional.of(new TlsSettings(certificates, alpn)));
    }

    /** {@code ssl_sock_parse_alpn()}, then what Bascule can speak: HTTP/1.x only. */
    private Optional<List<String>> alpnProtocols(ProxyLine line, String context, String argument) {
        if (argument.isEmpty()) {
            line.alert(context + " : 'alpn' : missing the comma-delimited ALPN protocol suite");
            return Optional.empty();
        }
        List<String> protocols = new ArrayList<>();
        for (String protocol : argument.split(",", -1)) {
            if (protocol.length() > 255) {
                line.alert(context + " : 'alpn' : ALPN protocol name too long : '" + protocol + "'");
                return Optional.empty();
            }
            if (protocol.isEmpty()) {
                continue; // HAProxy would advertise an empty name, which no client can choose
            }
            protocols.add(protocol);
        }
        for (String protocol : protocols) {
            if (protocol.equals("h2")) {
                line.alert(context + " : 'alpn' : HTTP/2 ('h2') is not implemented yet by Bascule");
                return Optional.empty();
            }
            if (!protocol.equals("http/1.1") && !protocol.equals("http/1.0")) {
                line.alert(context + " : 'alpn' : protocol '" + protocol + "' is not implemented yet by Bascule"
                        + " (expected: http/1.1, http/1.0)");
                return Optional.empty();
            }
        }
        return Optional.of(protocols);
    }
}
