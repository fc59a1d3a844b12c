package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code option tcp-check} and the {@code tcp-check} rules, parsed as HAProxy 2.6's
 * {@code proxy_parse_tcpcheck()}, with its alert texts. Each rule is handed to the {@code tcp-check}
 * plugin as its action, the number of its options, then each option's name and value.
 */
final class TcpCheckKeywords {
    private static final Set<String> OK_STATUS = Set.of("L4OK", "L6OK", "L7OK", "L7OKC");
    private static final Set<String> ERROR_STATUS = Set.of("L4CON", "L6RSP", "L7RSP", "L7STS");
    private static final Set<String> TIMEOUT_STATUS = Set.of("L4TOUT", "L6TOUT", "L7TOUT");
    private static final String EXPECT_KINDS = "'only supports min-recv, '[!]binary', '[!]string', '[!]rstring',"
            + " '[!]string-lf''[!]rbinary', '[!]binary-lf' or comment but got '";

    /** An address with a port: {@code 192.0.2.1:80}, {@code [2001:db8::1]:80}. */
    private static final Pattern ADDRESS_WITH_PORT = Pattern.compile("([0-9.]+|\\[[0-9a-fA-F:.]+\\]):([0-9]{1,6})");

    private TcpCheckKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("tcp-check", ProxyKeywordTable.SectionRule.BACKEND, TcpCheckKeywords::parseTcpCheck);
    }

    /** {@code option tcp-check}: the last check option of a section wins. */
    static void parseOption(ProxyLine line, String modifier) {
        if (!modifier.isEmpty()) {
            line.alert("negation/default is not supported for option 'tcp-check'.");
            return;
        }
        if (!line.requireBackendOption()) {
            return;
        }
        if (!line.word(2).isEmpty()) {
            line.alert("'option tcp-check' cannot handle unexpected argument '" + line.word(2) + "'.");
            return;
        }
        line.section.httpCheckRequest = null;
        line.section.protocolCheck = null;
        line.section.tcpCheck = true;
        line.section.tcpCheckLocation = line.location;
    }

    private static void parseTcpCheck(ProxyLine line) {
        String action = line.word(1);
        List<String> rule = switch (action) {
            case "connect" -> connect(line);
            case "send", "send-lf" -> send(line, action, "string", false);
            case "send-binary", "send-binary-lf" -> send(line, action, "binary string", true);
            case "expect" -> expect(line);
            case "comment" -> comment(line);
            default -> {
                if (action.startsWith("set-var-fmt(") || action.startsWith("set-var(")
                        || action.startsWith("unset-var(")) {
                    line.notImplemented("tcp-check " + action.substring(0, action.indexOf('(')));
                    yield null;
                }
                line.alert("'tcp-check' only supports 'comment', 'connect', 'send', 'send-binary', 'expect',"
                        + " 'set-var-fmt(*)', 'set-var(*)', 'unset-var(*)'. but got '" + action + "'");
                yield null;
            }
        };
        if (rule == null) {
            return;
        }
        ProxySection section = line.section;
        if (!section.tcpCheckRulesOwn) {
            // rules written in a section replace the ones it inherited from defaults
            section.tcpCheckRules.clear();
            section.tcpCheckRulesOwn = true;
        }
        if (action.equals("connect")) {
            // the first rule other than a comment must be a connect, as this one
            for (List<String> previous : section.tcpCheckRules) {
                if (previous.get(0).equals("comment")) {
                    continue;
                }
                if (!previous.get(0).equals("connect")) {
                    line.alert("'tcp-check connect' : first step MUST also be a 'connect', optionally preceded by a"
                            + " 'set-var', an 'unset-var' or a 'comment', when there is a 'connect' step in the"
                            + " tcp-check ruleset.");
                    return;
                }
                break;
            }
        }
        section.tcpCheckRules.add(rule);
        section.tcpCheckRulesWarning = true;
    }

    /**
     * {@code tcp-check connect} and {@code http-check connect} ({@code parse_tcpcheck_connect()}, the alerts
     * naming the line's keyword); null when the line was refused.
     */
    static List<String> connect(ProxyLine line) {
        String keyword = line.word(0) + " connect";
        boolean http = line.word(0).equals("http-check");
        List<String> options = new ArrayList<>();
        long addrPort = 0;
        for (int i = 2; !line.word(i).isEmpty(); i++) {
            String word = line.word(i);
            switch (word) {
                case "default" -> {
                    // the server's check settings: its address, port and TLS (check-ssl, check-sni, check-alpn)
                    options.addAll(List.of("default", "true"));
                }
                case "linger" -> {
                    // a clean close, which is how Bascule always closes a check connection
                }
                case "ssl" -> options.addAll(List.of("ssl", "true"));
                case "sni" -> {
                    if (line.word(i + 1).isEmpty()) {
                        line.alert("'" + keyword + "' : 'sni' expects a string as argument..");
                        return null;
                    }
                    options.addAll(List.of("sni", line.word(++i)));
                }
                case "alpn" -> {
                    String alpn = line.word(++i);
                    if (alpn.isEmpty()) {
                        line.alert("'" + keyword + "' : 'alpn' : missing the comma-delimited ALPN protocol suite..");
                        return null;
                    }
                    options.addAll(List.of("alpn", alpn));
                }
                case "comment" -> {
                    if (line.word(i + 1).isEmpty()) {
                        line.alert("'" + keyword + "' : 'comment' expects a string as argument..");
                        return null;
                    }
                    options.addAll(List.of("comment", line.word(++i)));
                }
                case "port" -> {
                    String port = line.word(++i);
                    if (port.isEmpty()) {
                        line.alert("'" + keyword + "' : 'port' expects a port number or a sample expression as"
                                + " argument..");
                        return null;
                    }
                    if (!port.chars().allMatch(Character::isDigit)) {
                        line.notImplemented(keyword + " port <sample expression>");
                        return null;
                    }
                    long value = port.length() > 6 ? Long.MAX_VALUE : Long.parseLong(port);
                    if (value < 1 || value > 65535) {
                        line.alert("'" + keyword + "' : expects a valid TCP port (from range 1 to 65535) or a sample"
                                + " expression, got " + port + "..");
                        return null;
                    }
                    options.addAll(List.of("port", Long.toString(value)));
                }
                case "addr" -> {
                    String addr = line.word(++i);
                    if (addr.isEmpty()) {
                        line.alert("'" + keyword + "' : 'addr' expects <ipv4|ipv6> as argument..");
                        return null;
                    }
                    String host = addr;
                    java.util.regex.Matcher withPort = ADDRESS_WITH_PORT.matcher(addr);
                    if (withPort.matches()) {
                        // str2sa_range() with PA_O_PORT_OK: the port is used when the rule sets none
                        host = withPort.group(1).startsWith("[") ? withPort.group(1).substring(1,
                                withPort.group(1).length() - 1) : withPort.group(1);
                        addrPort = Long.parseLong(withPort.group(2));
                    }
                    if (!isIpLiteral(host) || addrPort > 65535) {
                        line.alert("'" + keyword + "' : 'addr' : invalid address: '" + addr + "' in '" + addr + "'");
                        return null;
                    }
                    options.addAll(List.of("addr", host));
                }
                case "proto" -> {
                    String proto = line.word(++i);
                    if (proto.isEmpty()) {
                        line.alert("'" + keyword + "' : 'proto' expects a MUX protocol as argument..");
                        return null;
                    }
                    if (!Set.of("h1", "h2", "fcgi", "none").contains(proto)) {
                        line.alert("'" + keyword + "' : 'proto' : unknown MUX protocol '" + proto + "'..");
                        return null;
                    }
                    if (http == proto.equals("none")) {
                        line.alert("'" + keyword + "' : 'proto' : invalid MUX protocol '" + proto + "' for "
                                + line.word(0) + ".");
                        return null;
                    }
                    if (proto.equals("h2") || proto.equals("fcgi")) {
                        // Bascule's checks speak HTTP/1 ("h1") or raw TCP ("none"), what they do anyway
                        line.notImplemented(keyword + " proto " + proto);
                        return null;
                    }
                }
                case "send-proxy" -> options.addAll(List.of("send-proxy", "true"));
                case "via-socks4" -> {
                    line.notImplemented(keyword + " " + word);
                    return null;
                }
                default -> {
                    line.alert("'" + keyword + "' : expects 'comment', 'port', 'addr', 'send-proxy', 'ssl', 'sni',"
                            + " 'alpn' or 'via-socks4', 'linger', 'default' but got '" + word + "' as argument..");
                    return null;
                }
            }
        }
        boolean port = false;
        for (int k = 0; k < options.size(); k += 2) {
            port |= options.get(k).equals("port");
        }
        if (addrPort > 0 && !port) {
            options.addAll(List.of("port", Long.toString(addrPort)));
        }
        return rule("connect", options);
    }

    private static List<String> send(ProxyLine line, String action, String what, boolean binary) {
        String data = line.word(2);
        if (data.isEmpty()) {
            line.alert("'tcp-check " + action + "' : '" + what + "' expects a " + action + " as argument.");
            return null;
        }
        List<String> options = new ArrayList<>();
        if (binary) {
            String error = hexError(data);
            if (error != null) {
                line.alert("'tcp-check " + action + "' : '" + data + "' invalid binary string (" + error + ").");
                return null;
            }
        }
        if (action.endsWith("-lf") && data.indexOf('%') >= 0) {
            line.notImplemented("tcp-check " + action + " with a log-format expression");
            return null;
        }
        options.addAll(List.of(binary ? "hex" : "data", data));
        String extra = line.word(3);
        if (!extra.isEmpty()) {
            if (!extra.equals("comment")) {
                line.alert("'tcp-check " + action + "' : expects 'comment' but got '" + extra + "' as argument..");
                return null;
            }
            if (line.word(4).isEmpty()) {
                line.alert("'tcp-check " + action + "' : 'comment' expects a string as argument..");
                return null;
            }
            options.addAll(List.of("comment", line.word(4)));
        }
        return rule("send", options);
    }

    private static List<String> expect(ProxyLine line) {
        if (line.word(2).isEmpty()) {
            line.alert("'tcp-check expect' : expects at least a matching pattern as arguments.");
            return null;
        }
        List<String> options = new ArrayList<>();
        boolean inverse = false;
        boolean bang = false;
        String kind = null;
        for (int i = 2; !line.word(i).isEmpty(); i++) {
            String word = line.word(i);
            // '!' negates the match it stands before, alone or glued to it ("!rstring"); each one toggles
            int marks = 0;
            while (marks < word.length() && word.charAt(marks) == '!') {
                marks++;
            }
            if (marks > 0) {
                bang = true;
                inverse ^= marks % 2 == 1;
                word = word.substring(marks);
                if (word.isEmpty()) {
                    continue;
                }
            }
            switch (word) {
                case "string", "rstring", "binary", "rbinary", "string-lf", "binary-lf" -> {
                    if (kind != null) {
                        line.alert("'tcp-check expect' : only on pattern expected.");
                        return null;
                    }
                    kind = word;
                    String pattern = line.word(++i);
                    if (pattern.isEmpty()) {
                        line.alert("'tcp-check expect' : '" + word + "' expects a <pattern> as argument.");
                        return null;
                    }
                    if (!patternOk(line, word, pattern)) {
                        return null;
                    }
                    options.addAll(List.of("match", word, "pattern", pattern));
                }
                case "min-recv" -> {
                    if (bang && kind == null) {
                        line.alert("'tcp-check expect' : [!] not supported with '" + word + "'.");
                        return null;
                    }
                    String value = line.word(++i);
                    if (value.isEmpty()) {
                        line.alert("'tcp-check expect' : 'min-recv' expects a integer as argument.");
                        return null;
                    }
                    long count = CText.atol(value);
                    if (count < -1 || count > Integer.MAX_VALUE) {
                        line.alert("'tcp-check expect' : 'min-recv' expects -1 or an integer from 0 to INT_MAX.");
                        return null;
                    }
                    options.addAll(List.of("min-recv", Long.toString(count)));
                }
                case "comment", "on-success", "on-error", "ok-status", "error-status", "tout-status" -> {
                    if (bang && kind == null) {
                        line.alert("'tcp-check expect' : [!] not supported with '" + word + "'.");
                        return null;
                    }
                    String value = line.word(++i);
                    if (value.isEmpty()) {
                        line.alert("'tcp-check expect' : '" + word + "' expects a string as argument.");
                        return null;
                    }
                    if (!statusOk(line, word, value)) {
                        return null;
                    }
                    if ((word.equals("on-success") || word.equals("on-error")) && value.indexOf('%') >= 0) {
                        line.notImplemented("tcp-check expect " + word + " with a log-format expression");
                        return null;
                    }
                    options.addAll(List.of(word, value));
                }
                case "status-code" -> {
                    line.notImplemented("tcp-check expect status-code");
                    return null;
                }
                default -> {
                    line.alert("'tcp-check expect' : " + EXPECT_KINDS + word + "' as argument..");
                    return null;
                }
            }
        }
        if (kind == null) {
            line.alert("'tcp-check expect' : " + EXPECT_KINDS + "' as argument..");
            return null;
        }
        if (inverse) {
            options.addAll(List.of("inverse", "true"));
        }
        return rule("expect", options);
    }

    private static boolean patternOk(ProxyLine line, String kind, String pattern) {
        switch (kind) {
            case "binary" -> {
                String error = hexError(pattern);
                if (error != null) {
                    line.alert("'tcp-check expect' : invalid binary string (" + error + ").");
                    return false;
                }
            }
            case "rstring", "rbinary" -> {
                try {
                    Pattern.compile(pattern);
                } catch (PatternSyntaxException e) {
                    line.alert("'tcp-check expect' : regex '" + pattern + "' is invalid (error="
                            + e.getDescription() + ", erroffset=" + e.getIndex() + ").");
                    return false;
                }
            }
            case "string-lf", "binary-lf" -> {
                if (pattern.indexOf('%') >= 0) {
                    line.notImplemented("tcp-check expect " + kind + " with a log-format expression");
                    return false;
                }
                if (kind.equals("binary-lf") && hexError(pattern) != null) {
                    line.alert("'tcp-check expect' : invalid binary string (" + hexError(pattern) + ").");
                    return false;
                }
            }
            default -> {
            }
        }
        return true;
    }

    private static boolean statusOk(ProxyLine line, String option, String value) {
        Set<String> allowed = switch (option) {
            case "ok-status" -> OK_STATUS;
            case "error-status" -> ERROR_STATUS;
            case "tout-status" -> TIMEOUT_STATUS;
            default -> null;
        };
        if (allowed == null || allowed.contains(value)) {
            return true;
        }
        String list = switch (option) {
            case "ok-status" -> "'L4OK', 'L6OK', 'L7OK' or 'L7OKC'";
            case "error-status" -> "'L4CON', 'L6RSP', 'L7RSP' or 'L7STS'";
            default -> "'L4TOUT', 'L6TOUT' or 'L7TOUT'";
        };
        line.alert("'tcp-check expect' : '" + option + "' only supports " + list + " status (got '" + value + "')..");
        return false;
    }

    private static List<String> comment(ProxyLine line) {
        if (line.word(2).isEmpty()) {
            line.alert("'tcp-check comment' : expects a string as argument.");
            return null;
        }
        return rule("comment", List.of("comment", line.word(2)));
    }

    private static List<String> rule(String action, List<String> options) {
        List<String> rule = new ArrayList<>();
        rule.add(action);
        rule.add(Integer.toString(options.size() / 2));
        rule.addAll(options);
        return rule;
    }

    /** HAProxy's {@code parse_binary()} complaint, null when the text is hexadecimal. */
    private static String hexError(String text) {
        if (text.length() % 2 != 0) {
            return "an even number of hex digit is expected";
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.digit(text.charAt(i), 16) < 0) {
                return "an hex digit is expected (found '" + text.charAt(i) + "')";
            }
        }
        return null;
    }

    private static boolean isIpLiteral(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            return false;
        }
        try {
            InetAddress.getByName(text);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
