package dev.bascule.core.runtime;

import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerResolution;
import dev.bascule.api.loader.Diagnostic;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/**
 * A server's address at start-up, as HAProxy 2.6's {@code srv_iterate_initaddr()} finds it: the
 * {@code init-addr} methods in order, {@code last} (no state file: skipped), {@code libc} (the
 * system's resolver), {@code none} (no address: the server starts in maintenance by resolution)
 * or an IP literal, with HAProxy's warnings and alerts.
 */
public final class InitialAddresses {
    /** HAProxy's last word when a server has no address: the process stops there. */
    public static final String FAILED = "Failed to initialize server(s) addr.";
    /** Marks this class's alerts among the compiler's. */
    private static final String COULD_NOT = " : could not resolve address '";
    private static final String NO_METHOD = " : no method found to resolve address '";

    private InitialAddresses() {
    }

    /** Whether an alert of this class is among {@code diagnostics}. */
    static boolean failed(List<Diagnostic> diagnostics) {
        return diagnostics.stream().anyMatch(diagnostic -> diagnostic.severity() == Diagnostic.Severity.ALERT
                && diagnostic.location().isEmpty() && diagnostic.message().startsWith("[")
                && (diagnostic.message().contains(COULD_NOT) || diagnostic.message().contains(NO_METHOD)));
    }

    /**
     * HAProxy prints these after the parsing, with the server's place but without "parsing":
     * {@code [file:line] : 'server b/s1' : ...}.
     */
    private static String placed(ServerConfig server, String message) {
        return "[" + server.location() + "] : " + message;
    }

    /**
     * The address of {@code server}: resolved, unresolved for {@code none}, or null after an
     * alert. {@code what} names it in messages ({@code 'server b/s1'}).
     */
    static InetSocketAddress of(ServerConfig server, String what, List<Diagnostic> diagnostics) {
        String host = server.address().host();
        int port = server.address().port();
        if (server.address().unixPath().isPresent()) {
            // a UNIX socket: the placeholder HAProxy shows for one, never resolved
            return InetSocketAddress.createUnresolved(host, 0);
        }
        if (isLiteral(host)) {
            return resolve(host, port);
        }
        boolean failed = false;
        for (ServerResolution.InitAddr method : server.resolution().initAddr()) {
            switch (method) {
                case LAST -> {
                    // no server-state-file: HAProxy goes on with the next method
                }
                case LIBC -> {
                    InetSocketAddress resolved = resolve(host, port);
                    if (resolved != null) {
                        return resolved;
                    }
                    failed = true;
                }
                case NONE -> {
                    if (failed) {
                        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Optional.empty(), placed(server,
                                what + COULD_NOT + host + "', disabling server.")));
                    }
                    return InetSocketAddress.createUnresolved(host, port);
                }
                case IP -> {
                    if (failed) {
                        diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, Optional.empty(), placed(server,
                                what + COULD_NOT + host + "', falling back to configured address.")));
                    }
                    String ip = server.resolution().initIp().orElseThrow();
                    InetSocketAddress literal = resolve(ip, port);
                    try {
                        // keeps the host name, which the runtime API shows as the server's fqdn
                        return new InetSocketAddress(InetAddress.getByAddress(host,
                                literal.getAddress().getAddress()), port);
                    } catch (UnknownHostException e) {
                        throw new AssertionError(e);
                    }
                }
                default -> throw new IllegalStateException("unexpected method " + method);
            }
        }
        diagnostics.add(new Diagnostic(Diagnostic.Severity.ALERT, Optional.empty(), placed(server,
                what + (failed ? COULD_NOT : NO_METHOD) + host + "'.")));
        return null;
    }

    private static InetSocketAddress resolve(String host, int port) {
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** An IPv4 or IPv6 literal, which no method resolves. */
    static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0 || !host.isEmpty() && host.chars().allMatch(c -> c == '.' || c >= '0' && c <= '9');
    }
}
