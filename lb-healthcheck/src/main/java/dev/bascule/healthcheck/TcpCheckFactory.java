package dev.bascule.healthcheck;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * HAProxy's {@code option tcp-check}: runs the backend's {@code tcp-check} rules in order on each
 * probe ({@code connect}, {@code send}, {@code expect}, {@code comment}), as {@code tcpcheck_main()}
 * does, and reports in its words ({@code "TCPCHK did not match content '+PONG' at step 2"},
 * {@code " at step 3 of tcp-check (expect string 'role:master')"}...).
 *
 * <p>Arguments, as the loader prepares them from the {@code tcp-check} lines, one rule after the
 * other: the action ({@code connect}, {@code send}, {@code expect}, {@code comment}), the number
 * of its options, then each option's name and value: {@code port}, {@code addr}, {@code data} (the
 * text to send), {@code hex} (the bytes to send or expect, in hexadecimal), {@code match},
 * {@code pattern}, {@code inverse}, {@code min-recv}, {@code ok-status}, {@code error-status},
 * {@code tout-status}, {@code on-success}, {@code on-error}, {@code comment}. No rule is one
 * connect, what a bare {@code option tcp-check} does.
 */
public final class TcpCheckFactory implements HealthCheckFactory {
    @Override
    public String name() {
        return "tcp-check";
    }

    @Override
    public HealthCheck create(List<String> arguments) throws InvalidArgumentException {
        List<TcpCheckRule> rules = new ArrayList<>();
        int i = 0;
        int index = 0;
        boolean first = true;
        String lastAction = "connect";
        String comment = null;
        while (i < arguments.size()) {
            String action = arguments.get(i);
            int count;
            try {
                count = Integer.parseInt(value(arguments, i + 1, action));
            } catch (NumberFormatException e) {
                throw new InvalidArgumentException("bad tcp-check rule '" + action + "'");
            }
            Map<String, String> options = new HashMap<>();
            for (int k = 0; k < count; k++) {
                options.put(value(arguments, i + 2 + 2 * k, action), value(arguments, i + 3 + 2 * k, action));
            }
            i += 2 + 2 * count;
            int step = ++index;
            if (first && !action.equals("connect") && !action.equals("comment")) {
                // check_proxy_tcpcheck(): an implicit connect before all other rules
                rules.add(rule("connect", 0, null, true, Map.of()));
            }
            first &= action.equals("comment");
            // check_proxy_tcpcheck(): a comment applies to the rules after it, up to the next action change
            if (!action.equals(lastAction) && !lastAction.equals("comment")) {
                comment = null;
            }
            lastAction = action;
            String own = options.get("comment");
            switch (action) {
                case "comment" -> comment = options.get("comment");
                case "connect" -> {
                    rules.add(rule(action, step, own != null ? own : comment, false, options));
                    comment = null;
                }
                case "send", "expect" -> rules.add(rule(action, step, own != null ? own : comment, false, options));
                default -> throw new InvalidArgumentException("unsupported tcp-check action '" + action + "'");
            }
        }
        if (rules.isEmpty()) {
            rules.add(rule("connect", 0, null, true, Map.of()));
        }
        return new TcpCheck(List.copyOf(rules));
    }

    private static TcpCheckRule rule(String action, int step, String comment, boolean implicit,
                                     Map<String, String> options) throws InvalidArgumentException {
        int port = Integer.parseInt(options.getOrDefault("port", "0"));
        byte[] data = new byte[0];
        if (options.containsKey("data")) {
            data = options.get("data").getBytes(StandardCharsets.UTF_8);
        } else if (options.containsKey("hex")) {
            data = hex(options.get("hex"));
        }
        String match = options.get("match");
        Pattern regex = null;
        if (match != null) {
            String pattern = options.getOrDefault("pattern", "");
            switch (match) {
                case "string", "string-lf" -> data = pattern.getBytes(StandardCharsets.UTF_8);
                case "binary", "binary-lf" -> data = hex(pattern);
                case "rstring", "rbinary" -> {
                    try {
                        regex = Pattern.compile(pattern);
                    } catch (PatternSyntaxException e) {
                        throw new InvalidArgumentException("regex '" + pattern + "' is invalid (error="
                                + e.getDescription() + ", erroffset=" + e.getIndex() + ")");
                    }
                }
                default -> throw new InvalidArgumentException("unsupported tcp-check expect match '" + match + "'");
            }
        }
        TcpCheckRule rule = new TcpCheckRule(action, step, comment, implicit, port, options.get("addr"), data, match,
                Boolean.parseBoolean(options.get("inverse")), regex,
                Integer.parseInt(options.getOrDefault("min-recv", "-1")),
                status(options.get("ok-status")), status(options.get("error-status")),
                status(options.get("tout-status")), options.get("on-success"), options.get("on-error"));
        return action.equals("connect") ? rule.withLink(TcpCheckRule.link(options)) : rule;
    }

    private static CheckStatus status(String name) throws InvalidArgumentException {
        if (name == null) {
            return null;
        }
        try {
            return CheckStatus.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("unknown check status '" + name + "'");
        }
    }

    private static byte[] hex(String text) throws InvalidArgumentException {
        try {
            return HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidArgumentException("invalid binary string '" + text + "'");
        }
    }

    private static String value(List<String> arguments, int index, String action) throws InvalidArgumentException {
        if (index >= arguments.size()) {
            throw new InvalidArgumentException("tcp-check rule '" + action + "' is incomplete");
        }
        return arguments.get(index);
    }
}
