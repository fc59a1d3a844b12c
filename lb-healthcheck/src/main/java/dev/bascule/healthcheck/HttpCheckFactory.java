package dev.bascule.healthcheck;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckSetup;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * HAProxy's {@code option httpchk} with its {@code http-check} rules: an HTTP ruleset of the tcp-check
 * engine ({@link TcpCheck}), as in HAProxy 2.6 where {@code http-check} rules are tcp-check rules of an
 * HTTP ruleset. Each {@code send} writes one HTTP request ({@link HttpRequests}), each {@code expect}
 * judges the response ({@link HttpExpect}); a {@code connect} opens a new connection, maybe to another
 * port or address. Results are in HAProxy's words: {@code L7OK} with the status code, {@code L7STS} with
 * the reason phrase, {@code L7RSP}..., and, unlike {@code tcp-check}, no {@code "(tcp-check)"} and no
 * {@code " at step 2 of tcp-check"}.
 *
 * <p>Arguments, as the loader prepares them (merged with {@code option httpchk}'s request, with the
 * implicit {@code expect status 200-399} when the rules end on a send): one rule after the other, its
 * action ({@code connect}, {@code send}, {@code expect}, {@code comment}), the number of its options,
 * then each option's name and value (a name may repeat); a {@code send-state} rule without options
 * ({@code http-check send-state}) adds HAProxy's {@code X-Haproxy-Server-State} header to every request:
 * <ul>
 *   <li>connect: {@code port}, {@code addr}, {@code comment};</li>
 *   <li>send: {@code meth}, {@code uri}, {@code ver}, {@code hdr} (a name) followed by {@code hdr-value},
 *       {@code body}, {@code comment};</li>
 *   <li>expect: {@code match} ({@code status}, {@code rstatus}, {@code string}, {@code rstring}, {@code hdr},
 *       {@code fhdr}), {@code pattern}, {@code name-match}, {@code value}, {@code value-match},
 *       {@code inverse}, {@code min-recv}, {@code ok-status}, {@code error-status}, {@code tout-status},
 *       {@code on-success}, {@code on-error}, {@code comment};</li>
 *   <li>comment: {@code comment}.</li>
 * </ul>
 */
public final class HttpCheckFactory implements HealthCheckFactory {
    @Override
    public String name() {
        return "httpchk";
    }

