package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFormat;

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
                  @Nullable String comment, boolean bodyless, Formats formats) implements TcpCheckRule.CustomExpect {

    /**
     * The log-format strings of the rule, null where it has none: {@code string-lf}'s pattern, {@code name-lf},
     * {@code value-lf}, {@code on-error}, {@code on-success}.
     */
    record Formats(@Nullable SampleFormat pattern, @Nullable SampleFormat name, @Nullable SampleFormat value,
                   @Nullable SampleFormat onError, @Nullable SampleFormat onSuccess, @Nullable SampleFetch statusCode) {
        static final Formats NONE = new Formats(null, null, null, null, null, null);
    }

    @Override
    public TcpCheckRule.Outcome evaluate(byte[] data, boolean last, boolean lastRule) {
        return evaluate(data, last, lastRule, null);
    }

    @Override
    public @Nullable Integer successCode(CheckSession session) {
        return formats.statusCode() != null ? session.integer(formats.statusCode()) : null;
    }

    @Override
    public @Nullable String successText(CheckSession session) {
        return formats.onSuccess() != null ? session.render(formats.onSuccess()) : null;
    }

    @Override
    public TcpCheckRule.Outcome evaluate(byte[] data, boolean last, boolean lastRule,
                                         @Nullable CheckSession session) {
        HttpResponses.Parsed parsed = HttpResponses.parse(data, last, bodyless);
        if (parsed.invalid()) {
            return failed(CheckStatus.L7RSP, "", -1, session);
        }
        if (session != null) {
            session.response(data, bodyless);
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
                String name = pattern;
                String wanted = value;
                if (formats.name() != null || formats.value() != null) {
                    name = formats.name() != null ? session.render(formats.name()) : pattern;
                    wanted = formats.value() != null ? session.render(formats.value()) : value;
                    if (name.isEmpty() || wanted != null && wanted.isEmpty()) {
                        return failedHard("log-format string evaluated to an empty string", code);
                    }
                }
                matched = header(response, name, wanted);
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
                    return failed(status, "HTTP content check could not find a response body", code, session);
                }
                String wanted = pattern;
                if (formats.pattern() != null) {
                    wanted = session.render(formats.pattern());
                    if (wanted.isEmpty()) {
                        return failedHard("log-format string evaluated to an empty string", code);
                    }
                }
                if (!complete && (match.equals("string") && body.length < wanted.length()
                        || minRecv > 0 && body.length < minRecv)) {
                    return TcpCheckRule.Outcome.WAIT;
                }
                String text = new String(body, StandardCharsets.ISO_8859_1);
                matched = match.equals("string") ? text.contains(wanted) : regex.matcher(text).find();
                if (!matched && !complete && minRecv == -1) {
                    return TcpCheckRule.Outcome.WAIT;
                }
                description = inverse ? "HTTP check matched unwanted content" : "HTTP content check did not match";
            }
        }
        if (matched != inverse) {
            return TcpCheckRule.Outcome.CONTINUE;
        }
        return failed(status, description, code, session);
    }

    /** An error whose words HAProxy gives before the rule's {@code on-error} (its {@code info}). */
    private TcpCheckRule.Outcome failedHard(String description, int code) {
        return TcpCheckRule.Outcome.done(new CheckResult(CheckStatus.L7RSP,
                description + (comment != null ? " comment: " + comment : ""), code));
    }

    private TcpCheckRule.Outcome failed(CheckStatus status, String description, int code,
                                        @Nullable CheckSession session) {
        StringBuilder text = new StringBuilder();
        if (formats.onError() != null && session != null) {
            text.append(session.render(formats.onError()));
        } else if (onError != null) {
            text.append(onError);
        } else {
            text.append(description);
        }
        if (comment != null) {
            text.append(" comment: ").append(comment);
        }
        // status-code: the expression's value, cast to an integer, when it has one
        Integer own = formats.statusCode() != null && session != null ? session.integer(formats.statusCode()) : null;
        return TcpCheckRule.Outcome.done(new CheckResult(errorStatus != null ? errorStatus : status,
                text.toString(), own != null ? own : code));
    }

    /** A header whose name, then value, match: {@code http_find_*_header()} then the value test. */
    private boolean header(HttpResponses response, String name, @Nullable String wanted) {
        for (String[] header : response.values(match.equals("fhdr"))) {
            if (!matches(header[0], nameMatch, name, regex, false)) {
                continue;
            }
            if (wanted == null && valueRegex == null) {
                return true;
            }
            if (matches(header[1], valueMatch, wanted, valueRegex, true)) {
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
