package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Judges an HTTP check's response as HAProxy's {@code tcpcheck_eval_expect_http()} does. */
final class HttpResponses {
    private HttpResponses() {
    }

    /**
     * The verdict on what arrived so far, or null to wait for more.
     *
     * @param last no more bytes will come (closed, or the buffer is full)
     */
    static @Nullable CheckResult judge(byte[] response, boolean last, HttpCheckFactory.@Nullable Expect expect,
                                       boolean head) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        int separator = 4;
        if (end < 0) {
            end = text.indexOf("\n\n");
            separator = 2;
        }
        if (end < 0) {
            if (!last) {
                return null;
            }
            return new CheckResult(CheckStatus.L7RSP, "");
        }
        String[] lines = text.substring(0, end).split("\r?\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || status[1].length() != 3
                || !status[1].chars().allMatch(Character::isDigit)) {
            return new CheckResult(CheckStatus.L7RSP, "");
        }
        int code = Integer.parseInt(status[1]);
        String reason = status.length > 2 ? status[2] : "";
        if (expect == null) {
            return code >= 200 && code < 400 ? new CheckResult(CheckStatus.L7OK, "", code)
                    : new CheckResult(CheckStatus.L7STS, reason, code);
        }
        if (!expect.onBody()) {
            boolean match;
            if (expect.kind().equals("status")) {
                match = false;
                for (int[] range : expect.codes()) {
                    match |= code >= range[0] && code <= range[1];
                }
            } else {
                match = expect.regex().matcher(status[1]).find();
            }
            return match != expect.inverse() ? new CheckResult(CheckStatus.L7OK, "", code)
                    : new CheckResult(CheckStatus.L7STS, reason, code);
        }
        String body = text.substring(end + separator);
        long length = contentLength(lines);
        boolean complete = last || head || length >= 0 && body.length() >= length;
        if (body.isEmpty()) {
            if (!complete) {
                return null;
            }
            return new CheckResult(CheckStatus.L7RSP, "HTTP content check could not find a response body", code);
        }
        boolean match = expect.kind().equals("string") ? body.contains(expect.pattern())
                : expect.regex().matcher(body).find();
        if (!match && !complete && !expect.inverse()) {
            return null;
        }
        if (match != expect.inverse()) {
            return new CheckResult(CheckStatus.L7OK, "", code);
        }
        return new CheckResult(CheckStatus.L7RSP, expect.inverse() ? "HTTP check matched unwanted content"
                : "HTTP content check did not match", code);
    }

    private static long contentLength(String[] lines) {
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0 && lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                try {
                    return Long.parseLong(lines[i].substring(colon + 1).trim());
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}
