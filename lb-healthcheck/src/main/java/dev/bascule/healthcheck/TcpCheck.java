package dev.bascule.healthcheck;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.check.ProbeContext;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs the {@code tcp-check} rules of one backend, as HAProxy's {@code tcpcheck_main()}. */
final class TcpCheck implements HealthCheck {
    /** HAProxy's {@code tune.chksize}: what one expect can see. */
    static final int BUFFER = 16384;

    private final List<TcpCheckRule> rules;
    /**
     * Whether the rules are a protocol check's ({@code option redis-check}, {@code mysql-check}...): HAProxy
     * then reports no default texts ({@code "(tcp-check)"}, {@code "TCPCHK did not match..."}, {@code " at step
     * 2 of tcp-check"}), only the rules' own messages.
     */
    private final boolean protocol;

    TcpCheck(List<TcpCheckRule> rules) {
        this(rules, false);
    }

    TcpCheck(List<TcpCheckRule> rules, boolean protocol) {
        this.rules = rules;
        this.protocol = protocol;
    }

    /** What {@code chk_report_conn_err()} appends to a connection error: nothing for a protocol check. */
    private String where(TcpCheckRule rule) {
        return protocol ? "" : rule.where();
    }

    @Override
    public CompletionStage<CheckResult> check(CheckTarget target, ProbeContext context) {
        Probe probe = new Probe(target, context);
        probe.run(0);
        return probe.result;
    }

    /** One probe: the rules are run one after the other, from I/O callbacks. */
    private final class Probe {
        final CheckTarget target;
        final ProbeContext context;
        final CompletableFuture<CheckResult> result = new CompletableFuture<>();
        final CheckSession session;
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        boolean closed;
        @Nullable ProbeConnection connection;
        /** Whether the current connection made a TLS handshake: a check ending on it passed at layer 6. */
        boolean encrypted;

        Probe(CheckTarget target, ProbeContext context) {
            this.target = target;
            this.context = context;
            this.session = new CheckSession(target);
        }

        void finish(CheckResult verdict) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            result.complete(verdict);
        }

        void run(int index) {
            if (index == rules.size()) {
                // HAProxy's current step: the last rule that is not an action (set-var...)
                int last = index - 1;
                while (last > 0 && rules.get(last).action().equals("action")) {
                    last--;
                }
                finish(success(rules.get(last), input.toByteArray()));
                return;
            }
            TcpCheckRule rule = rules.get(index);
            switch (rule.action()) {
                case "connect" -> connect(rule, index);
                case "send" -> send(rule, index);
                case "action" -> {
                    // set-var, unset-var: HAProxy's TCPCHK_ACT_ACTION_KW, the current step unchanged
                    rule.effect().accept(session);
                    run(index + 1);
                }
                default -> expect(index, index, false);
            }
        }

        private CheckResult success(TcpCheckRule last, byte[] response) {
            return switch (last.action()) {
                case "connect" -> new CheckResult(encrypted ? CheckStatus.L6OK : CheckStatus.L4OK,
                        last.implicit() ? "" : "(tcp-check)");
                case "send" -> new CheckResult(CheckStatus.L7OK, "(tcp-check)", 0);
                default -> {
                    CheckStatus status = last.okStatus() != null ? last.okStatus() : CheckStatus.L7OK;
                    String own = last.custom() != null ? last.custom().successText(session) : null;
                    String text = own != null ? own : last.onSuccess() != null ? last.onSuccess().apply(response)
                            : protocol ? "" : "(tcp-check)";
                    Integer ownCode = last.custom() != null ? last.custom().successCode(session) : null;
                    yield new CheckResult(status, text, ownCode != null ? ownCode : code(status, last, response));
                }
            };
        }

        private void connect(TcpCheckRule rule, int index) {
            if (connection != null) {
                connection.close();
                connection = null;
            }
            input.reset();
            closed = false;
            CheckTarget probed = target;
            if (rule.addr() != null || rule.port() > 0) {
                try {
                    InetAddress host = rule.addr() != null ? InetAddress.getByName(rule.addr())
                            : target.address().getAddress();
                    InetSocketAddress address = new InetSocketAddress(host, rule.port() > 0 ? rule.port()
                            : target.address().getPort());
                    probed = new CheckTarget(target.serverName(), address, Optional.empty(), target.tls(),
                            target.encrypted());
                } catch (UnknownHostException e) {
                    finish(new CheckResult(CheckStatus.L4CON, e.getMessage() + where(rule)));
                    return;
                }
            }
            // tcpcheck_eval_connect(): 'default' (and an implicit connect) takes the server's TLS for checks,
            // another connect is in clear unless 'ssl', with its own sni and alpn
            TcpCheckRule.Link link = rule.link();
            boolean defaults = rule.implicit() || link == null || link.defaults();
            Optional<String> sni = link == null ? Optional.empty() : Optional.ofNullable(link.sni());
            List<String> alpn = link == null ? List.of() : link.alpn();
            if (link != null && link.ssl() || defaults && probed.encrypted()) {
                probed = probed.encrypted(sni, alpn, defaults);
            } else {
                probed = probed.plain();
            }
            if (link != null && link.sendProxy() || !defaults) {
                probed = probed.withProxyHeader(link != null && link.sendProxy());
            }
            context.timeoutResult(new CheckResult(CheckStatus.L4TOUT, where(rule)));
            encrypted = probed.encrypted();
            context.client().connect(probed, context.timeout()).whenComplete((opened, failure) -> {
                if (failure != null) {
                    CheckResult layer4 = Layer4.failed(failure);
                    finish(new CheckResult(layer4.status(), layer4.detail() + where(rule)));
                    return;
                }
                connection = opened;
                run(index + 1);
            });
        }

