package dev.bascule.config.haproxy.internal;

import java.util.List;
import java.util.Set;

/**
 * The protocol check options HAProxy 2.6 turns into predefined tcp-check rulesets
 * ({@code proxy_parse_redis_check_opt()}, {@code proxy_parse_mysql_check_opt()}...): {@code option redis-check},
 * {@code ssl-hello-chk}, {@code ldap-check}, {@code smtpchk [<hello> <domain>]}, {@code pgsql-check user
 * <username>} and {@code mysql-check [user <username> [post-41|pre-41]]}, with their alert texts. Each is handed
 * to the health-check plugin of the same name with the option's meaningful words.
 */
final class ProtocolCheckKeywords {
    static final Set<String> OPTIONS = Set.of("redis-check", "ssl-hello-chk", "ldap-check", "smtpchk", "pgsql-check",
            "mysql-check");

    private ProtocolCheckKeywords() {
    }

    /** One of {@link #OPTIONS}; like every check option, the last one of a section wins. */
    static void parseOption(ProxyLine line, String modifier) {
        String option = line.word(1);
        if (!modifier.isEmpty()) {
            line.alert("negation/default is not supported for option '" + option + "'.");
            return;
        }
        if (!line.section.hasBackend()) {
            // warnifnotcap(): the option is parsed all the same, and does nothing
            line.warning("'" + option + "' ignored because " + line.section.describe()
                    + " has no backend capability.");
        }
        List<String> arguments = switch (option) {
            case "smtpchk" -> tooManyArguments(line, 2) ? null : smtp(line);
            case "pgsql-check" -> tooManyArguments(line, 2) ? null : pgsql(line);
            case "mysql-check" -> tooManyArguments(line, 3) ? null : mysql(line);
            default -> tooManyArguments(line, 0) ? null : List.of();
        };
        if (arguments == null || !line.section.hasBackend()) {
            return;
        }
        ProxySection section = line.section;
        section.httpCheckRequest = null;
        section.tcpCheck = false;
        section.protocolCheck = option;
        section.protocolCheckArguments = arguments;
        section.protocolCheckLocation = line.location;
        // the option resets the ruleset's flags: rules written before it are dropped without a warning
        section.httpCheckRulesWarning = false;
        section.tcpCheckRulesWarning = false;
    }

    /** {@code alertif_too_many_args_idx(<max>, 1, ...)}. */
    private static boolean tooManyArguments(ProxyLine line, int max) {
        String extra = line.word(2 + max);
        if (extra.isEmpty()) {
            return false;
        }
        line.alert("'option " + line.word(1) + "' cannot handle unexpected argument '" + extra + "'.");
        return true;
    }

    /** The command and domain as written: the plugin sends "HELO localhost" unless they are EHLO or HELO. */
    private static List<String> smtp(ProxyLine line) {
        if (line.word(2).isEmpty() || line.word(3).isEmpty()) {
            return List.of();
        }
        return List.of(line.word(2), line.word(3));
    }

    private static List<String> pgsql(ProxyLine line) {
        if (line.word(2).isEmpty() || line.word(3).isEmpty()) {
            line.alert("'option pgsql-check' expects 'user <username>' as argument.");
            return null;
        }
        if (!line.word(2).equals("user")) {
            line.alert("'option pgsql-check' only supports optional values: 'user'.");
            return null;
        }
        return List.of(line.word(3));
    }

    private static List<String> mysql(ProxyLine line) {
        String keyword = line.word(2);
        if (keyword.isEmpty()) {
            return List.of();
        }
        if (!keyword.equals("user")) {
            line.alert("'option mysql-check' only supports optional values: 'user' (got '" + keyword + "').");
            return null;
        }
        String user = line.word(3);
        if (user.isEmpty()) {
            line.alert("'option mysql-check user' expects <username> as argument.");
            return null;
        }
        String version = line.word(4).isEmpty() ? "post-41" : line.word(4);
        if (!version.equals("post-41") && !version.equals("pre-41")) {
            line.alert("keyword 'user' only supports 'post-41' and 'pre-41' (got '" + version + "').");
            return null;
        }
        return List.of(user, version);
    }
}
