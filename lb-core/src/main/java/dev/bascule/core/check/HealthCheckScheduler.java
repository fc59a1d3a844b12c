package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheck;
import dev.bascule.api.check.ProbeClient;
import dev.bascule.api.check.ProbeConnection;
import dev.bascule.api.check.ProbeContext;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerAgentState;
import dev.bascule.core.runtime.ServerControl;
import dev.bascule.core.runtime.ServerEndpoint;
import dev.bascule.core.runtime.ServerRuntime;
import dev.bascule.core.stats.StatsReport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;

/**
 * Runs every checked server's health check on the control plane, as HAProxy does: the first
 * checks spread over the smallest interval, then one probe at a time per server, the next one
 * {@link ServerHealth#interval()} after the previous one ended. A probe that has not answered
 * within its time is a timeout ({@code L4TOUT} before the connection opened, {@code L7TOUT}
 * after). A transition updates the server, rebuilds its backend's picker and is reported in
 * HAProxy's words. Nothing here runs on an event loop, and nothing blocks.
 */
public final class HealthCheckScheduler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthCheckScheduler.class);

    private final CheckTimer timer;
    private final ProbeClient client;
    private final EventLog log;
    private final List<Checked> checked = new ArrayList<>();
    private final List<AgentCheck> agents = new ArrayList<>();
    /** Every check and agent in HAProxy's order (a server's check, then its agent), for the first spread. */
    private final List<First> firsts = new ArrayList<>();
    /** {@code spread-checks}: each next probe comes inter ± up to this percentage of it. */
    private final int spreadChecks;
    /** What {@code http-check send-state} says for {@code node}: the global section's, else the host name. */
    private final String node;
    /** A draw in [0, 1] for the spread (HAProxy's {@code ha_random32() / 4294967295.0}). */
    private final DoubleSupplier random;
    private volatile boolean closed;

    public HealthCheckScheduler(ProxyRuntime runtime, ProbeClient client, EventLog log, CheckTimer timer) {
        this(runtime, client, log, timer, runtime.global().process().spreadChecks(), new SplittableRandom()::nextDouble);
    }

    HealthCheckScheduler(ProxyRuntime runtime, ProbeClient client, EventLog log, CheckTimer timer, int spreadChecks,
                         DoubleSupplier random) {
        this.spreadChecks = spreadChecks;
        this.node = runtime.global().process().node().orElseGet(StatsReport::hostName);
        this.random = requireNonNull(random, "random");
        this.timer = requireNonNull(timer, "timer");
        this.client = requireNonNull(client, "client");
        this.log = requireNonNull(log, "log");
        for (BackendRuntime backend : runtime.backends()) {
            HealthCheck check = backend.healthCheck();
            Map<ServerRuntime, Checked> byServer = new IdentityHashMap<>();
            for (ServerRuntime server : backend.servers()) {
                Checked one = null;
                if (check != null && server.check().enabled()) {
                    one = new Checked(backend, server, check);
                    checked.add(one);
                    byServer.put(server, one);
                    Checked first = one;
                    firsts.add(new First(() -> first.health.interval().toMillis(), first::scheduleIn));
                }
                ServerAgentState agentState = server.agent();
                if (agentState != null) {
                    AgentCheck agent = new AgentCheck(backend, server, agentState, one == null ? null : one.health,
                            client, timer, log, () -> closed, this::nextDelay);
                    agents.add(agent);
                    firsts.add(new First(agent::interval, agent::scheduleIn));
                }
            }
            backend.control(new Control(backend, byServer));
        }
    }

    /**
     * {@code disable|enable server} on one backend, carried out on the control thread, where the
     * checks' state lives. Until a queued maintenance or drain change is made, the state it leads
     * to is kept here, so that the next caller reads it ({@code disable} after {@code maint} on the
     * stats page changes nothing, as in HAProxy).
     */
    private final class Control implements ServerControl {
        private final BackendRuntime backend;
        private final Map<ServerRuntime, Checked> checked;
        private final Map<ServerRuntime, Pending> maintenance = new ConcurrentHashMap<>();
        private final Map<ServerRuntime, Pending> drain = new ConcurrentHashMap<>();

        Control(BackendRuntime backend, Map<ServerRuntime, Checked> checked) {
            this.backend = backend;
            this.checked = checked;
        }

        @Override
        public void disable(ServerRuntime server) {
            queue(maintenance, server, true, () -> ServerAdmin.disable(backend, server, log, health(server)));
        }

        @Override
        public void enable(ServerRuntime server) {
            // as HAProxy, the next probe stays when it was due (after downinter for a server that was DOWN)
            queue(maintenance, server, false, () -> ServerAdmin.enable(backend, server, log, health(server),
                    () -> Warmup.begin(backend, server, timer, () -> closed)));
        }

        @Override
        public void drain(ServerRuntime server) {
            queue(drain, server, true, () -> ServerAdmin.drain(backend, server, log));
        }

        @Override
        public void undrain(ServerRuntime server) {
            queue(drain, server, false, () -> ServerAdmin.undrain(backend, server, log));
        }

        @Override
        public void weight(ServerRuntime server, int weight) {
            timer.execute(() -> ServerAdmin.weight(backend, server, weight, timer.nowMillis(), log));
        }

        @Override
        public void health(ServerRuntime server, ServerControl.Forced state) {
            timer.execute(() -> ForcedStates.health(backend, server, health(server), state, log,
                    () -> Warmup.begin(backend, server, timer, () -> closed)));
        }

        @Override
        public void agent(ServerRuntime server, boolean up) {
            timer.execute(() -> ForcedStates.agent(backend, server, up, log,
                    () -> Warmup.begin(backend, server, timer, () -> closed)));
        }

        @Override
        public CompletionStage<Void> settled() {
            // the control thread runs its tasks in order: this one runs after every change queued before it
            CompletableFuture<Void> done = new CompletableFuture<>();
            timer.execute(() -> done.complete(null));
            if (closed) {
                // a closed timer drops its tasks: nothing is left to wait for
                done.complete(null);
            }
            return done;
        }

        @Override
        public boolean inMaintenance(ServerRuntime server) {
            Pending pending = maintenance.get(server);
            return pending != null ? pending.state : server.maintenance();
        }

        @Override
        public boolean draining(ServerRuntime server) {
            Pending pending = drain.get(server);
            return pending != null ? pending.state : server.drain();
        }

        private @Nullable ServerHealth health(ServerRuntime server) {
            Checked one = checked.get(server);
            return one == null ? null : one.health;
        }

        /** Records the state {@code change} leads to until it is made (or dropped, once the thread is closed). */
        private void queue(Map<ServerRuntime, Pending> pendings, ServerRuntime server, boolean state, Runnable change) {
            Pending pending = new Pending(state);
            pendings.put(server, pending);
            try {
                timer.execute(() -> {
                    try {
                        change.run();
                    } finally {
                        pendings.remove(server, pending);
                    }
                });
            } catch (RuntimeException e) {
                pendings.remove(server, pending);
                throw e;
            }
        }
    }

    /** A queued change's outcome; compared by identity, so that only its own change removes it. */
    private static final class Pending {
        final boolean state;

        Pending(boolean state) {
            this.state = state;
        }
    }

    /**
     * Starts checking every server of {@code runtime} that has {@code check}, on a thread of its
     * own; closing the handle stops the checks and the thread.
     */
    public static AutoCloseable startAll(ProxyRuntime runtime, ProbeClient client, EventLog log) {
        ExecutorCheckTimer timer = new ExecutorCheckTimer();
        HealthCheckScheduler scheduler = new HealthCheckScheduler(runtime, client, log, timer);
        if (scheduler.checkedServers() == 0 && runtime.backends().isEmpty()) {
            timer.close();
            return () -> { };
        }
        // without any check too: the thread carries out the backends' admin changes (ServerControl)
        scheduler.start();
        return () -> {
            scheduler.close();
            timer.close();
        };
    }

    /**
     * The delay until the next probe, HAProxy's {@code process_chk()}: the interval, randomised by
     * up to {@code spread-checks} percent of it either way.
     */
    long nextDelay(long interval) {
        if (spreadChecks == 0) {
            return interval;
        }
        long spread = interval * spreadChecks / 100;
        spread -= (long) (2 * spread * random.getAsDouble());
        return interval + spread;
    }

    /** Servers that have {@code check}. */
    public int checkedServers() {
        return checked.size();
    }

    /** Agents (servers with {@code agent-check}). */
    public int agentChecks() {
        return agents.size();
    }

    /** A check's or an agent's first probe: its interval and how to schedule it. */
    private record First(java.util.function.LongSupplier interval, java.util.function.LongConsumer scheduleIn) {
    }

    /** Schedules the first checks and agents, spread over the smallest interval ({@code start_checks()}). */
    public void start() {
        timer.execute(() -> {
            long smallest = Long.MAX_VALUE;
            for (First first : firsts) {
                smallest = Math.min(smallest, first.interval.getAsLong());
            }
            for (int position = 0; position < firsts.size(); position++) {
                First first = firsts.get(position);
                // HAProxy's start_check_task(): the larger of the smallest interval and the check's own
                long spread = Math.max(smallest, first.interval.getAsLong());
                first.scheduleIn.accept(spread * position / firsts.size());
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        timer.execute(() -> {
            checked.forEach(Checked::cancel);
            agents.forEach(AgentCheck::cancel);
        });
    }

    /** One checked server; touched only on the control thread. */
    private final class Checked {
        final BackendRuntime backend;
        final ServerRuntime server;
        final HealthCheck check;
        final ServerHealth health;
        final CheckTarget target;
        /** The probe waiting, null while one runs. */
        CheckTimer.Cancellable next;
        /** When {@link #next} runs, on the timer's clock. */
        long nextDue;
        CheckTimer.Cancellable deadline;
        /** The previous probe's status, null before the first one (HAProxy's {@code HCHK_STATUS_INI}). */
        CheckStatus previousStatus;
        /** Identifies the probe in flight: a late answer to an older probe is ignored. */
        long probe;
        Context current;

        Checked(BackendRuntime backend, ServerRuntime server, HealthCheck check) {
            this.backend = backend;
            this.server = server;
            this.check = check;
            this.health = new ServerHealth(server.check());
            if (server.maintenance()) {
                // 'disabled': the checks start paused, as after 'disable server'
                health.pause();
            } else if (!server.resolutionMaintenance()) {
                // as the server state file may have left it
                health.restore(server.checkHealth(), server.isUp());
            }
            this.target = probeTarget(server.checkAddress());
            // observe: the errors of real traffic come to this check, on the control thread
            server.observer().onErrorLimit(info -> timer.execute(() -> analyze(info)));
        }

        /**
         * The probe's target ({@link HealthCheckScheduler#target}), with its state ({@code http-check send-state},
         * read when the request is written) and its backend's name.
         */
        CheckTarget probeTarget(InetSocketAddress address) {
            return target(server, address).withServer(() -> ServerStateHeader.of(server, backend,
                    health.health(), node, server.warmupPercent(timer.nowMillis())), backend.name());
        }

        void scheduleIn(long delayMillis) {
            if (!closed) {
                nextDue = timer.nowMillis() + delayMillis;
                next = timer.schedule(this::runGuarded, delayMillis);
            }
        }

        /** A check that throws must not end this server's checks: it counts as a failure. */
        void runGuarded() {
            try {
                run();
            } catch (RuntimeException e) {
                LOG.error("health check of {} failed unexpectedly", server.qualifiedName(), e);
                scheduleIn(nextDelay(health.interval().toMillis()));
            }
        }

        void cancel() {
            if (next != null) {
                next.cancel();
            }
            if (deadline != null) {
                deadline.cancel();
            }
        }

        void run() {
            next = null;
            if (closed) {
                return;
            }
            if (server.inMaintenance() || !server.healthChecksEnabled()) {
                // HAProxy's CHK_ST_PAUSED (maintenance) or no CHK_ST_ENABLED (disable health): no probe,
                // the task waking every inter
                scheduleIn(server.check().inter().toMillis());
                return;
            }
            long id = ++probe;
            long started = timer.nowMillis();
            long inter = server.check().inter().toMillis();
            long checkTimeout = backend.checkTimeoutMillis();
            long connectTimeout = checkTimeout > 0 && backend.connectTimeoutMillis() > 0
                    ? Math.min(backend.connectTimeoutMillis(), inter) : inter;
            long total = checkTimeout > 0 ? connectTimeout + checkTimeout : inter;
            Context context = new Context(Duration.ofMillis(connectTimeout));
            current = context;
            deadline = timer.schedule(() -> finish(id, started, context.resultOrTimeout()), total);
            CompletionStage<CheckResult> stage;
            try {
                // name resolution may have moved the server since the last probe
                stage = check.check(server.hasAddress() && target.address() != server.checkAddress()
                        ? probeTarget(server.checkAddress()) : target, context);
            } catch (RuntimeException e) {
                finish(id, started, failure(e));
                return;
            }
            stage.whenComplete((result, failure) -> {
                if (failure != null && unwrap(failure) instanceof CancellationException) {
                    // the transport is stopping: not the server's fault
                    return;
                }
                CheckResult outcome = failure == null ? result : failure(failure);
                // known before the deadline runs, it wins: HAProxy records it as the I/O completes
                context.completed(outcome);
                timer.execute(() -> finish(id, started, outcome));
            });
        }

        void finish(long id, long started, CheckResult result) {
            if (id != probe || closed) {
                return;
            }
            probe++;
            if (server.inMaintenance()) {
                // disabled while the probe ran: its result no longer counts
                if (current != null) {
                    current.closeConnections();
                    current = null;
                }
                if (deadline != null) {
                    deadline.cancel();
                    deadline = null;
                }
                scheduleIn(server.check().inter().toMillis());
                return;
            }
            if (current != null) {
                current.closeConnections();
                current = null;
            }
            if (deadline != null) {
                deadline.cancel();
                deadline = null;
            }
            long duration = timer.nowMillis() - started;
            if (backend.disableOn404() && server.isUp() && result.code() == 404) {
                // http-check disable-on-404: a 404 from a server not DOWN passes, conditionally (HAProxy's L7OKCD)
                result = new CheckResult(CheckStatus.L7OKC, "", 404);
            }
            report(result, duration);
            scheduleIn(nextDelay(health.interval().toMillis()));
        }

        /**
         * A result, a probe's or one made of traffic errors ({@code duration} -1): counted, logged,
         * and a transition carried out ({@code set_server_check_status()}, {@code check_notify_*}).
         */
        void report(CheckResult result, long duration) {
            int before = health.health();
            ServerHealth.Transition transition = health.record(result.status().passed());
            server.recordCheck(result, duration, health.health(), !result.status().passed() && before > 0);
            boolean logChecks = backend.logHealthChecks();
            if (logChecks && (result.status() != previousStatus || health.health() != before)) {
                // set_server_check_status(): a new status, or a result that moved the counter
                String message = TransitionMessages.checkResult(server, server.check(), result, duration,
                        health.health());
                log.warning(message);
                backend.log().send(ProxyLog.NOTICE, message);
            }
            previousStatus = result.status();
            if (result.status().passed()) {
                server.observer().checkPassed();
            }
            // with option log-health-checks, the transition's own line leaves the check's status out
            CheckResult reported = logChecks ? null : result;
            if (transition == ServerHealth.Transition.WENT_DOWN) {
                if (server.isUp()) {
                    // not when the agent already took it DOWN (srv_set_stopped() on a stopped server)
                    ServerTransitions.down(backend, server, reported, duration, log);
                }
            } else if (transition == ServerHealth.Transition.WENT_UP) {
                ServerAgentState agent = server.agent();
                if (agent == null || agent.allowsUp()) {
                    // check_notify_success(): the agent too must agree
                    ServerTransitions.up(backend, server, reported, duration, log, timer, () -> closed);
                }
            } else if (health.isUp() && server.isUp() && !server.inMaintenance()) {
                Stopping.notify(backend, server, result, reported, duration, log, timer, () -> closed);
            }
        }

        /**
         * {@code error-limit} consecutive traffic errors ({@code observe}), HAProxy's
         * {@code __health_adjust()}: {@code on-error} decides what they do to the check, then the next
         * probe comes within {@code fastinter} when it is set.
         */
        void analyze(String info) {
            if (closed || server.inMaintenance()) {
                return;
            }
            CheckResult result = new CheckResult(CheckStatus.HANA, info);
            switch (server.reactions().onError()) {
                case FASTINTER -> {
                    // every mode brings the next probe forward, below
                }
                case SUDDEN_DEATH -> {
                    health.suddenDeath();
                    report(result, -1);
                }
                case FAIL_CHECK -> report(result, -1);
                case MARK_DOWN -> {
                    health.lastChance();
                    report(result, -1);
                }
            }
            server.counters().failedHana();
            server.check().fastInter().ifPresent(fastInter -> {
                long due = timer.nowMillis() + fastInter.toMillis();
                if (next != null && due < nextDue) {
                    // no probe running: the one waiting comes sooner
                    next.cancel();
                    scheduleIn(fastInter.toMillis());
                }
            });
        }

        private CheckResult failure(Throwable failure) {
            Throwable cause = unwrap(failure);
            String message = cause.getMessage();
            return new CheckResult(CheckStatus.L4CON, message == null ? cause.getClass().getSimpleName() : message);
        }
    }

    /**
     * What a probe of {@code server} reaches: its UNIX socket unless the check has its own
     * {@code addr}/{@code port}, encrypted as HAProxy's {@code init_srv_check()} decides.
     */
    static CheckTarget target(ServerRuntime server, InetSocketAddress address) {
        ServerEndpoint endpoint = server.endpoint();
        boolean own = server.check().address().isEmpty() && server.check().port().isEmpty();
        // init_srv_check(): a PROXY header with check-send-proxy, or the traffic's on the server's own address
        boolean proxyHeader = server.check().sendProxy() || own && server.sendProxy() != ProxyProtocol.NONE;
        return new CheckTarget(server.name(), address,
                own ? Optional.ofNullable(endpoint.unixPath()) : Optional.empty(), endpoint.tls(),
                endpoint.tls().checksEncrypted(server.check()), null, "", proxyHeader,
                server.sendProxy() == ProxyProtocol.V2 ? ProxyProtocol.V2 : ProxyProtocol.V1);
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /**
     * What a check gets for one probe: the client, watched to tell a layer-4 from a layer-7
     * timeout and to close what the check left open once the probe is over.
     */
    private final class Context implements ProbeContext, ProbeClient {
        private final Duration timeout;
        final AtomicBoolean connected = new AtomicBoolean();
        private final List<ProbeConnection> connections = new CopyOnWriteArrayList<>();
        private volatile boolean over;
        /** What the check asked to report on a timeout, null for the default. */
        private volatile CheckResult onTimeout;

        Context(Duration timeout) {
            this.timeout = timeout;
        }

        /** The probe's own result, set as its stage completes, on any thread. */
        private volatile CheckResult completed;

        void completed(CheckResult result) {
            completed = result;
        }

        /** What the deadline reports: the probe's result if it came in time, else the timeout. */
        CheckResult resultOrTimeout() {
            CheckResult result = completed;
            return result != null ? result : timedOut();
        }

        CheckResult timedOut() {
            CheckResult result = onTimeout;
            if (result != null) {
                return result;
            }
            return new CheckResult(connected.get() ? CheckStatus.L7TOUT : CheckStatus.L4TOUT, "");
        }

        @Override
        public void timeoutResult(CheckResult result) {
            if (!over) {
                onTimeout = requireNonNull(result, "result");
            }
        }

        void closeConnections() {
            over = true;
            connections.forEach(ProbeConnection::close);
        }

        @Override
        public ProbeClient client() {
            return this;
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        @Override
        public CompletionStage<ProbeConnection> connect(InetSocketAddress address, Duration connectTimeout) {
            return opened(client.connect(address, connectTimeout));
        }

        @Override
        public CompletionStage<ProbeConnection> connect(CheckTarget probed, Duration connectTimeout) {
            return opened(client.connect(probed, connectTimeout));
        }

        private CompletionStage<ProbeConnection> opened(CompletionStage<ProbeConnection> stage) {
            return stage.thenApply(connection -> {
                connected.set(true);
                connections.add(connection);
                if (over) {
                    connection.close();
                }
                return connection;
            });
        }
    }
}