        private void send(TcpCheckRule rule, int index) {
            // tcpcheck_eval_send() resets the read buffer: the next expect sees only the answer
            input.reset();
            context.timeoutResult(new CheckResult(CheckStatus.L7TOUT, where(rule)));
            byte[] data = rule.payload() != null ? rule.payload().apply(session) : rule.data();
            connection.send(data).whenComplete((sent, failure) -> {
                if (failure != null && !closedByPeer(failure)) {
                    finish(new CheckResult(CheckStatus.L7RSP, Layer4.failed(failure).detail() + where(rule)));
                    return;
                }
                // a server that closed before the bytes could go: HAProxy's send lands in the socket buffer
                // first, and the next expect reports the empty response
                run(index + 1);
            });
        }

        private static boolean closedByPeer(Throwable failure) {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            return cause instanceof java.nio.channels.ClosedChannelException;
        }

        /**
         * Evaluates the expects from {@code head} (the first of consecutive ones: HAProxy
         * evaluates them again from there after each read), reading when one needs more.
         */
        private void expect(int head, int index, boolean read) {
            TcpCheckRule rule = rules.get(index);
            CheckStatus timeout = rule.timeoutStatus() != null ? rule.timeoutStatus() : CheckStatus.L7TOUT;
            context.timeoutResult(new CheckResult(timeout, where(rule)));
            if (read || input.size() == 0 && !closed) {
                receive(head, rule);
                return;
            }
            byte[] data = input.toByteArray();
            boolean last = closed || data.length >= BUFFER;
            if (data.length == 0 && rule.custom() instanceof HttpExpect) {
                // the HTTP/1 mux reports a close before any response as a connection error, without words
                finish(new CheckResult(CheckStatus.L7RSP, ""));
                return;
            }
            if (data.length == 0) {
                CheckStatus status = rule.errorStatus() != null ? rule.errorStatus() : CheckStatus.L7RSP;
                finish(new CheckResult(status, "TCPCHK got an empty response at step " + rule.step()
                        + (rule.comment() != null ? " comment: '" + rule.comment() + "'" : "")));
                return;
            }
            if (rule.custom() != null) {
                custom(head, index, rule, data, last);
                return;
            }
            if (!last && (rule.match().equals("string") || rule.match().equals("binary")
                    || rule.match().equals("string-lf") || rule.match().equals("binary-lf"))
                    && data.length < rule.data().length
                    || !last && rule.minRecv() > 0 && data.length < rule.minRecv()) {
                receive(head, rule);
                return;
            }
            boolean match = matches(rule, data);
            if (!match && !last && rule.minRecv() == -1) {
                receive(head, rule);
                return;
            }
            if (match != rule.inverse()) {
                next(head, index);
                return;
            }
            CheckStatus status = rule.errorStatus() != null ? rule.errorStatus() : CheckStatus.L7RSP;
            finish(new CheckResult(status, rule.failure(match, data, protocol), code(status, rule, data)));
        }

        /** The rule after a passed expect: the next expect sees the same data, other rules run. */
        private void next(int head, int index) {
            int next = index + 1;
            if (next < rules.size() && rules.get(next).action().equals("expect")) {
                expect(head, next, false);
            } else {
                run(next);
            }
        }

        private void custom(int head, int index, TcpCheckRule rule, byte[] data, boolean last) {
            TcpCheckRule.Outcome outcome = rule.custom().evaluate(data, last, index + 1 == rules.size(), session);
            if (outcome.waiting()) {
                receive(head, rule);
            } else if (outcome.result() != null) {
                finish(outcome.result());
            } else {
                next(head, index);
            }
        }

        private void receive(int head, TcpCheckRule rule) {
            connection.receiveSome(BUFFER - input.size()).whenComplete((bytes, failure) -> {
                if (failure != null || bytes.length == 0) {
                    closed = true;
                } else {
                    input.write(bytes, 0, bytes.length);
                }
                expect(head, head, false);
            });
        }

        private boolean matches(TcpCheckRule rule, byte[] data) {
            return switch (rule.match()) {
                case "rstring" -> rule.regex().matcher(new String(data, StandardCharsets.ISO_8859_1)).find();
                // tcpcheck_eval_expect(): the regex runs on the hexadecimal dump, upper case
                case "rbinary" -> rule.regex().matcher(HexFormat.of().withUpperCase().formatHex(data)).find();
                default -> indexOf(data, rule.data()) >= 0;
            };
        }
    }

    /** The check's code: the rule's {@code status-code} of the response, else 0 where HAProxy prints one. */
    private static int code(CheckStatus status, TcpCheckRule rule, byte[] response) {
        if (rule.statusCode() != null) {
            return rule.statusCode().applyAsInt(response);
        }
        return status.carriesCode() ? 0 : -1;
    }

    static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
