package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of {@code http-check send}, {@code expect} and {@code comment}, and the request of
 * {@code option httpchk}, parsed as HAProxy 2.6's {@code parse_tcpcheck_send_http()},
 * {@code parse_tcpcheck_expect()}, {@code parse_tcpcheck_comment()} and {@code proxy_parse_httpchk_req()},
 * with their alert texts. Log-format strings ({@code uri-lf}, {@code body-lf}, header values,
 * {@code string-lf}, {@code name-lf}, {@code value-lf}, {@code on-success}, {@code on-error}) and the
 * expressions of {@code set-var} are handed to the check, which has them compiled by its host.
 */
final class HttpCheckRules {
    private static final Set<String> MATCH_METHODS = Set.of("str", "beg", "end", "sub", "reg");

    private HttpCheckRules() {
    }

    /** {@code option httpchk [<method>] [<uri>] [<version>]}: the implicit send rule, null when refused. */
    static HttpCheckRuleset.Rule optionRequest(ProxyLine line) {
        HttpCheckRuleset.Rule rule = new HttpCheckRuleset.Rule("send");
        rule.fromOption = true;
        String first = line.word(2);
        String second = line.word(3);
        String version = line.word(4);
        if (!first.isEmpty()) {
            if (second.isEmpty()) {
                rule.uri = first;
            } else {
                rule.method = first;
            }
        }
        if (!second.isEmpty()) {
            rule.uri = second;
        }
        if (!version.isEmpty()) {
            int headers = version.indexOf("\r\n");
            int body = version.indexOf("\r\n\r\n");
            if (headers == body) {
                headers = -1;
            }
            int end = headers >= 0 ? headers : body >= 0 ? body : version.length();
            rule.version = version.substring(0, end);
            if (headers >= 0) {
                String block = version.substring(headers + 2, body >= 0 ? body : version.length());
                for (String header : block.split("\r\n")) {
                    int colon = header.indexOf(':');
                    if (colon <= 0) {
                        line.alert("'option httpchk' : unable to parse the request '" + block + "\r\n\r\n'..");
                        return null;
                    }
                    String value = header.substring(colon + 1).trim();
                    rule.headers.add(new String[] {header.substring(0, colon), value});
                }
            }
            if (body >= 0) {
                rule.body = version.substring(body + 4);
            }
            if (headers >= 0 || body >= 0) {
                // proxy_parse_httpchk_opt()'s ha_warning(), with no space before its colon
                line.warningWithoutLocation("parsing [" + line.location + "]: 'option httpchk' : hiding headers or"
                        + " body at the end of the version string is deprecated. Please, consider to use"
                        + " 'http-check send' directive instead.");
            }
        }
        return rule;
    }

    static HttpCheckRuleset.Rule send(ProxyLine line) {
        HttpCheckRuleset.Rule rule = new HttpCheckRuleset.Rule("send");
        String host = null;
        int i = 2;
        while (!line.word(i).isEmpty()) {
            String word = line.word(i);
            switch (word) {
                case "meth", "uri", "uri-lf", "ver", "body", "body-lf", "comment" -> {
                    String value = line.word(i + 1);
                    if (value.isEmpty()) {
                        return refused(line, "'" + word + "' expects a string as argument.");
                    }
                    switch (word) {
                        case "meth" -> rule.method = value;
                        case "uri", "uri-lf" -> {
                            rule.uri = value;
                            rule.uriFormat = word.equals("uri-lf");
                        }
                        case "ver" -> rule.version = value;
                        case "body", "body-lf" -> {
                            rule.body = value;
                            rule.bodyFormat = word.equals("body-lf");
                        }
                        default -> {
                            rule.options.clear();
                            rule.options.addAll(List.of("comment", value));
                        }
                    }
                    i += 2;
                }
                case "hdr" -> {
                    String name = line.word(i + 1);
                    String value = line.word(i + 2);
                    if (name.isEmpty() || value.isEmpty()) {
                        return refused(line, "'hdr' expects <name> and <value> as arguments");
                    }
                    if (name.equalsIgnoreCase("host")) {
                        if (host != null) {
                            return refused(line, "'" + name + "' header already defined (previous value is '"
                                    + host + "')");
                        }
                        host = value;
                    }
                    if (!name.equalsIgnoreCase("content-length") && !name.equalsIgnoreCase("transfer-encoding")) {
                        // the value is a log-format string, as every header value of http-check send
                        rule.headers.add(new String[] {name, value});
                    }
                    i += 3;
                }
                default -> {
                    return refused(line, "expects 'comment', 'meth', 'uri', 'uri-lf', 'ver', 'hdr', 'body' or"
                            + " 'body-lf' but got '" + word + "' as argument.");
                }
            }
        }
        return rule;
    }

