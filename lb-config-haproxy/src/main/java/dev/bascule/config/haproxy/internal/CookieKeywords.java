package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.CookieConfig;

import java.util.ArrayList;
import java.util.List;

/** {@code cookie}: the persistence cookie of a backend. */
final class CookieKeywords {
    private CookieKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("cookie", ProxyKeywordTable.SectionRule.BACKEND, CookieKeywords::parseCookie);
    }

    /** {@code cookie NAME [rewrite|insert|prefix] [indirect] [nocache] [preserve] [httponly] [secure] [domain D]}. */
    private static void parseCookie(ProxyLine line) {
        String name = line.word(1);
        if (name.isEmpty()) {
            line.alert("'cookie' expects <cookie_name> as argument.");
            return;
        }
        boolean rewrite = false;
        boolean insert = false;
        boolean prefix = false;
        boolean indirect = false;
        boolean nocache = false;
        boolean preserve = false;
        boolean httpOnly = false;
        boolean secure = false;
        List<String> domains = new ArrayList<>();
        int index = 2;
        while (!line.word(index).isEmpty()) {
            String option = line.word(index);
            switch (option) {
                case "rewrite" -> rewrite = true;
                case "insert" -> insert = true;
                case "prefix" -> prefix = true;
                case "indirect" -> indirect = true;
                case "nocache" -> nocache = true;
                case "preserve" -> preserve = true;
                case "httponly" -> httpOnly = true;
                case "secure" -> secure = true;
                case "domain" -> {
                    String domain = line.word(index + 1);
                    if (domain.isEmpty()) {
                        line.alert("'cookie' expects <domain> as argument.");
                        return;
                    }
                    if (domain.indexOf('.') < 0) {
                        line.warning("domain '" + domain + "' contains no embedded dot, this"
                                + " configuration may not work properly (see RFC6265#5.2.3).");
                    }
                    domains.add(domain);
                    index++;
                }
                case "postonly", "maxidle", "maxlife", "dynamic", "attr" -> {
                    line.notImplemented("cookie " + option);
                    return;
                }
                default -> {
                    line.alert("'cookie' supports 'rewrite', 'insert', 'prefix', 'indirect', 'nocache', 'postonly',"
                            + " 'domain', 'maxidle', 'dynamic', 'maxlife' and 'attr' options.");
                    return;
                }
            }
            index++;
        }
        if (rewrite && indirect) {
            line.alert("cookie 'rewrite' and 'indirect' modes are incompatible.");
            return;
        }
        if ((rewrite ? 1 : 0) + (insert ? 1 : 0) + (prefix ? 1 : 0) > 1) {
            line.alert("cookie 'rewrite', 'insert' and 'prefix' modes are incompatible.");
            return;
        }
        if (preserve && !insert && !indirect) {
            line.alert("cookie 'preserve' requires at least 'insert' or 'indirect'.");
            return;
        }
        CookieConfig.Mode mode = insert ? CookieConfig.Mode.INSERT : rewrite ? CookieConfig.Mode.REWRITE
                : prefix ? CookieConfig.Mode.PREFIX : CookieConfig.Mode.PASSIVE;
        line.section.cookie = new CookieConfig(name, mode, indirect, nocache, preserve, httpOnly, secure, domains,
                line.location);
    }
}
