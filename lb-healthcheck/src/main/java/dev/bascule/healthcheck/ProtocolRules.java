package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckStatus;

import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import java.util.regex.Pattern;

/**
 * Builds the rules of HAProxy's predefined tcp-check rulesets ({@code src/tcpcheck.c}'s
 * {@code proxy_parse_*_check_opt()}), and the few sample expressions their messages use
 * ({@code res.payload(<offset>,0)}, {@code ltrim(' ')}, {@code cut_crlf}).
 */
final class ProtocolRules {
    /** HAProxy's {@code HCHK_DESC_LEN} less its terminating NUL: the longest check description. */
    private static final int DESC_MAX = 127;

    private ProtocolRules() {
    }

    /** The connect HAProxy adds before a ruleset that does not start with one. */
    static TcpCheckRule implicitConnect() {
        return new TcpCheckRule("connect", 0, null, true, 0, null, new byte[0], null, false, null, -1, null, null,
                null, null, null);
    }

    /** {@code tcp-check connect default linger}: the server's check address and port. */
    static TcpCheckRule connect(int step) {
        return new TcpCheckRule("connect", step, null, false, 0, null, new byte[0], null, false, null, -1, null, null,
                null, null, null).withLink(TcpCheckRule.Link.DEFAULT);
    }

    static TcpCheckRule send(int step, byte[] data) {
        return new TcpCheckRule("send", step, null, false, 0, null, data, null, false, null, -1, null, null, null,
                null, null);
    }

    /** A send whose bytes are computed on each probe (a {@code send-binary-lf} with a sample expression). */
    static TcpCheckRule send(int step, Supplier<byte[]> payload) {
        return new TcpCheckRule("send", step, null, false, 0, null, new byte[0], null, false, null, -1, null, null,
                null, null, null, null, null, session -> payload.get(), null);
    }

    static Expect expect(int step, String match, String pattern) {
        return new Expect(step, match, pattern);
    }

    /** {@code tcp-check expect custom}: the protocol's own parser. */
    static TcpCheckRule custom(int step, TcpCheckRule.CustomExpect custom) {
        return new TcpCheckRule("expect", step, null, false, 0, null, new byte[0], "custom", false, null, -1, null,
                null, null, null, null, null, custom, null, null);
    }

    /** One {@code tcp-check expect} rule being built, with the options the predefined rulesets use. */
    static final class Expect {
        private final int step;
        private final String match;
        private final String pattern;
        private boolean inverse;
        private int minRecv = -1;
        private @Nullable CheckStatus ok;
        private @Nullable CheckStatus error;
        private @Nullable CheckStatus timeout;
        private @Nullable Function<byte[], String> onSuccess;
        private @Nullable Function<byte[], String> onError;
        private @Nullable ToIntFunction<byte[]> statusCode;

        private Expect(int step, String match, String pattern) {
            this.step = step;
            this.match = match;
            this.pattern = pattern;
        }

        Expect inverse() {
            inverse = true;
            return this;
        }

        Expect minRecv(int bytes) {
            minRecv = bytes;
            return this;
        }

        Expect statuses(@Nullable CheckStatus ok, @Nullable CheckStatus error, @Nullable CheckStatus timeout) {
            this.ok = ok;
            this.error = error;
            this.timeout = timeout;
            return this;
        }

        Expect onSuccess(Function<byte[], String> text) {
            onSuccess = text;
            return this;
        }

        Expect onError(Function<byte[], String> text) {
            onError = text;
            return this;
        }

        Expect statusCode(ToIntFunction<byte[]> code) {
            statusCode = code;
            return this;
        }

        TcpCheckRule rule() {
            boolean regex = match.startsWith("r");
            byte[] data = regex ? new byte[0] : pattern.getBytes(StandardCharsets.ISO_8859_1);
            return new TcpCheckRule("expect", step, null, false, 0, null, data, match, inverse,
                    regex ? Pattern.compile(pattern) : null, minRecv, ok, error, timeout, onSuccess, onError,
                    statusCode, null, null, null);
        }
    }

    /** A constant message. */
    static Function<byte[], String> text(String text) {
        return response -> text;
    }

    /** {@code %[res.payload(<offset>,0)]}: the response from {@code offset}, "-" when it has nothing there. */
    static Function<byte[], String> payload(int offset) {
        return response -> logged(response.length <= offset ? null : latin1(response, offset, response.length));
    }

    /** {@code %[res.payload(<offset>,0),cut_crlf]}. */
    static Function<byte[], String> payloadLine(int offset) {
        return response -> logged(response.length <= offset ? null
                : cutCrlf(latin1(response, offset, response.length)));
    }

    /** {@code %[res.payload(<offset>,0),ltrim(' '),cut_crlf]}. */
    static Function<byte[], String> payloadTrimmedLine(int offset) {
        return response -> {
            if (response.length <= offset) {
                return logged(null);
            }
            String text = latin1(response, offset, response.length);
            int start = 0;
            while (start < text.length() && text.charAt(start) == ' ') {
                start++;
            }
            return logged(cutCrlf(text.substring(start)));
        };
    }

    /** {@code res.payload(<offset>,<length>)} as an integer (the sample cast's {@code read_int64()}); 0 when short. */
    static ToIntFunction<byte[]> payloadNumber(int offset, int length) {
        return response -> {
            if (response.length < offset + length) {
                return 0;
            }
            long value = 0;
            boolean negative = false;
            int i = offset;
            int end = offset + length;
            if (i < end && response[i] == '-') {
                negative = true;
                i++;
            }
            for (; i < end && response[i] >= '0' && response[i] <= '9'; i++) {
                value = value * 10 + (response[i] - '0');
            }
            return (int) (negative ? -value : value);
        };
    }

    /**
     * What {@code set_server_check_status()} keeps of a description: up to the first NUL byte,
     * {@value #DESC_MAX} characters at most.
     */
    static String desc(String text) {
        int nul = text.indexOf('\0');
        String kept = nul >= 0 ? text.substring(0, nul) : text;
        return kept.length() > DESC_MAX ? kept.substring(0, DESC_MAX) : kept;
    }

    static String latin1(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** A log-format expression's output: "-" for a missing or empty sample. */
    private static String logged(@Nullable String sample) {
        return desc(sample == null || sample.isEmpty() ? "-" : sample);
    }

    private static String cutCrlf(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\r' || text.charAt(i) == '\n') {
                return text.substring(0, i);
            }
        }
        return text;
    }
}