    /**
     * {@code http-check set-var(<name>) <expr>}, {@code set-var-fmt(<name>) <fmt>}, {@code unset-var(<name>)}:
     * the expression and format are compiled by the check's host, in the backend.
     */
    static HttpCheckRuleset.Rule variable(ProxyLine line) {
        String word = line.word(1);
        int open = word.indexOf('(');
        String keyword = word.substring(0, open);
        if (!word.endsWith(")")) {
            line.alert("'http-check " + word + "' : '" + keyword + "' : missing ')' after the variable name.");
            return null;
        }
        String name = word.substring(open + 1, word.length() - 1);
        if (name.indexOf(',') >= 0) {
            line.notImplemented("http-check " + keyword + " with conditions");
            return null;
        }
        if (!dev.bascule.api.sample.Variables.validName(name)) {
            line.alert("'http-check " + word + "' : '" + keyword + "' : invalid variable name '" + name + "'. A"
                    + " variable name must be start by its scope. The scope can be 'proc', 'sess', 'txn', 'req',"
                    + " 'res' or 'check'.");
            return null;
        }
        HttpCheckRuleset.Rule rule = new HttpCheckRuleset.Rule(keyword);
        rule.options.addAll(List.of("name", name));
        switch (keyword) {
            case "set-var" -> {
                if (line.word(2).isEmpty()) {
                    line.alert("'http-check " + word + "' : 'set-var' : missing fetch method.");
                    return null;
                }
                rule.options.addAll(List.of("expr", line.word(2)));
            }
            case "set-var-fmt" -> rule.options.addAll(List.of("format", line.word(2)));
            default -> {
            }
        }
        return rule;
    }

    static HttpCheckRuleset.Rule comment(ProxyLine line) {
        if (line.word(2).isEmpty()) {
            return refused(line, "expects a string as argument");
        }
        HttpCheckRuleset.Rule rule = new HttpCheckRuleset.Rule("comment");
        rule.options.addAll(List.of("comment", line.word(2)));
        return rule;
    }

