package dev.bascule.api.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The logging settings of the {@code global} section.
 *
 * @param targets  {@code log} lines, which {@code log global} in a proxy refers to
 * @param tag      {@code log-tag}: the syslog tag; empty means the program name ({@code haproxy})
 * @param hostname {@code log-send-hostname}: the host name put in syslog headers; empty: none
 */
public record GlobalLogConfig(List<LogTarget> targets, Optional<String> tag, Optional<String> hostname) {
    public GlobalLogConfig {
        targets = List.copyOf(targets);
        requireNonNull(tag, "tag");
        requireNonNull(hostname, "hostname");
    }

    /** No logging settings. */
    public static GlobalLogConfig none() {
        return new GlobalLogConfig(List.of(), Optional.empty(), Optional.empty());
    }
}
