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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Runs the {@code tcp-check} rules of one backend, as HAProxy's {@code tcpcheck_main()}. */
final class TcpCheck implements HealthCheck {
    /** HAProxy's {@code tune.chksize}: what one expect can see. */
    static final int BUFFER = 16384;

    private final List<TcpCheckRule> rules;

    TcpCheck(List<TcpCheckRule> rules) {
        this.rules = rules;
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
        final ByteArrayOutputStream input = new ByteArrayOutputStream();
        boolean closed;
        @Nullable ProbeConnection connection;

        Probe(CheckTarget target, ProbeContext context) {
            this.target = target;
            this.context = context;
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
                finish(success(rules.get(index - 1)));
                return;
            }
            TcpCheckRule rule = rules.get(index);
            switch (rule.action()) {
                case "connect" -> connect(rule, index);
                case "send" -> send(rule, index);
                default -> expect(index, index, false);
            }
        }

        private CheckResult success(TcpCheckRule last) {
            return switch (last.action()) {
                case "connect" -> new CheckResult(CheckStatus.L4OK, last.implicit() ? "" : "(tcp-check)");
                case "send" -> new CheckResult(CheckStatus.L7OK, "(tcp-check)", 0);
                default -> {
                    CheckStatus status = last.okStatus() != null ? last.okStatus() : CheckStatus.L7OK;
                    yield new CheckResult(status, last.onSuccess() != null ? last.onSuccess() : "(tcp-check)",
                            status.carriesCode() ? 0 : -1);
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
            InetSocketAddress address;
            try {
                InetAddress host = rule.addr() != null ? InetAddress.getByName(rule.addr())
                        : target.address().getAddress();
                address = new InetSocketAddress(host, rule.port() > 0 ? rule.port() : target.address().getPort());
            } catch (UnknownHostException e) {
                finish(new CheckResult(CheckStatus.L4CON, e.getMessage() + rule.where()));
                return;
            }
            context.timeoutResult(new CheckResult(CheckStatus.L4TOUT, rule.where()));
            context.client().connect(address, context.timeout()).whenComplete((opened, failure) -> {
                if (failure != null) {
                    CheckResult layer4 = Layer4.failed(failure);
                    finish(new CheckResult(layer4.status(), layer4.detail() + rule.where()));
                    return;
                }
                connection = opened;
                run(index + 1);
            });
        }

        private void send(TcpCheckRule rule, int index) {
            // tcpcheck_eval_send() resets the read buffer: the next expect sees only the answer
            input.reset();
            context.timeoutResult(new CheckResult(CheckStatus.L7TOUT, rule.where()));
            connection.send(rule.data()).whenComplete((sent, failure) -> {
                if (failure != null) {
                    finish(new CheckResult(CheckStatus.L7RSP, Layer4.failed(failure).detail() + rule.where()));
                    return;
                }
                run(index + 1);
            });
        }

        /**
         * Evaluates the expects from {@code head} (the first of consecutive ones: HAProxy
         * evaluates them again from there after each read), reading when one needs more.
         */
        private void expect(int head, int index, boolean read) {
            TcpCheckRule rule = rules.get(index);
            CheckStatus timeout = rule.timeoutStatus() != null ? rule.timeoutStatus() : CheckStatus.L7TOUT;
            context.timeoutResult(new CheckResult(timeout, rule.where()));
            if (read || input.size() == 0 && !closed) {
                receive(head, rule);
                return;
            }
            byte[] data = input.toByteArray();
            boolean last = closed || data.length >= BUFFER;
            if (data.length == 0) {
                CheckStatus status = rule.errorStatus() != null ? rule.errorStatus() : CheckStatus.L7RSP;
                finish(new CheckResult(status, "TCPCHK got an empty response at step " + rule.step()
                        + (rule.comment() != null ? " comment: '" + rule.comment() + "'" : "")));
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
                int next = index + 1;
                if (next < rules.size() && rules.get(next).action().equals("expect")) {
                    expect(head, next, false);
                } else {
                    run(next);
                }
                return;
            }
            CheckStatus status = rule.errorStatus() != null ? rule.errorStatus() : CheckStatus.L7RSP;
            finish(new CheckResult(status, rule.failure(match), status.carriesCode() ? 0 : -1));
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