    static HttpCheckRuleset.Rule expect(ProxyLine line) {
        if (line.word(2).isEmpty()) {
            return refused(line, "expects at least a matching pattern as arguments");
        }
        HttpCheckRuleset.Rule rule = new HttpCheckRuleset.Rule("expect");
        List<String> options = rule.options;
        String type = null;
        boolean inverse = false;
        int i = 2;
        while (!line.word(i).isEmpty()) {
            String word = line.word(i);
            boolean inPattern = false;
            if (word.startsWith("!")) {
                inPattern = true;
                while (word.startsWith("!")) {
                    inverse = !inverse;
                    word = word.substring(1);
                }
                if (word.isEmpty()) {
                    i++;
                    word = line.word(i);
                }
            }
            switch (word) {
                case "min-recv" -> {
                    if (inPattern) {
                        return refused(line, "[!] not supported with '" + word + "'");
                    }
                    String value = line.word(i + 1);
                    if (value.isEmpty()) {
                        return refused(line, "'" + word + "' expects a integer as argument");
                    }
                    long count = CText.atol(value);
                    if (count < -1 || count > Integer.MAX_VALUE) {
                        return refused(line, "'" + word + "' expects -1 or an integer from 0 to INT_MAX");
                    }
                    options.addAll(List.of("min-recv", Long.toString(count)));
                    i += 2;
                }
                case "string", "rstring", "string-lf", "status", "rstatus" -> {
                    if (type != null) {
                        return refused(line, "only on pattern expected");
                    }
                    String pattern = line.word(i + 1);
                    if (pattern.isEmpty()) {
                        return refused(line, "'" + word + "' expects a <pattern> as argument");
                    }
                    type = word.equals("string-lf") ? "string" : word;
                    if (!patternOk(line, type, pattern)) {
                        return null;
                    }
                    options.addAll(List.of("match", type, "pattern", pattern));
                    if (word.equals("string-lf")) {
                        options.addAll(List.of("pattern-lf", "true"));
                    }
                    i += 2;
                }
                case "hdr", "fhdr" -> {
                    if (type != null) {
                        return refused(line, "only on pattern expected");
                    }
                    type = word;
                    int next = header(line, word, i, options);
                    if (next < 0) {
                        return null;
                    }
                    i = next;
                }
                case "comment", "on-success", "on-error", "ok-status", "error-status", "tout-status",
                     "status-code" -> {
                    if (inPattern) {
                        return refused(line, "[!] not supported with '" + word + "'");
                    }
                    String value = line.word(i + 1);
                    if (value.isEmpty()) {
                        return refused(line, "'" + word + "' expects " + (word.equals("status-code")
                                ? "an expression" : "a string") + " as argument");
                    }
                    String status = status(line, word, value);
                    if (status == null) {
                        return null;
                    }
                    options.addAll(List.of(word, status));
                    i += 2;
                }
                default -> {
                    return refused(line, badKeyword(word));
                }
            }
        }
        if (type == null) {
            return refused(line, "pattern not found");
        }
        if (inverse) {
            options.addAll(List.of("inverse", "true"));
        }
        return rule;
    }

    private static String badKeyword(String word) {
        return "'only supports min-recv, [!]string', '[!]rstring', '[!]string-lf', '[!]status', '[!]rstatus',"
                + " [!]hdr, [!]fhdr or comment but got '" + word + "' as argument.";
    }

    /** {@code hdr|fhdr name[-lf] [-m <meth>] <pattern> [value[-lf] [-m <meth>] <pattern>]}; the next word, -1 when refused. */
    private static int header(ProxyLine line, String keyword, int at, List<String> options) {
        int i = at;
        String name = line.word(i + 1);
        if (line.word(i + 1).isEmpty() || line.word(i + 2).isEmpty()
                || !name.equals("name") && !name.equals("name-lf")) {
            refused(line, "'" + keyword + "' expects at the name keyword as first argument followed by a pattern");
            return -1;
        }
        i += 2;
        String nameMatch = "str";
        if (line.word(i).equals("-m")) {
            nameMatch = method(line, keyword, i, name.endsWith("-lf"));
            if (nameMatch == null) {
                return -1;
            }
            i += 2;
        }
        String namePattern = line.word(i);
        if (nameMatch.equals("reg") && !regexOk(line, namePattern)) {
            return -1;
        }
        options.addAll(List.of("match", keyword, "pattern", namePattern, "name-match", nameMatch));
        if (name.equals("name-lf")) {
            options.addAll(List.of("name-lf", "true"));
        }
        String value = line.word(i + 1);
        if (value.isEmpty() || !value.equals("value") && !value.equals("value-lf")) {
            return i + 1;
        }
        String valueMatch = "str";
        if (line.word(i + 2).equals("-m")) {
            i += 2;
            valueMatch = method(line, keyword, i, value.endsWith("-lf"));
            if (valueMatch == null) {
                return -1;
            }
        }
        String valuePattern = line.word(i + 2);
        if (valuePattern.isEmpty()) {
            refused(line, "'" + keyword + "' expect a pattern with the value keyword");
            return -1;
        }
        if (valueMatch.equals("reg") && !regexOk(line, valuePattern)) {
            return -1;
        }
        options.addAll(List.of("value", valuePattern, "value-match", valueMatch));
        if (value.equals("value-lf")) {
            options.addAll(List.of("value-lf", "true"));
        }
        return i + 3;
    }