    @Override
    public HealthCheck create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, CheckSetup.NONE);
    }

    @Override
    public HealthCheck create(List<String> arguments, CheckSetup setup) throws InvalidArgumentException {
        List<Parsed> parsed = new ArrayList<>();
        boolean sendState = false;
        int i = 0;
        while (i < arguments.size()) {
            String action = arguments.get(i);
            int count;
            try {
                count = Integer.parseInt(value(arguments, i + 1, action));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("bad http-check rule '" + action + "'");
            }
            List<String[]> options = new ArrayList<>();
            for (int k = 0; k < count; k++) {
                options.add(new String[] {value(arguments, i + 2 + 2 * k, action),
                        value(arguments, i + 3 + 2 * k, action)});
            }
            i += 2 + 2 * count;
            if (action.equals("send-state")) {
                sendState = true;
                continue;
            }
            parsed.add(new Parsed(action, options));
        }
        if (parsed.isEmpty()) {
            // a bare "option httpchk": the default request and expect
            parsed.add(new Parsed("send", List.of()));
        }
        if (!parsed.get(parsed.size() - 1).action.equals("expect")
                && parsed.get(parsed.size() - 1).action.equals("send")) {
            parsed.add(new Parsed("expect", List.of(new String[] {"match", "status"},
                    new String[] {"pattern", "200-399"})));
        }
        List<TcpCheckRule> rules = new ArrayList<>();
        String lastAction = "connect";
        String comment = null;
        boolean first = true;
        boolean head = false;
        int step = 0;
        for (Parsed rule : parsed) {
            step++;
            if (first && !rule.action.equals("connect") && !rule.action.equals("comment")) {
                rules.add(connect(0, null, true, List.of()));
            }
            first &= rule.action.equals("comment");
            // check_proxy_tcpcheck(): a comment applies to the rules after it, up to the next action change
            if (!rule.action.equals(lastAction) && !lastAction.equals("comment")) {
                comment = null;
            }
            lastAction = rule.action;
            String own = rule.option("comment");
            String effective = own != null ? own : comment;
            switch (rule.action) {
                case "comment" -> comment = own;
                case "connect" -> {
                    rules.add(connect(step, effective, false, rule.options));
                    comment = null;
                }
                case "send" -> {
                    head = "HEAD".equals(rule.option("meth"));
                    rules.add(send(step, effective, rule.options, sendState, setup));
                }
                case "expect" -> rules.add(expect(step, effective, rule, head, setup));
                case "set-var", "set-var-fmt", "unset-var" -> {
                    rules.add(action(step, rule, setup));
                    // an action keyword ends the comment's reach, as check_proxy_tcpcheck() does
                    comment = null;
                }
                default -> throw new InvalidArgumentException("unsupported http-check action '" + rule.action + "'");
            }
        }
        return new TcpCheck(List.copyOf(rules), true);
    }

    private record Parsed(String action, List<String[]> options) {
        String option(String name) {
            for (String[] option : options) {
                if (option[0].equals(name)) {
                    return option[1];
                }
            }
            return null;
        }
    }

    private static TcpCheckRule connect(int step, String comment, boolean implicit, List<String[]> options)
            throws InvalidArgumentException {
        int port = 0;
        String addr = null;
        java.util.Map<String, String> link = new java.util.HashMap<>();
        for (String[] option : options) {
            switch (option[0]) {
                case "port" -> port = Integer.parseInt(option[1]);
                case "addr" -> addr = option[1];
                case "default", "ssl", "sni", "alpn", "send-proxy" -> link.put(option[0], option[1]);
                case "comment" -> {
                }
                default -> throw new InvalidArgumentException("unsupported http-check connect option '"
                        + option[0] + "'");
            }
        }
        return new TcpCheckRule("connect", step, comment, implicit, port, addr, new byte[0], null, false, null,
                -1, null, null, null, (String) null, null).withLink(TcpCheckRule.link(link));
    }

    private static TcpCheckRule send(int step, String comment, List<String[]> options, boolean sendState,
                                     CheckSetup setup) throws InvalidArgumentException {
        String method = "OPTIONS";
        String uri = "/";
        SampleFormat uriFormat = null;
        String version = "HTTP/1.0";
        String body = "";
        SampleFormat bodyFormat = null;
        List<String[]> headers = new ArrayList<>();
        List<SampleFormat> headerFormats = new ArrayList<>();
        SourceLocation at = location(options);
        for (String[] option : options) {
            switch (option[0]) {
                case "meth" -> method = option[1];
                case "uri" -> {
                    uri = option[1];
                    uriFormat = null;
                }
                case "uri-lf" -> uriFormat = format(option[1], setup, at, "'http-check send' : '" + option[1]
                        + "' invalid log-format string (", ").");
                case "ver" -> version = option[1];
                case "hdr" -> {
                    headers.add(new String[] {option[1], ""});
                    headerFormats.add(null);
                }
                case "hdr-value" -> {
                    if (headers.isEmpty()) {
                        throw new InvalidArgumentException("'hdr-value' without 'hdr'");
                    }
                    headers.get(headers.size() - 1)[1] = option[1];
                    headerFormats.set(headers.size() - 1, format(option[1], setup, at, "'http-check send' : ", "."));
                }
                case "body" -> {
                    body = option[1];
                    bodyFormat = null;
                }
                case "body-lf" -> bodyFormat = format(option[1], setup, at, "'http-check send' : '" + option[1]
                        + "' invalid log-format string (", ").");
                case "comment", "at" -> {
                }
                default -> throw new InvalidArgumentException("unsupported http-check send option '"
                        + option[0] + "'");
            }
        }
        for (int i = headers.size() - 1; i >= 0; i--) {
            if (headers.get(i)[0].equalsIgnoreCase("content-length")
                    || headers.get(i)[0].equalsIgnoreCase("transfer-encoding")) {
                headers.remove(i);
                headerFormats.remove(i);
            }
        }
        byte[] request = HttpRequests.build(method, uri, version, headers, null, body);
        Function<CheckSession, byte[]> perProbe = null;
        boolean formats = uriFormat != null || bodyFormat != null || headerFormats.stream().anyMatch(f -> f != null);
        if (sendState || formats) {
            // the server's state as the probe finds it, the formats rendered with the probe's variables
            String finalMethod = method;
            String finalUri = uri;
            SampleFormat finalUriFormat = uriFormat;
            String finalVersion = version;
            String finalBody = body;
            SampleFormat finalBodyFormat = bodyFormat;
            perProbe = session -> {
                String target = finalUri;
                if (finalUriFormat != null) {
                    target = session.render(finalUriFormat);
                    target = target.isEmpty() ? "/" : target;
                }
                List<String[]> rendered = new ArrayList<>(headers.size());
                for (int i = 0; i < headers.size(); i++) {
                    SampleFormat value = headerFormats.get(i);
                    rendered.add(new String[] {headers.get(i)[0],
                            value != null ? session.render(value) : headers.get(i)[1]});
                }
                Supplier<String> state = session.target().serverState();
                return HttpRequests.build(finalMethod, target, finalVersion, rendered,
                        sendState && state != null ? state.get() : null,
                        finalBodyFormat != null ? session.render(finalBodyFormat) : finalBody);
            };
        }
        return new TcpCheckRule("send", step, comment, false, 0, null, request, null, false, null, -1, null, null,
                null, null, null, null, null, perProbe, null);
    }

    /** The rule's line ({@code at}: {@code file:line}), null when the loader gave none. */
    private static SourceLocation location(List<String[]> options) {
        for (String[] option : options) {
            if (option[0].equals("at")) {
                int colon = option[1].lastIndexOf(':');
                try {
                    return new SourceLocation(option[1].substring(0, colon),
                            Integer.parseInt(option[1].substring(colon + 1)));
                } catch (RuntimeException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static SampleFormat expectFormat(String text, CheckSetup setup, SourceLocation at)
            throws InvalidArgumentException {
        return format(text, setup, at, "'http-check expect' : '" + text + "' invalid log-format string (", ").");
    }

    /** A log-format string of the rule at {@code at}, its errors in HAProxy's words between {@code before} and {@code after}. */
    private static SampleFormat format(String text, CheckSetup setup, SourceLocation at, String before,
                                       String after) throws InvalidArgumentException {
        if (at == null || text.indexOf('%') < 0) {
            return format(text, setup);
        }
        return setup.format(text, at, before, after);
    }

    /** A log-format string: compiled when it holds an expression, null for a constant text. */
    private static SampleFormat format(String text, CheckSetup setup) throws InvalidArgumentException {
        if (text.indexOf('%') < 0) {
            SampleFormat constant = new SampleFormat() {
                @Override
                public String render(dev.bascule.api.sample.TrafficView traffic, dev.bascule.api.sample.Sample sample) {
                    return text;
                }

                @Override
                public boolean constant() {
                    return true;
                }
            };
            return constant;
        }
        return setup.format(text);
    }

    /** {@code http-check set-var(name) <expr>}, {@code set-var-fmt(name) <fmt>}, {@code unset-var(name)}. */
    private static TcpCheckRule action(int step, Parsed rule, CheckSetup setup) throws InvalidArgumentException {
        String name = rule.option("name");
        if (name == null) {
            throw new InvalidArgumentException("http-check " + rule.action + " without a variable name");
        }
        SourceLocation at = location(rule.options);
        Consumer<CheckSession> effect = switch (rule.action) {
            case "set-var" -> {
                SampleFetch expression = at == null ? setup.expression(rule.option("expr"))
                        : setup.expression(rule.option("expr"), at, "'http-check set-var(" + name + ")' : 'set-var' : ",
                        ".");
                yield session -> session.setVariable(name, expression);
            }
            case "set-var-fmt" -> {
                SampleFormat format = format(rule.option("format"), setup, at,
                        "'http-check set-var-fmt(" + name + ")' : 'set-var-fmt' : ", ".");
                yield session -> session.setVariable(name, session.render(format));
            }
            default -> session -> session.unset(name);
        };
        return new TcpCheckRule("action", step, null, false, 0, null, new byte[0], null, false, null, -1, null,
                null, null, null, null, null, null, null, effect);
    }

    private static TcpCheckRule expect(int step, String comment, Parsed rule, boolean bodyless, CheckSetup setup)
            throws InvalidArgumentException {
        String match = rule.option("match");
        String pattern = rule.option("pattern");
        if (match == null || pattern == null) {
            throw new InvalidArgumentException("http-check expect without a match");
        }
        Pattern regex = null;
        int[][] codes = null;
        String nameMatch = rule.option("name-match") != null ? rule.option("name-match") : "str";
        String valueMatch = rule.option("value-match") != null ? rule.option("value-match") : "str";
        String value = rule.option("value");
        Pattern valueRegex = null;
        switch (match) {
            case "status" -> codes = codes(pattern);
            case "rstatus", "rstring" -> regex = regex(pattern, true);
            case "string" -> {
            }
            case "hdr", "fhdr" -> {
                if (nameMatch.equals("reg")) {
                    regex = regex(pattern, false);
                }
                if (value != null && valueMatch.equals("reg")) {
                    valueRegex = regex(value, true);
                }
            }
            default -> throw new InvalidArgumentException("unsupported http-check expect match '" + match + "'");
        }
        boolean inverse = Boolean.parseBoolean(rule.option("inverse"));
        int minRecv = Integer.parseInt(rule.option("min-recv") != null ? rule.option("min-recv") : "-1");
        CheckStatus errorStatus = status(rule.option("error-status"));
        String onError = rule.option("on-error");
        String onSuccess = rule.option("on-success");
        String statusCode = rule.option("status-code");
        SourceLocation at = location(rule.options);
        // log-format strings: string-lf's pattern, name-lf, value-lf, on-success and on-error with an expression
        HttpExpect.Formats formats = new HttpExpect.Formats(
                "true".equals(rule.option("pattern-lf")) ? expectFormat(pattern, setup, at) : null,
                "true".equals(rule.option("name-lf")) ? expectFormat(pattern, setup, at) : null,
                "true".equals(rule.option("value-lf")) && value != null ? expectFormat(value, setup, at) : null,
                onError != null && onError.indexOf('%') >= 0 ? expectFormat(onError, setup, at) : null,
                onSuccess != null && onSuccess.indexOf('%') >= 0 ? expectFormat(onSuccess, setup, at) : null,
                statusCode == null ? null : at == null ? setup.expression(statusCode)
                        : setup.expression(statusCode, at, "'http-check expect' : error detected while parsing"
                        + " status-code expression : ", "."));
        HttpExpect expect = new HttpExpect(match, pattern, inverse, regex, codes, nameMatch, value, valueMatch,
                valueRegex, minRecv, errorStatus, onError, comment, bodyless, formats);
        ToIntFunction<byte[]> code = response -> {
            HttpResponses.Parsed parsed = HttpResponses.parse(response, true, bodyless);
            return parsed.response() != null ? parsed.response().code() : 0;
        };
        return new TcpCheckRule("expect", step, comment, false, 0, null, new byte[0], match, inverse, regex,
                minRecv, status(rule.option("ok-status")), errorStatus, status(rule.option("tout-status")),
                onSuccess == null ? null : response -> onSuccess, onError == null ? null : response -> onError,
                code, expect, null, null);
    }

    private static Pattern regex(String pattern, boolean caseSensitive) throws InvalidArgumentException {
        try {
            return Pattern.compile(pattern, caseSensitive ? 0 : Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            throw new InvalidArgumentException("regex '" + pattern + "' is invalid (error=" + e.getDescription()
                    + ", erroffset=" + e.getIndex() + ")");
        }
    }

    /** {@code 200}, {@code 200-399}, {@code 200,302}: HAProxy's status lists. */
    static int[][] codes(String pattern) throws InvalidArgumentException {
        String[] items = pattern.split(",", -1);
        int[][] ranges = new int[items.length][];
        for (int i = 0; i < items.length; i++) {
            String item = items[i];
            int dash = item.indexOf('-');
            int low = readUint(dash < 0 ? item : item.substring(0, dash));
            int high = dash < 0 ? low : readUint(item.substring(dash + 1));
            if (low > high) {
                throw new InvalidArgumentException("invalid range of status codes '" + pattern + "'");
            }
            ranges[i] = new int[] {low, high};
        }
        return ranges;
    }

    /** C's {@code read_uint()}: the leading digits, 0 when none. */
    private static int readUint(String text) {
        int end = 0;
        while (end < text.length() && end < 9 && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
    }

    private static CheckStatus status(String name) throws InvalidArgumentException {
        if (name == null) {
            return null;
        }
        try {
            return CheckStatus.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("unknown check status '" + name + "'");
        }
    }

    private static String value(List<String> arguments, int index, String action) throws InvalidArgumentException {
        if (index >= arguments.size()) {
            throw new InvalidArgumentException("http-check rule '" + action + "' is incomplete");
        }
        return arguments.get(index);
    }
}
