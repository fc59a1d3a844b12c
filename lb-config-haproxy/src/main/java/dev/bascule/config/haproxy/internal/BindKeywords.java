package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.api.config.TlsSettings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code bind} and its options (see {@link BindOptionTable}): the addresses a frontend listens on. */
final class BindKeywords {
    private final Map<String, String> environment;
    private final Diagnostics diagnostics;
    private final BindOptionTable options = new BindOptionTable();
    /** The global TLS defaults as read so far (the global section comes first, as in HAProxy). */
    private TlsDefaults tlsDefaults = new TlsDefaults();

    BindKeywords(Map<String, String> environment, Diagnostics diagnostics) {
        this.environment = environment;
        this.diagnostics = diagnostics;
        TlsBindOptions.register(options);
        TlsProtocolBindOptions.register(options);
        TlsVerifyBindOptions.register(options);
        CrtLists.register(options);
        ListenerBindOptions.register(options);
        ProxyProtocolOptions.register(options);
    }

    /** Where the global section's TLS defaults are read into. */
    void tlsDefaults(TlsDefaults defaults) {
        this.tlsDefaults = defaults;
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
            // a port range is one listener per port, as str2listener() makes them
            Optional<List<ListenAddress>> address = ListenAddresses.listenAddresses(parsed, item, "'bind' : ",
                    "'bind' : ", line.location, diagnostics, true);
            if (address.isEmpty()) {
                return;
            }
            addresses.addAll(address.get());
        }
        BindSettings settings = new BindSettings(tlsDefaults, list, addresses.size());
        Optional<Optional<TlsSettings>> tls = parseBindOptions(line, list, settings);
        if (tls.isEmpty()) {
            return;
        }
        ListenerOptions listener = ListenerBindOptions.options(settings);
        for (ListenAddress address : addresses) {
            line.section.binds.add(new BindConfig(address, line.location, tls.get(), listener));
        }
    }

    /**
     * The options after a bind's addresses, as HAProxy's {@code bind_parse_*()} read them: the
     * line stops at the first bad one.
     *
     * @return the TLS settings ({@code ssl}) or none (clear text); empty after an alert
     */
    private Optional<Optional<TlsSettings>> parseBindOptions(ProxyLine line, String list, BindSettings settings) {
        String context = "'bind " + list + "' in section '" + line.sectionKeyword + "'";
        int index = 2;
        while (index < line.args.size() && !line.word(index).isEmpty()) {
            String keyword = line.word(index);
            Optional<BindOptionTable.OptionParser> parser = options.find(keyword);
            if (parser.isEmpty()) {
                if (HaproxyKeywords.BIND_KEYWORDS.contains(keyword)) {
                    line.alert(context + " : '" + keyword + "' is not implemented yet by Bascule");
                } else {
                    Optional<String> best = DidYouMean.bestMatch(keyword, HaproxyKeywords.BIND_KEYWORDS);
                    line.alert(context + ": unknown keyword '" + keyword + "'"
                            + best.map(match -> "; did you mean '" + match + "' maybe ?").orElse("."));
                }
                return Optional.empty();
            }
            int taken = parser.get().parse(new BindOption(line, settings, context, index));
            if (taken <= 0) {
                return Optional.empty();
            }
            index += taken;
        }
        if (!settings.ssl) {
            return Optional.of(Optional.empty());
        }
        if (settings.certificates.isEmpty()) {
            // HAProxy finds this when it checks the proxy, after parsing
            line.alert("Proxy '" + line.section.name + "': no SSL certificate specified for bind '" + list + "' at ["
                    + line.location.file() + ":" + line.location.line() + "] (use 'crt').");
            return Optional.empty();
        }
        Optional<TlsSettings> tls = TlsBindResolver.resolve(line, settings, line.section.name, list);
        return tls.isEmpty() ? Optional.empty() : Optional.of(tls);
    }
}
