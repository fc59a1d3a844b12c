package dev.bascule.core.check;

import dev.bascule.api.sample.Sample;
import dev.bascule.core.log.ProxyLog;
import dev.bascule.core.runtime.BackendRuntime;
import dev.bascule.core.runtime.ServerRuntime;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * What name resolution does to a server, as HAProxy 2.6's {@code srv_update_addr()} and
 * {@code snr_update_srv_status()} do it: a new address, maintenance by resolution
 * ({@code SRV_ADMF_RMAINT}) and leaving it, each reported on stderr and to the backend's log
 * targets in HAProxy's words. Runs on the resolvers' thread.
 */
public final class ResolutionAdmin {
    private ResolutionAdmin() {
    }

    /**
     * The server's address becomes {@code ip}: {@code b/s changed its IP from X to Y by UPDATER.}
     * ({@code UPDATER}: {@code resolvers/nameserver}, or {@code DNS cache} for the servers served
     * by an answer another one asked for).
     */
    public static void changeAddress(BackendRuntime backend, ServerRuntime server, InetAddress ip, String fqdn,
                                     int port, String updater, EventLog log) {
        InetSocketAddress current = server.address();
        String old = current.isUnresolved() ? "(none)" : text(current.getAddress());
        InetSocketAddress next;
        try {
            next = new InetSocketAddress(InetAddress.getByAddress(fqdn, ip.getAddress()), port);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
        server.address(next);
        String message = server.qualifiedName() + " changed its IP from " + old + " to " + text(ip) + " by "
                + updater + ".";
        log.warning(message);
        backend.log().send(ProxyLog.NOTICE, message);
    }

    /** An address as HAProxy writes it ({@code inet_ntop()}: {@code ::1}, not {@code 0:0:0:0:0:0:0:1}). */
    private static String text(InetAddress address) {
        return Sample.appendAddress(new StringBuilder(), address).toString();
    }

    /**
     * Enters maintenance by resolution for {@code reason} ({@code No IP for server }, {@code DNS NX
     * status}...); the server loses its address. Nothing when already there.
     */
    public static void enter(BackendRuntime backend, ServerRuntime server, String fqdn, int port, String reason,
                             EventLog log) {
        if (server.resolutionMaintenance()) {
            return;
        }
        boolean wasUsable = server.usable();
        server.setResolutionMaintenance(true);
        server.address(InetSocketAddress.createUnresolved(fqdn, port));
        // as for forced maintenance, HAProxy zeroes the check's counter
        server.checkHealth(0);
        if (server.maintenance()) {
            // already in forced maintenance: HAProxy reports nothing more
            return;
        }
        if (!server.isUp()) {
            String message = (server.backup() ? "Backup Server " : "Server ") + server.qualifiedName()
                    + " was DOWN and now enters maintenance (" + reason + ").";
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
            return;
        }
        server.setUp(false);
        backend.rebuildPicker();
        String message = TransitionMessages.resolutionMaintenance(backend, server, reason);
        log.warning(message);
        backend.log().send(ProxyLog.ALERT, message);
        if (wasUsable && backend.activeUsable() == 0 && backend.backupUsable() == 0) {
            ServerAdmin.backendDown(backend, log);
        }
    }

    /**
     * Leaves maintenance by resolution after a valid answer gave the server an address: UP at
     * once (its checks resume from {@code rise}), unless it is in forced maintenance too.
     */
    public static void leave(BackendRuntime backend, ServerRuntime server, String fqdn, EventLog log) {
        if (!server.resolutionMaintenance()) {
            return;
        }
        server.setResolutionMaintenance(false);
        if (!server.maintenance()) {
            if (server.check().enabled()) {
                server.checkHealth(server.check().rise());
            }
            server.setUp(true);
            backend.rebuildPicker();
            String message = TransitionMessages.resolvesAgain(server, fqdn);
            log.warning(message);
            backend.log().send(ProxyLog.NOTICE, message);
        }
        String message = "Server " + server.qualifiedName() + " administratively READY thanks to valid DNS answer.";
        log.warning(message);
        backend.log().send(ProxyLog.NOTICE, message);
    }
}
