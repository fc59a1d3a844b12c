package dev.bascule.healthcheck;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.HealthCheckFactory;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.check.ProbeContext;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * HAProxy's {@code option httpchk}: sends one HTTP request ({@code OPTIONS / HTTP/1.0} unless
 * told otherwise, with {@code connection: close}) and judges the response with
 * {@code http-check expect}, or by default passes a 2xx or 3xx status.
 *
 * <p>Arguments, as the loader prepares them from {@code option httpchk} and {@code http-check}
 * lines: {@code meth <method>}, {@code uri <uri>}, {@code ver <version>}, {@code hdr <name> <value>}
 * (repeatable), then at most one {@code expect [!] status|rstatus|string|rstring <pattern>}.
 *
 * <p>Results, in HAProxy's words: {@code L7OK} with the status code; {@code L7STS} with the code
 * and the reason phrase when the status does not match; {@code L7RSP} for an empty or invalid
 * response, {@code "HTTP content check did not match"}, {@code "HTTP content check could not find
 * a response body"}, {@code "HTTP check matched unwanted content"}; {@code L4CON}/{@code L4TOUT}
 * when the connection fails.
 */
public final class HttpCheckFactory implements HealthCheckFactory {
    /** HAProxy's {@code tune.bufsize}: a check reads no more than one buffer. */
    static final int MAX_RESPONSE = 16384;

    @Override
    public String name() {
        return "httpchk";
    }

    @Override
    public HealthCheck create(List<String> arguments) throws InvalidArgumentException {
        String method = "OPTIONS";
        String uri = "/";
        String version = "HTTP/1.0";
        List<String[]> headers = new ArrayList<>();
        Expect expect = null;
        int i = 0;
        while (i < arguments.size()) {
            String word = arguments.get(i);
            switch (word) {
                case "meth" -> method = value(arguments, i + 1, word);
                case "uri" -> uri = value(arguments, i + 1, word);
                case "ver" -> version = value(arguments, i + 1, word);
                case "hdr" -> {
                    headers.add(new String[] {value(arguments, i + 1, word), value(arguments, i + 2, word)});
                    i++;
                }
                case "expect" -> {
                    boolean inverse = i + 1 < arguments.size() && arguments.get(i + 1).equals("!");
                    int kindIndex = i + (inverse ? 2 : 1);
                    String kind = value(arguments, kindIndex, word);
                    String pattern = value(arguments, kindIndex + 1, "expect " + kind);
                    expect = Expect.parse(kind, pattern, inverse);
                    i = kindIndex;
                }
                default -> throw new InvalidArgumentException("unexpected HTTP check argument '" + word + "'");
            }
            i += 2;
        }
        StringBuilder request = new StringBuilder().append(method).append(' ').append(uri).append(' ')
                .append(version).append("\r\n");
        boolean connection = false;
        for (String[] header : headers) {
            request.append(header[0]).append(": ").append(header[1]).append("\r\n");
            connection |= header[0].equalsIgnoreCase("connection");
        }
        if (!connection) {
            request.append("connection: close\r\n");
        }
        if (!List.of("OPTIONS", "GET", "HEAD", "DELETE").contains(method)) {
            request.append("content-length: 0\r\n");
        }
        request.append("\r\n");
        return new HttpCheck(request.toString().getBytes(StandardCharsets.ISO_8859_1), expect, method.equals("HEAD"));
    }

    private static String value(List<String> arguments, int index, String keyword) throws InvalidArgumentException {
        if (index >= arguments.size()) {
            throw new InvalidArgumentException("'" + keyword + "' expects a value");
        }
        return arguments.get(index);
    }

    /** One {@code http-check expect} rule. */
    record Expect(String kind, String pattern, boolean inverse, Pattern regex, int[][] codes) {
        static Expect parse(String kind, String pattern, boolean inverse) throws InvalidArgumentException {
            switch (kind) {
                case "status" -> {
                    return new Expect(kind, pattern, inverse, null, codes(pattern));
                }
                case "rstatus", "rstring" -> {
                    try {
                        return new Expect(kind, pattern, inverse, Pattern.compile(pattern), null);
                    } catch (PatternSyntaxException e) {
                        throw new InvalidArgumentException("regex '" + pattern + "' is invalid (error="
                                + e.getDescription() + ", erroffset=" + e.getIndex() + ")");
                    }
                }
                case "string" -> {
                    return new Expect(kind, pattern, inverse, null, null);
                }
                default -> throw new InvalidArgumentException("unsupported 'http-check expect' kind '" + kind + "'");
            }
        }

        /** {@code 200}, {@code 200-399}, {@code 200,302}: HAProxy's status lists. */
        private static int[][] codes(String pattern) throws InvalidArgumentException {
            String[] items = pattern.split(",");
            int[][] ranges = new int[items.length][];
            for (int i = 0; i < items.length; i++) {
                String item = items[i].trim();
                int dash = item.indexOf('-');
                try {
                    int low = Integer.parseInt(dash < 0 ? item : item.substring(0, dash));
                    int high = dash < 0 ? low : Integer.parseInt(item.substring(dash + 1));
                    ranges[i] = new int[] {low, high};
                } catch (NumberFormatException e) {
                    throw new InvalidArgumentException("invalid status code or range '" + item + "'");
                }
            }
            return ranges;
        }

        boolean onBody() {
            return kind.equals("string") || kind.equals("rstring");
        }
    }

    private static final class HttpCheck implements HealthCheck {
        private final byte[] request;
        private final Expect expect;
        private final boolean head;

        HttpCheck(byte[] request, Expect expect, boolean head) {
            this.request = request;
            this.expect = expect;
            this.head = head;
        }

        @Override
        public CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context) {
            CompletableFuture<CheckResult> result = new CompletableFuture<>();
            context.client().connect(target, context.timeout()).whenComplete((connection, failure) -> {
                if (failure != null) {
                    result.complete(Layer4.failed(failure));
                    return;
                }
                connection.send(request).whenComplete((sent, sendFailure) -> {
                    if (sendFailure != null) {
                        connection.close();
                        result.complete(new CheckResult(CheckStatus.L7RSP, ""));
                        return;
                    }
                    read(connection, new ByteArrayOutputStream(), result);
                });
            });
            return result;
        }

        private void read(ProbeConnection connection, ByteArrayOutputStream response,
                          CompletableFuture<CheckResult> result) {
            connection.receiveSome(MAX_RESPONSE - response.size()).whenComplete((bytes, failure) -> {
                boolean last = failure != null || bytes.length == 0;
                if (!last) {
                    response.write(bytes, 0, bytes.length);
                    last = response.size() >= MAX_RESPONSE;
                }
                CheckResult verdict = HttpResponses.judge(response.toByteArray(), last, expect, head);
                if (verdict == null) {
                    read(connection, response, result);
                    return;
                }
                connection.close();
                result.complete(verdict);
            });
        }
    }
}
