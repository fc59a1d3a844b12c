package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.check.CheckResult;
import dev.bascule.api.config.ServerAgent;

import java.net.InetSocketAddress;

/**
 * The agent check of one server, as the statistics and {@code show servers state} read it:
 * HAProxy's {@code srv->agent}. Written by the health-check scheduler (control plane) only.
 */
public final class ServerAgentState {
    private final ServerAgent settings;
    /** Where the agent listens; its port 0 while the server's address is followed. */
    private final InetSocketAddress address;
    private volatile int health = ServerAgent.RISE;
    private volatile @Nullable Report last;
    private volatile boolean inProgress;
    /** {@code disable agent} clears HAProxy's {@code CHK_ST_ENABLED}: the agent is not asked meanwhile. */
    private volatile boolean enabled = true;
    /** {@code set server ... agent-send}: the string sent, null for the configured one. */
    private volatile @Nullable String send;

    /**
     * The last agent answer.
     *
     * @param result         its status and description; null for HAProxy's {@code CHECKED} (no
     *                       status change: a weight alone, an admin word alone)
     * @param detail         the description when {@code result} is null
     * @param durationMillis how long it took
     */
    public record Report(@Nullable CheckResult result, String detail, long durationMillis) {
        public Report {
            requireNonNull(detail, "detail");
        }

        /** HAProxy's status name ({@code CHECKED}, {@code L7OK}...). */
        public String statusName() {
            return result == null ? "CHECKED" : result.status().name();
        }

        /** HAProxy's status description ({@code No status change}...). */
        public String description() {
            return result == null ? "No status change" : result.status().description();
        }

        /** The agent's words ({@code via agent : down}...). */
        public String info() {
            return result == null ? detail : result.detail();
        }
    }

    public ServerAgentState(ServerAgent settings, InetSocketAddress address) {
        this.settings = requireNonNull(settings, "settings");
        this.address = requireNonNull(address, "address");
    }

    public ServerAgent settings() {
        return settings;
    }

    /** Where the agent listens. */
    public InetSocketAddress address() {
        return address;
    }

    /** HAProxy's {@code agent.health}: 0 (DOWN) or 1 (UP), {@code rise} and {@code fall} being 1. */
    public int health() {
        return health;
    }

    public void health(int health) {
        this.health = health;
    }

    /** Whether the agent lets the server be UP ({@code agent.health >= agent.rise}). */
    public boolean allowsUp() {
        return health >= ServerAgent.RISE;
    }

    public @Nullable Report last() {
        return last;
    }

    public void last(Report report) {
        this.last = requireNonNull(report, "report");
    }

    /** A probe in flight ({@code CHK_ST_INPROGRESS}: a {@code * } before the status on the statistics page). */
    public boolean inProgress() {
        return inProgress;
    }

    public void inProgress(boolean inProgress) {
        this.inProgress = inProgress;
    }

    /** HAProxy's {@code srv_agent_state}: {@code CHK_ST_CONFIGURED|CHK_ST_ENABLED|CHK_ST_AGENT}, and in progress. */
    public int stateFlags() {
        return 0x02 | (enabled ? 0x04 : 0) | 0x10 | (inProgress ? 0x01 : 0);
    }

    /** Whether the agent is asked ({@code enable agent}, {@code disable agent}). */
    public boolean enabled() {
        return enabled;
    }

    public void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    /** The string sent to the agent: {@code set server ... agent-send}'s, else {@code agent-send}'s. */
    public String send() {
        String replaced = send;
        return replaced != null ? replaced : settings.send();
    }

    public void send(String send) {
        this.send = requireNonNull(send, "send");
    }
}
