package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.BackendOption;
import dev.bascule.api.config.FrontendOption;

/**
 * {@code option} flags of HAProxy's {@code cfg_opts}/{@code cfg_opts2} tables that this class
 * serves: {@code allbackups}, {@code persist}, {@code prefer-last-server}, {@code http-use-proxy-header}, {@code socket-stats}
 * (a row per listener on the statistics page), and
 * {@code splice-auto|splice-request|splice-response}, which
 * Bascule accepts with a warning. A table option takes no argument (which makes its
 * {@code default} form fail, as in HAProxy 2.6) and is ignored with a warning in a section
 * without the capability it needs; {@code no} turns it off.
 */
final class ProxyFlagOptions {
    private ProxyFlagOptions() {
    }

    /** Parses the option; false when it is not one of this class's. */
    static boolean parse(ProxyLine line, String modifier) {
        String option = line.word(1);
        switch (option) {
            case "allbackups" -> {
                if (accepted(line, false, true)) {
                    line.section.allBackups = modifier.isEmpty();
                }
                return true;
            }
            case "persist", "prefer-last-server" -> {
                if (accepted(line, false, true)) {
                    BackendOption flag = option.equals("persist") ? BackendOption.PERSIST
                            : BackendOption.PREFER_LAST_SERVER;
                    if (modifier.isEmpty()) {
                        line.section.backendOptions.add(flag);
                    } else {
                        line.section.backendOptions.remove(flag);
                    }
                }
                return true;
            }
            case "http-use-proxy-header", "socket-stats" -> {
                if (accepted(line, true, false)) {
                    FrontendOption flag = option.equals("socket-stats") ? FrontendOption.SOCKET_STATS
                            : FrontendOption.HTTP_USE_PROXY_HEADER;
                    if (modifier.isEmpty()) {
                        line.section.frontendOptions.add(flag);
                    } else {
                        line.section.frontendOptions.remove(flag);
                    }
                }
                return true;
            }
            case "splice-auto", "splice-request", "splice-response" -> {
                if (accepted(line, true, true) && modifier.isEmpty()) {
                    line.warning("'option " + option + "' : Bascule does not splice (no kernel pipe between the"
                            + " sockets); data is copied through the JVM instead.");
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** {@code alertif_too_many_args_idx(0, 1)} then {@code warnifnotcap()}: whether the option applies. */
    private static boolean accepted(ProxyLine line, boolean frontend, boolean backend) {
        String option = line.word(1);
        if (!line.word(2).isEmpty()) {
            line.alert("'option " + option + "' cannot handle unexpected argument '" + line.word(2) + "'.");
            return false;
        }
        ProxySection section = line.section;
        if (!(frontend && section.hasFrontend() || backend && section.hasBackend())) {
            line.warning("'" + option + "' ignored because " + section.describe() + " has no "
                    + (backend ? "backend" : "frontend") + " capability.");
            return false;
        }
        return true;
    }
}
