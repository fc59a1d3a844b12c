package dev.bascule.core.dns;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.IpNetwork;
import dev.bascule.api.config.ResolversConfig;
import dev.bascule.core.check.CheckTimer;
import dev.bascule.core.check.EventLog;
import dev.bascule.core.check.ExecutorCheckTimer;
import dev.bascule.core.check.ResolutionAdmin;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ProxyRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Keeps the host names of servers that name a {@code resolvers} section resolved, as HAProxy
 * 2.6's {@code resolvers.c} and {@code snr_resolution_cb()} do: one resolution per section, host
 * name and preferred family, shared by the servers that ask for it (a {@code server-template}'s
 * servers share one); a query to every nameserver, the first valid answer kept, the other family asked
 * when the preferred one has no record, {@code resolve_retries} tries {@code timeout retry} apart,
 * and a new resolution {@code timeout resolve} after the last one ended.
 *
 * <p>A valid answer gives each server one of its addresses, a server keeping its own while the
 * answer has it, the others taking the best one no other server of the backend uses (family,
 * {@code resolve-net}, {@code allow-dup-ip}); a server left without one, or whose name fails
 * (NX, refused, timeout, other) for longer than the section's {@code hold}, goes into maintenance
 * until an answer gives it an address again. Everything runs on one control thread.
 */