    private static String method(ProxyLine line, String keyword, int at, boolean format) {
        String method = line.word(at + 1);
        if (method.isEmpty()) {
            refused(line, "'" + keyword + "' : '-m' expects at a matching pattern ('str', 'beg', 'end', 'sub' or"
                    + " 'reg')");
            return null;
        }
        if (!MATCH_METHODS.contains(method)) {
            refused(line, "'" + keyword + "' : '-m' only supports 'str', 'beg', 'end', 'sub' or 'reg' (got '"
                    + method + "')");
            return null;
        }
        if (method.equals("reg") && format) {
            refused(line, "'" + keyword + "': log-format string is not supported with a regex matching method");
            return null;
        }
        return method;
    }

    private static boolean patternOk(ProxyLine line, String type, String pattern) {
        if (type.equals("status")) {
            String error = codesError(pattern);
            if (error != null) {
                refused(line, error);
                return false;
            }
        } else if (type.startsWith("r")) {
            return regexOk(line, pattern);
        }
        return true;
    }

    private static boolean regexOk(ProxyLine line, String pattern) {
        try {
            Pattern.compile(pattern);
            return true;
        } catch (PatternSyntaxException e) {
            refused(line, "regex '" + pattern + "' is invalid (error=" + e.getDescription() + ", erroffset="
                    + e.getIndex() + ")");
            return false;
        }
    }

    /** The status list as {@code parse_tcpcheck_expect()} reads it with {@code read_uint()}; null when valid. */
    static String codesError(String pattern) {
        int at = 0;
        while (true) {
            int start = at;
            while (at < pattern.length() && Character.isDigit(pattern.charAt(at))) {
                at++;
            }
            long low = number(pattern.substring(start, at));
            long high = low;
            if (at < pattern.length() && pattern.charAt(at) == '-') {
                at++;
                start = at;
                while (at < pattern.length() && Character.isDigit(pattern.charAt(at))) {
                    at++;
                }
                high = number(pattern.substring(start, at));
            }
            if (low > high) {
                return "invalid range of status codes '" + pattern + "'";
            }
            if (at == pattern.length()) {
                return null;
            }
            if (pattern.charAt(at) != ',') {
                return "invalid character '" + pattern.charAt(at) + "' in the list of status codes";
            }
            at++;
        }
    }

    private static long number(String digits) {
        if (digits.isEmpty()) {
            return 0;
        }
        return digits.length() > 10 ? Long.MAX_VALUE : Long.parseLong(digits);
    }

    private static String status(ProxyLine line, String option, String value) {
        String upper = value.toUpperCase(Locale.ROOT);
        Set<String> allowed = switch (option) {
            case "ok-status" -> Set.of("L7OK", "L7OKC", "L6OK", "L4OK");
            case "error-status" -> Set.of("L7RSP", "L7STS", "L7OKC", "L6RSP", "L4CON");
            case "tout-status" -> Set.of("L7TOUT", "L6TOUT", "L4TOUT");
            default -> null;
        };
        if (allowed == null) {
            return value;
        }
        if (allowed.contains(upper)) {
            return upper;
        }
        String list = switch (option) {
            case "ok-status" -> "'L4OK', 'L6OK', 'L7OK' or 'L7OKC'";
            case "error-status" -> "'L4CON', 'L6RSP', 'L7RSP' or 'L7STS'";
            default -> "'L4TOUT', 'L6TOUT' or 'L7TOUT'";
        };
        refused(line, "'" + option + "' only supports " + list + " status (got '" + value + "').");
        return null;
    }

    /** HAProxy's {@code "'http-check <action>' : <error>."}. */
    private static HttpCheckRuleset.Rule refused(ProxyLine line, String error) {
        line.alert("'" + line.word(0) + " " + line.word(1) + "' : " + error + ".");
        return null;
    }
}
