package dev.bascule.config.haproxy.internal;

import static dev.bascule.config.haproxy.internal.KeywordLine.word;

import dev.bascule.api.config.SourceLocation;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code defaults}, {@code frontend}, {@code backend} and {@code listen} sections read so far,
 * and the line that opens each, checked as HAProxy's {@code cfg_parse_listen()} checks it: names,
 * duplicates, the defaults section each inherits ({@code from NAME} or the last one) and what a
 * defaults section carrying rules may initialize.
 */
final class ProxySections {
    private final Diagnostics diagnostics;
    private final ProxySection builtInDefaults = ProxySection.builtInDefaults();
    private ProxySection lastDefaults = builtInDefaults;
    private final List<ProxySection> defaultsSections = new ArrayList<>();
    private final List<ProxySection> proxies = new ArrayList<>();

    ProxySections(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    /** The defaults sections, in the order of the files. */
    List<ProxySection> defaultsSections() {
        return defaultsSections;
    }

    /** The frontend, backend and listen sections, in the order of the files. */
    List<ProxySection> proxies() {
        return proxies;
    }

    /** A {@code defaults [NAME] [from DEFAULTS]} line: the section it starts. */
    ProxySection openDefaults(List<String> args, SourceLocation location) {
        String name = word(args, 1);
        int from = 2;
        if (name.equals("from") && !word(args, 2).isEmpty() && word(args, 3).isEmpty()) {
            from = 1;
            name = "";
        }
        ProxySection defaults = null;
        if (word(args, from).equals("from")) {
            defaults = namedDefaults(word(args, from + 1), ProxySection.Kind.DEFAULTS, name, location);
        }
        if (defaults != null) {
            checkRulesInheritance(ProxySection.Kind.DEFAULTS, defaults, location);
        }
        ProxySection section = ProxySection.inherit(ProxySection.Kind.DEFAULTS, name, location,
                defaults == null ? builtInDefaults : defaults);
        defaultsSections.add(section);
        lastDefaults = section;
        return section;
    }

    /**
     * HAProxy's restrictions on a defaults section carrying HTTP rules: it cannot initialize
     * another defaults section nor a listen section, nor both frontends and backends.
     */
    private void checkRulesInheritance(ProxySection.Kind kind, ProxySection defaults, SourceLocation location) {
        if (kind.backend && (!defaults.requestCaptures.isEmpty() || !defaults.responseCaptures.isEmpty())) {
            diagnostics.alert(location, "backend or defaults sections cannot inherit from a defaults section defining"
                    + " captures (defaults section at " + defaults.location + ").");
            return;
        }
        if (!defaults.carriesRules) {
            return;
        }
        if (kind == ProxySection.Kind.DEFAULTS) {
            diagnostics.alert(location, "a defaults section cannot inherit from a defaults section defining TCP/HTTP"
                    + " rules (defaults section at " + defaults.location + ").");
        } else if (kind == ProxySection.Kind.LISTEN) {
            diagnostics.alert(location, "a listen section cannot inherit from a defaults section defining TCP/HTTP"
                    + " rules.");
        } else if (defaults.rulesUsedBy != null && defaults.rulesUsedBy != kind) {
            diagnostics.alert(location, "frontends and backends cannot inherit from the same defaults section if it"
                    + " defines TCP/HTTP rules (defaults section at " + defaults.location + ").");
        } else if (!kind.frontend && (!defaults.tcpConnectionRules.isEmpty() || !defaults.tcpSessionRules.isEmpty())) {
            diagnostics.alert(location, "a backend section cannot inherit from a defaults section defining"
                    + " 'tcp-request connection' or 'tcp-request session' rules (defaults section at "
                    + defaults.location + ").");
        } else if (!kind.backend && !defaults.tcpResponseRules.isEmpty()) {
            diagnostics.alert(location, "a frontend section cannot inherit from a defaults section defining"
                    + " 'tcp-response content' rules (defaults section at " + defaults.location + ").");
        } else {
            defaults.rulesUsedBy = kind;
        }
    }

    /**
     * A {@code frontend}, {@code backend} or {@code listen} line: the section it starts, or null,
     * after an alert, when its lines are to be skipped.
     */
    ProxySection openProxy(ProxySection.Kind kind, List<String> args, SourceLocation location) {
        String keyword = args.get(0);
        String name = word(args, 1);
        if (name.isEmpty()) {
            diagnostics.alert(location, "'" + keyword + "' expects an <id> argument");
            return null;
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "'" + keyword + "' name '" + name + "'."));
        }
        reportDuplicate(kind, name, location);
        boolean unexpected = !word(args, 2).isEmpty() && (word(args, 3).isEmpty() || !word(args, 2).equals("from"));
        if (unexpected || !word(args, 4).isEmpty()) {
            if (!unexpected) {
                diagnostics.alert(location, "'" + keyword + "' cannot handle unexpected argument '" + word(args, 4)
                        + "'.");
            }
            if (kind.frontend) {
                diagnostics.alert(location, "please use the 'bind' keyword for listening addresses.");
            } else if (unexpected) {
                diagnostics.alert(location, "'" + keyword + "' cannot handle unexpected argument '" + word(args, 2)
                        + "'.");
            }
            return null;
        }
        ProxySection defaults = lastDefaults;
        if (word(args, 2).equals("from")) {
            ProxySection named = namedDefaults(word(args, 3), kind, name, location);
            defaults = named == null ? builtInDefaults : named;
        } else {
            defaults.implicitlyReferenced = true;
            warnIfMixed(defaults, location);
        }
        checkRulesInheritance(kind, defaults, location);
        ProxySection section = ProxySection.inherit(kind, name, location, defaults);
        proxies.add(section);
        return section;
    }

    /** The defaults section a {@code from NAME} designates, or null after reporting why none. */
    private ProxySection namedDefaults(String name, ProxySection.Kind kind, String proxyName,
                                       SourceLocation location) {
        if (name.isEmpty()) {
            // "from" followed by an empty word: HAProxy finds its unnamed built-in defaults
            return builtInDefaults;
        }
        List<ProxySection> matches = new ArrayList<>();
        for (ProxySection defaults : defaultsSections) {
            if (defaults.name.equals(name)) {
                matches.add(defaults);
            }
        }
        if (matches.isEmpty()) {
            diagnostics.alert(location, "defaults section '" + name + "' not found for " + kind.typeName() + " '"
                    + proxyName + "'.");
            return null;
        }
        ProxySection found = matches.get(0);
        if (matches.size() > 1) {
            ProxySection other = matches.get(1);
            diagnostics.alert(location, "ambiguous defaults section name '" + name + "' referenced by "
                    + kind.typeName() + " '" + proxyName + "' exists at least at " + found.location + " and "
                    + other.location + ".");
        }
        int invalid = ConfigNames.invalidChar(name);
        if (invalid >= 0) {
            diagnostics.alert(location, ConfigNames.notPermitted(name, invalid, "defaults section name '" + name
                    + "' when designated by its name (section found at " + found.location + ")."));
        }
        found.explicitlyReferenced = true;
        warnIfMixed(found, location);
        return found;
    }

    private void warnIfMixed(ProxySection defaults, SourceLocation location) {
        if (defaults.explicitlyReferenced && defaults.implicitlyReferenced) {
            diagnostics.warning(location, "defaults section '" + defaults.name + "' (declared at " + defaults.location
                    + ") is explicitly referenced by another proxy and implicitly used here. To avoid any ambiguity"
                    + " don't mix both usage. Add a last defaults section not explicitly used or always use explicit"
                    + " references.");
        }
    }

    /**
     * A frontend (or listen) name must be unique among proxies able to accept connections, a
     * backend name among proxies able to serve them. HAProxy 2.6 checks a listen section against
     * frontends only; Bascule checks both, since its model has one backend list.
     */
    private void reportDuplicate(ProxySection.Kind kind, String name, SourceLocation location) {
        for (ProxySection existing : proxies) {
            boolean clash = (kind.frontend && existing.hasFrontend()) || (kind.backend && existing.hasBackend());
            if (clash && existing.name.equals(name)) {
                diagnostics.alert(location, kind.typeName() + " '" + name + "' has the same name as "
                        + existing.describe() + " declared at " + existing.location + ".");
                return;
            }
        }
    }
}