public final class ServerResolvers implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServerResolvers.class);

    private final CheckTimer timer;
    private final DnsClient client;
    private final EventLog log;
    private final List<Resolution> resolutions = new ArrayList<>();
    private volatile boolean closed;

    /** The statuses of a resolution that is not valid, with HAProxy's reasons for the maintenance. */
    enum Failure {
        NX("DNS NX status"),
        TIMEOUT("DNS timeout status"),
        REFUSED("DNS refused status"),
        OTHER("unspecified DNS error");

        final String reason;

        Failure(String reason) {
            this.reason = reason;
        }
    }

    /** One server that asks for a resolution. */
    private record Requester(BackendRuntime backend, ServerRuntime server, ResolvedBy settings) {
    }

    public ServerResolvers(ProxyRuntime runtime, DnsClient client, EventLog log, CheckTimer timer) {
        this.client = requireNonNull(client, "client");
        this.log = requireNonNull(log, "log");
        this.timer = requireNonNull(timer, "timer");
        Map<String, Resolution> byKey = new LinkedHashMap<>();
        for (BackendRuntime backend : runtime.backends()) {
            for (ServerRuntime server : backend.servers()) {
                ResolvedBy settings = server.resolvedBy();
                if (settings == null) {
                    continue;
                }
                String key = settings.resolvers().name() + "\0" + settings.fqdn().toLowerCase(Locale.ROOT) + "\0"
                        + settings.options().preferIpv6();
                byKey.computeIfAbsent(key, ignored -> new Resolution(settings.resolvers(), settings.fqdn(),
                        settings.options().preferIpv6()))
                        .requesters.add(new Requester(backend, server, settings));
            }
        }
        resolutions.addAll(byKey.values());
    }

    /**
     * Starts resolving every server of {@code runtime} that names a {@code resolvers} section, on
     * a thread of its own with a client from {@code clients}; closing the handle stops both.
     */
    public static AutoCloseable startAll(ProxyRuntime runtime, Supplier<DnsClient> clients, EventLog log) {
        boolean any = runtime.backends().stream().flatMap(backend -> backend.servers().stream())
                .anyMatch(server -> server.resolvedBy() != null);
        if (!any) {
            return () -> { };
        }
        DnsClient client = clients.get();
        ExecutorCheckTimer timer = new ExecutorCheckTimer("bascule-resolvers");
        ServerResolvers resolvers = new ServerResolvers(runtime, client, log, timer);
        resolvers.start();
        return () -> {
            resolvers.close();
            timer.close();
            client.close();
        };
    }

    /** How many resolutions (section, host name, family) run. */
    public int resolutions() {
        return resolutions.size();
    }

    /** Starts the first resolutions at once, as HAProxy's resolvers task at start-up. */
    public void start() {
        timer.execute(() -> resolutions.forEach(resolution -> resolution.run()));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** One host name resolved for its servers; touched only on the control thread. */
    private final class Resolution {
        final ResolversConfig section;
        final String fqdn;
        final boolean preferIpv6;
        final List<Requester> requesters = new ArrayList<>();
        final List<InetSocketAddress> nameservers = new ArrayList<>();
        final List<String> nameserverNames = new ArrayList<>();
        /** The address each server took from an answer, HAProxy's records' {@code attached_servers}. */
        final Map<ServerRuntime, InetAddress> attached = new IdentityHashMap<>();
        /** When each address was last in an answer, for {@code hold obsolete}. */
        final Map<InetAddress, Long> lastSeen = new LinkedHashMap<>();
        /** When the last valid answer came, on the timer's clock (start-up at first, as HAProxy's). */
        long lastValid;
        /** Incremented by each query sent and each end, so that late answers are ignored. */
        long generation;
        /** The tries left, the family asked, and the answers of the current query. */
        int tries;
        boolean ipv6;
        int queries;
        int responses;
        Failure status = Failure.OTHER;

        Resolution(ResolversConfig section, String fqdn, boolean preferIpv6) {
            this.section = section;
            this.fqdn = fqdn;
            this.preferIpv6 = preferIpv6;
            this.lastValid = timer.nowMillis();
            for (ResolversConfig.Nameserver nameserver : section.nameservers()) {
                try {
                    nameservers.add(new InetSocketAddress(InetAddress.getByName(nameserver.host()), nameserver.port()));
                    nameserverNames.add(nameserver.name());
                } catch (UnknownHostException e) {
                    LOG.warn("resolvers '{}': cannot resolve nameserver '{}' ({})", section.name(), nameserver.name(),
                            nameserver.host());
                }
            }
        }

        void run() {
            if (closed) {
                return;
            }
            // HAProxy's resolv_run_resolution(): the preferred family first, one try spent
            tries = Math.max(1, section.resolveRetries()) - 1;
            ipv6 = preferIpv6;
            send();
        }

        void next() {
            if (!closed) {
                timer.schedule(this::run, section.timeoutResolve().toMillis());
            }
        }

        /**
         * HAProxy's resolv_send_query(): the query to every nameserver, and {@code timeout retry}
         * later another try (or the end) unless an answer settled it first.
         */
        void send() {
            long id = ++generation;
            queries = nameservers.size();
            responses = 0;
            long timeout = Math.max(1, section.timeoutRetry().toMillis());
            for (int index = 0; index < nameservers.size(); index++) {
                String updater = section.name() + "/" + nameserverNames.get(index);
                client.query(nameservers.get(index), fqdn, ipv6, section.acceptedPayloadSize(), timeout)
                        .whenComplete((answer, failure) -> {
                            if (answer != null) {
                                timer.execute(() -> answered(id, answer, updater));
                            }
                        });
            }
            timer.schedule(() -> retry(id), timeout);
        }

        /** HAProxy's resolv_process_responses() for one answer. */
        void answered(long id, DnsAnswer answer, String updater) {
            if (id != generation || closed) {
                // an answer to an earlier query: outdated
                return;
            }
            responses++;
            if (answer.rcode() == DnsAnswer.NOERROR && !answer.addresses().isEmpty()) {
                generation++;
                valid(answer.addresses(), updater);
                return;
            }
            status = switch (answer.rcode()) {
                case DnsAnswer.NXDOMAIN -> Failure.NX;
                case DnsAnswer.REFUSED -> Failure.REFUSED;
                default -> Failure.OTHER;
            };
            if (responses < queries) {
                return;
            }
            if (ipv6 != preferIpv6) {
                if (tries == 0) {
                    generation++;
                    finish(status);
                }
                // else: the next try when timeout retry expires
                return;
            }
            // every nameserver gave an error for the preferred family: the other one, no try spent
            ipv6 = !ipv6;
            send();
        }

        /** HAProxy's process_resolvers() once {@code timeout retry} has passed without a settled answer. */
        void retry(long id) {
            if (id != generation || closed) {
                return;
            }
            if (tries == 0) {
                generation++;
                finish(responses == 0 ? Failure.TIMEOUT : status);
                return;
            }
            if (responses == 0 || ipv6 != preferIpv6) {
                ipv6 = preferIpv6;
                tries--;
            } else {
                ipv6 = !ipv6;
            }
            send();
        }

        /** The resolution failed: servers go into maintenance once the section's hold has passed. */
        void finish(Failure failure) {
            long hold = switch (failure) {
                case NX -> section.holdNx().toMillis();
                case TIMEOUT -> section.holdTimeout().toMillis();
                case REFUSED -> section.holdRefused().toMillis();
                case OTHER -> section.holdOther().toMillis();
            };
            if (timer.nowMillis() - lastValid >= hold) {
                for (Requester requester : requesters) {
                    attached.remove(requester.server());
                    ResolutionAdmin.enter(requester.backend(), requester.server(), fqdn, requester.settings().port(),
                            failure.reason, log);
                }
            }
            next();
        }

        /** A valid answer: each server keeps or takes an address, as {@code resolv_get_ip_from_response()}. */
        void valid(List<InetAddress> addresses, String updater) {
            long now = timer.nowMillis();
            lastValid = now;
            for (InetAddress address : addresses) {
                lastSeen.put(plain(address), now);
            }
            long obsolete = section.holdObsolete().toMillis();
            lastSeen.values().removeIf(seen -> now - seen > obsolete);
            List<InetAddress> records = new ArrayList<>(lastSeen.keySet());
            attached.values().removeIf(address -> !lastSeen.containsKey(address));
            boolean first = true;
            for (Requester requester : requesters) {
                ServerRuntime server = requester.server();
                InetAddress chosen = attached.get(server);
                if (chosen == null) {
                    chosen = best(requester, records);
                    if (chosen != null) {
                        attached.put(server, chosen);
                        InetSocketAddress current = server.address();
                        if (current.isUnresolved() || !plain(current.getAddress()).equals(chosen)) {
                            ResolutionAdmin.changeAddress(requester.backend(), server, chosen, fqdn,
                                    requester.settings().port(), first ? updater : "DNS cache", log);
                        }
                    }
                }
                if (chosen == null) {
                    ResolutionAdmin.enter(requester.backend(), server, fqdn, requester.settings().port(),
                            "No IP for server ", log);
                } else {
                    ResolutionAdmin.leave(requester.backend(), server, fqdn, log);
                }
                first = false;
            }
            next();
        }

        /** The best address for a server, HAProxy's scores: family 8, resolve-net 4, unused 2, its own 1. */
        InetAddress best(Requester requester, List<InetAddress> records) {
            ServerRuntime server = requester.server();
            InetSocketAddress current = server.address();
            InetAddress own = current.isUnresolved() ? null : plain(current.getAddress());
            InetAddress best = null;
            int max = -1;
            for (InetAddress record : records) {
                boolean v6 = !(record instanceof Inet4Address);
                int score = v6 == requester.settings().options().preferIpv6() ? 8 : 0;
                for (IpNetwork network : requester.settings().options().networks()) {
                    if (network.contains(record)) {
                        score += 4;
                        break;
                    }
                }
                if (usedByAnother(requester, record)) {
                    if (!requester.settings().options().allowDupIp()) {
                        continue;
                    }
                } else {
                    score += 2;
                }
                if (record.equals(own)) {
                    score++;
                }
                if (score > max) {
                    max = score;
                    best = record;
                }
            }
            return best;
        }

        boolean usedByAnother(Requester requester, InetAddress record) {
            for (Map.Entry<ServerRuntime, InetAddress> entry : attached.entrySet()) {
                if (entry.getKey() != requester.server() && entry.getValue().equals(record)
                        && entry.getKey().backendName().equals(requester.server().backendName())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The address without its host name, so that equal addresses compare equal. */
    private static InetAddress plain(InetAddress address) {
        try {
            return InetAddress.getByAddress(address.getAddress());
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
