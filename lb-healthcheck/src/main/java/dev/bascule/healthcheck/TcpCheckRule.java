package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * One {@code tcp-check} rule after HAProxy's {@code check_proxy_tcpcheck()}: comments folded into
 * the rules that follow them, an implicit connect first when the rules do not start with one.
 *
 * @param action  {@code connect}, {@code send}, {@code expect}, or {@code action} ({@code set-var}...)
 * @param step    HAProxy's step number ({@code tcpcheck_get_step_id()}): the rule's position among
 *                the section's {@code tcp-check} lines, comments included; 0 for the implicit connect
 * @param comment the rule's comment, null when none
 * @param onSuccess what a passing last expect reports, from the response (HAProxy's {@code on-success}
 *                  log-format); null for the default
 * @param onError   what a failing expect reports, from the response ({@code on-error}); null for the default
 * @param statusCode the check's code from the response ({@code status-code}), null when none
 * @param custom    an expect HAProxy implements in C ({@code expect custom}: MySQL, LDAP), null for the others
 * @param payload   a send's bytes computed on each probe for its target ({@code send-binary-lf} of a protocol
 *                  check, an HTTP request with {@code http-check send-state} or log-format strings), null when
 *                  {@code data} is sent
 * @param effect    what an {@code action} rule does to the probe's session ({@code set-var}, {@code unset-var})
 * @param link      a connect's {@code default}, {@code ssl}, {@code sni} and {@code alpn}; null for another rule
 */
