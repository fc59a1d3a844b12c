package dev.bascule.config.haproxy.internal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** {@code timeout <kind> <delay>} and the removed {@code clitimeout}, {@code contimeout} and {@code srvtimeout}. */
final class TimeoutKeywords {
    private TimeoutKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        for (String keyword : List.of("timeout", "clitimeout", "contimeout", "srvtimeout")) {
            table.register(keyword, TimeoutKeywords::parseTimeout);
        }
    }

    private static final String TIMEOUT_KINDS = "'timeout' supports 'client', 'server', 'connect', 'check', 'queue',"
            + " 'http-keep-alive', 'http-request', 'tunnel', 'tarpit', 'client-fin' and 'server-fin'";

    private static void parseTimeout(ProxyLine line) {
        int offset = line.keyword().equals("timeout") ? 1 : 0;
        String kind = line.word(offset);
        switch (kind) {
            case "clitimeout" -> {
                line.alert("the 'clitimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " client'.");
                return;
            }
            case "srvtimeout" -> {
                line.alert("the 'srvtimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " server'.");
                return;
            }
            case "contimeout" -> {
                line.alert("the 'contimeout' directive is not supported anymore since HAProxy 2.1. Use 'timeout"
                        + " connect'.");
                return;
            }
            default -> {
                // a timeout kind
            }
        }
        Optional<ProxySection.Timeout> timeout = ProxySection.Timeout.of(kind);
        if (timeout.isEmpty()) {
            if (HaproxyKeywords.TIMEOUTS_KNOWN.contains(kind)) {
                line.notImplemented("timeout " + kind);
            } else {
                line.alert(TIMEOUT_KINDS + " (got '" + kind + "')");
            }
            return;
        }
        String value = line.word(offset + 1);
        if (value.isEmpty()) {
            line.alert("'timeout " + kind + "' expects an integer value (in milliseconds)");
            return;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(TimeValue.overflowAlert(value, "timeout " + kind));
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(TimeValue.underflowAlert(value, "timeout " + kind));
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            line.alert("unexpected character '" + unexpected.character() + "' in 'timeout " + kind + "'");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> line.warningWithoutLocation(
                TimeValue.trailingCharacterWarning(character, value)));
        String extra = line.word(offset + 2);
        if (!extra.isEmpty()) {
            line.alert("'timeout " + kind + "' : unexpected extra argument '" + extra + "' after value '" + value
                    + "'.");
            return;
        }
        ProxySection section = line.section;
        ProxySection.Timeout which = timeout.get();
        boolean capable = (which.frontend && section.hasFrontend()) || (which.backend && section.hasBackend());
        if (!capable) {
            line.alert("'timeout " + kind + "' will be ignored because " + section.describe() + " has no "
                    + (which.backend ? "backend" : "frontend") + " capability");
            return;
        }
        Optional<Duration> inherited = section.parent == null ? section.timeout(which)
                : section.parent.timeout(which);
        if (!section.timeout(which).equals(inherited)) {
            line.warning("overwriting 'timeout " + kind + "' which was already specified");
        }
        section.timeouts[which.ordinal()] = valid.duration().orElse(null);
    }
}
