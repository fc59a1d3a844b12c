package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One {@code http-check expect} rule, evaluated as HAProxy 2.6's {@code tcpcheck_eval_expect_http()}:
 * on the status code ({@code status}, {@code rstatus}), a header ({@code hdr}, {@code fhdr}) or the body
 * ({@code string}, {@code rstring}). A failure reports the rule's {@code error-status} (else {@code L7STS}
 * for the status and headers, {@code L7RSP} for the body) with the reason phrase, or {@code "HTTP content
 * check did not match"}, {@code "HTTP check matched unwanted content"}, {@code "HTTP content check could
 * not find a response body"}; or the rule's {@code on-error} text; then {@code " comment: <comment>"}.
 *
 * @param match     {@code status}, {@code rstatus}, {@code string}, {@code rstring}, {@code hdr} or {@code fhdr}
 * @param pattern   the body string; the header name pattern of {@code hdr}/{@code fhdr}
 * @param regex     the regex of {@code rstatus}/{@code rstring}, of the name of {@code hdr ... -m reg}
 * @param codes     the status codes and ranges of {@code status}
 * @param nameMatch how a header name is matched: {@code str}, {@code beg}, {@code end}, {@code sub}, {@code reg}
 * @param value     the header value pattern, null when the rule tests the name only
 * @param valueMatch how a header value is matched, as {@code nameMatch}
 * @param valueRegex the regex of {@code value -m reg}
 * @param bodyless  whether the request was a HEAD: the response has no body
 */
record HttpExpect(String match, String pattern, boolean inverse, @Nullable Pattern regex, int[][] codes,
                  String nameMatch, @Nullable String value, String valueMatch, @Nullable Pattern valueRegex,
                  int minRecv, @Nullable CheckStatus errorStatus, @Nullable String onError,
                  @Nullable String comment, boolean bodyless) implements TcpCheckRule.CustomExpect {

    @Override
    public TcpCheckRule.Outcome evaluate(byte[] data, boolean last, boolean lastRule) {
        HttpResponses.Parsed parsed = HttpResponses.parse(data, last, bodyless);
        if (parsed.invalid()) {
            return failed(CheckStatus.L7RSP, "", -1);
        }
        HttpResponses response = parsed.response();
        if (response == null) {
            return TcpCheckRule.Outcome.WAIT;
        }
        boolean complete = last || response.complete();
        int code = response.code();
        boolean matched;
        String description;
        CheckStatus status;
        switch (match) {
            case "status" -> {
                matched = false;
                for (int[] range : codes) {
                    matched |= code >= range[0] && code <= range[1];
                }
                status = CheckStatus.L7STS;
                description = response.reason();
            }
            case "rstatus" -> {
                matched = regex.matcher(Integer.toString(code)).find();
                status = CheckStatus.L7STS;
                description = response.reason();
            }
            case "hdr", "fhdr" -> {
                matched = header(response);
                status = CheckStatus.L7STS;
                description = response.reason();
            }
            default -> {
                byte[] body = response.body();
                status = CheckStatus.L7RSP;
                if (body.length == 0) {
                    if (!complete) {
                        return TcpCheckRule.Outcome.WAIT;
                    }
                    return failed(status, "HTTP content check could not find a response body", code);
                }
                if (!complete && (match.equals("string") && body.length < pattern.length()
                        || minRecv > 0 && body.length < minRecv)) {
                    return TcpCheckRule.Outcome.WAIT;
                }
                String text = new String(body, StandardCharsets.ISO_8859_1);
                matched = match.equals("string") ? text.contains(pattern) : regex.matcher(text).find();
                if (!matched && !complete && minRecv == -1) {
                    return TcpCheckRule.Outcome.WAIT;
                }
                description = inverse ? "HTTP check matched unwanted content" : "HTTP content check did not match";
            }
        }
        if (matched != inverse) {
            return TcpCheckRule.Outcome.CONTINUE;
        }
        return failed(status, description, code);
    }

    private TcpCheckRule.Outcome failed(CheckStatus status, String description, int code) {
        StringBuilder text = new StringBuilder();
        if (onError != null) {
            text.append(onError);
        } else {
            text.append(description);
        }
        if (comment != null) {
            text.append(" comment: ").append(comment);
        }
        return TcpCheckRule.Outcome.done(new CheckResult(errorStatus != null ? errorStatus : status,
                text.toString(), code));
    }

    /** A header whose name, then value, match: {@code http_find_*_header()} then the value test. */
    private boolean header(HttpResponses response) {
        for (String[] header : response.values(match.equals("fhdr"))) {
            if (!matches(header[0], nameMatch, pattern, regex, false)) {
                continue;
            }
            if (value == null && valueRegex == null) {
                return true;
            }
            if (matches(header[1], valueMatch, value, valueRegex, true)) {
                return true;
            }
        }
        return false;
    }

    /** Names compare without case (a name regex too), values with case. */
    private static boolean matches(String text, String how, @Nullable String expected, @Nullable Pattern pattern,
                                   boolean caseSensitive) {
        if (how.equals("reg")) {
            return pattern.matcher(text).find();
        }
        String subject = caseSensitive ? text : text.toLowerCase(Locale.ROOT);
        String wanted = caseSensitive ? expected : expected.toLowerCase(Locale.ROOT);
        return switch (how) {
            case "beg" -> subject.startsWith(wanted);
            case "end" -> subject.endsWith(wanted);
            case "sub" -> subject.contains(wanted);
            default -> subject.equals(wanted);
        };
    }
}
