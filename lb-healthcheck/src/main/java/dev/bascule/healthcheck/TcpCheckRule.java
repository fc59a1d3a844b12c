package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * One {@code tcp-check} rule after HAProxy's {@code check_proxy_tcpcheck()}: comments folded into
 * the rules that follow them, an implicit connect first when the rules do not start with one.
 *
 * @param action  {@code connect}, {@code send} or {@code expect}
 * @param step    HAProxy's step number ({@code tcpcheck_get_step_id()}): the rule's position among
 *                the section's {@code tcp-check} lines, comments included; 0 for the implicit connect
 * @param comment the rule's comment, null when none
 */
record TcpCheckRule(String action, int step, @Nullable String comment, boolean implicit,
                    int port, @Nullable String addr,
                    byte[] data,
                    @Nullable String match, boolean inverse, @Nullable Pattern regex, int minRecv,
                    @Nullable CheckStatus okStatus, @Nullable CheckStatus errorStatus,
                    @Nullable CheckStatus timeoutStatus, @Nullable String onSuccess, @Nullable String onError) {

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
            default -> text.append(switch (match) {
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

    /** {@code tcpcheck_expect_onerror_message()}: why an expect failed. */
    String failure(boolean matched) {
        StringBuilder text = new StringBuilder();
        if (onError != null) {
            text.append(onError);
        } else {
            text.append(matched ? "TCPCHK matched unwanted content" : "TCPCHK did not match content");
            text.append(switch (match) {
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