record TcpCheckRule(String action, int step, @Nullable String comment, boolean implicit,
                    int port, @Nullable String addr,
                    byte[] data,
                    @Nullable String match, boolean inverse, @Nullable Pattern regex, int minRecv,
                    @Nullable CheckStatus okStatus, @Nullable CheckStatus errorStatus,
                    @Nullable CheckStatus timeoutStatus,
                    @Nullable Function<byte[], String> onSuccess, @Nullable Function<byte[], String> onError,
                    @Nullable ToIntFunction<byte[]> statusCode, @Nullable CustomExpect custom,
                    @Nullable Function<CheckSession, byte[]> payload, @Nullable Consumer<CheckSession> effect,
                    @Nullable Link link) {

    /**
     * How a {@code connect} rule reaches the server, HAProxy's {@code TCPCHK_OPT_*}: with
     * {@code default} (or an implicit connect), the server's own check settings, TLS and PROXY header
     * included ({@code check-ssl}, {@code check-sni}, {@code check-alpn}, {@code check-send-proxy});
     * otherwise TLS only with {@code ssl}, with this rule's {@code sni} and {@code alpn}, and a PROXY
     * header only with {@code send-proxy}.
     */
    record Link(boolean defaults, boolean ssl, @Nullable String sni, java.util.List<String> alpn, boolean sendProxy) {
        /** {@code connect default}: the server's settings. */
        static final Link DEFAULT = new Link(true, false, null, java.util.List.of(), false);

        Link {
            alpn = java.util.List.copyOf(alpn);
        }
    }

    /** This connect with {@code link}'s options. */
    TcpCheckRule withLink(Link options) {
        return new TcpCheckRule(action, step, comment, implicit, port, addr, data, match, inverse, regex, minRecv,
                okStatus, errorStatus, timeoutStatus, onSuccess, onError, statusCode, custom, payload, effect, options);
    }

    /** Builds a connect's options from the loader's words ({@code default}, {@code ssl}, {@code sni}, {@code alpn}). */
    static Link link(java.util.Map<String, String> options) {
        String alpn = options.get("alpn");
        return new Link(options.containsKey("default"), options.containsKey("ssl"), options.get("sni"),
                alpn == null ? java.util.List.of() : java.util.Arrays.stream(alpn.split(",")).filter(p -> !p.isEmpty())
                        .toList(), options.containsKey("send-proxy"));
    }

    /** A rule that is no connect, or a connect in clear without options. */
    TcpCheckRule(String action, int step, @Nullable String comment, boolean implicit, int port, @Nullable String addr,
                 byte[] data, @Nullable String match, boolean inverse, @Nullable Pattern regex, int minRecv,
                 @Nullable CheckStatus okStatus, @Nullable CheckStatus errorStatus,
                 @Nullable CheckStatus timeoutStatus, @Nullable Function<byte[], String> onSuccess,
                 @Nullable Function<byte[], String> onError, @Nullable ToIntFunction<byte[]> statusCode,
                 @Nullable CustomExpect custom, @Nullable Function<CheckSession, byte[]> payload,
                 @Nullable Consumer<CheckSession> effect) {
        this(action, step, comment, implicit, port, addr, data, match, inverse, regex, minRecv, okStatus, errorStatus,
                timeoutStatus, onSuccess, onError, statusCode, custom, payload, effect, null);
    }

    /** A rule of a {@code tcp-check} ruleset written by the user: constant messages, no custom expect. */
    TcpCheckRule(String action, int step, @Nullable String comment, boolean implicit, int port, @Nullable String addr,
                 byte[] data, @Nullable String match, boolean inverse, @Nullable Pattern regex, int minRecv,
                 @Nullable CheckStatus okStatus, @Nullable CheckStatus errorStatus,
                 @Nullable CheckStatus timeoutStatus, @Nullable String onSuccess, @Nullable String onError) {
        this(action, step, comment, implicit, port, addr, data, match, inverse, regex, minRecv, okStatus, errorStatus,
                timeoutStatus, constant(onSuccess), constant(onError), null, null, null, null);
    }

    private static @Nullable Function<byte[], String> constant(@Nullable String text) {
        return text == null ? null : response -> text;
    }

    /**
     * An expect HAProxy writes in C ({@code tcpcheck_mysql_expect_iniths()},
     * {@code tcpcheck_ldap_expect_bindrsp()}...): it sees the whole response read so far.
     */
    @FunctionalInterface
    interface CustomExpect {
        /**
         * @param data     the response so far
         * @param last     whether no more data will come (closed, or the buffer is full)
         * @param lastRule whether no rule follows this one
         */
        Outcome evaluate(byte[] data, boolean last, boolean lastRule);

        /** As {@link #evaluate(byte[], boolean, boolean)}, the probe's session at hand (variables, formats). */
        default Outcome evaluate(byte[] data, boolean last, boolean lastRule, CheckSession session) {
            return evaluate(data, last, lastRule);
        }

        /** What a passing last expect reports when it says it itself ({@code on-success} with a format), else null. */
        default @Nullable String successText(CheckSession session) {
            return null;
        }

        /** The check's code when a passing last expect computes it ({@code status-code}), else null. */
        default @Nullable Integer successCode(CheckSession session) {
            return null;
        }
    }

    /** What a custom expect decided: wait for more data, go on with the next rule, or end the check. */
    record Outcome(@Nullable CheckResult result, boolean waiting) {
        static final Outcome WAIT = new Outcome(null, true);
        static final Outcome CONTINUE = new Outcome(null, false);

        static Outcome done(CheckResult result) {
            return new Outcome(result, false);
        }
    }

    boolean binary() {
        return match != null && (match.equals("binary") || match.equals("rbinary") || match.equals("binary-lf"));
    }

    boolean regexMatch() {
        return regex != null;
    }

    /** The pattern as HAProxy prints it: the string, or the bytes of a binary pattern. */
    String patternText() {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** What {@code chk_report_conn_err()} appends: where the check stood. */
    String where() {
        if (implicit) {
            return " at initial connection step of tcp-check";
        }
        StringBuilder text = new StringBuilder(" at step ").append(step).append(" of tcp-check");
        switch (action) {
            case "connect" -> text.append(port > 0 ? " (connect port " + port + ")" : " (connect)");
            case "send" -> text.append(" (send)");
            default -> text.append(custom != null ? " (expect custom function)" : switch (match) {
                case "string" -> " (expect string '" + patternText() + "')";
                case "binary" -> " (expect binary '" + patternText() + "')";
                case "rstring" -> " (expect regex)";
                case "rbinary" -> " (expect binary regex)";
                case "string-lf" -> " (expect log-format string)";
                default -> " (expect log-format binary)";
            });
        }
        if (comment != null) {
            text.append(" comment: '").append(comment).append('\'');
        }
        return text.toString();
    }

    /**
     * {@code tcpcheck_expect_onerror_message()}: why an expect failed; a protocol check's expect without
     * {@code on-error} says nothing but its comment.
     */
    String failure(boolean matched, byte[] response, boolean protocol) {
        StringBuilder text = new StringBuilder();
        if (onError != null) {
            text.append(onError.apply(response));
        } else if (!protocol) {
            text.append(matched ? "TCPCHK matched unwanted content" : "TCPCHK did not match content");
            text.append(custom != null ? " (custom function)" : switch (match) {
                case "string" -> " '" + patternText() + "'";
                case "binary" -> " (binary)";
                case "rstring" -> " (regex)";
                case "rbinary" -> " (binary regex)";
                case "string-lf" -> " (log-format string)";
                default -> " (log-format binary)";
            });
            text.append(" at step ").append(step);
        }
        if (comment != null) {
            text.append(" comment: ").append(comment);
        }
        return text.toString();
    }
}
