package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.TcpKeepAlive;
import dev.bascule.api.loader.CText;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * TCP keep-alive on a proxy's sockets: {@code option tcpka|clitcpka|srvtcpka} (from
 * {@link OptionKeywords}) and {@code clitcpka-cnt|idle|intvl}, {@code srvtcpka-cnt|idle|intvl}
 * (HAProxy's {@code proxy_parse_tcpka_*()} in proxy.c). The probe settings only count where the
 * option is on, as in HAProxy, which sets them after {@code SO_KEEPALIVE}.
 */
final class TcpKeepAliveKeywords {
    private static final int COUNT = 0;
    private static final int IDLE = 1;
    private static final int INTERVAL = 2;

    private TcpKeepAliveKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        for (String side : new String[] {"cli", "srv"}) {
            table.register(side + "tcpka-cnt", TcpKeepAliveKeywords::parseCount);
            table.register(side + "tcpka-idle", line -> parseTime(line, IDLE));
            table.register(side + "tcpka-intvl", line -> parseTime(line, INTERVAL));
        }
    }

    /**
     * {@code option tcpka}, {@code option clitcpka}, {@code option srvtcpka} with {@code modifier}
     * ({@code "no "}, {@code "default "} or empty); false for another option.
     */
    static boolean parseOption(ProxyLine line, String modifier) {
        String option = line.word(1);
        ProxySection section = line.section;
        switch (option) {
            case "tcpka" -> {
                // not a cfg_opts entry: cfg_parse_listen() refuses its no/default forms
                if (!modifier.isEmpty()) {
                    line.alert("negation/default is not supported for option 'tcpka'.");
                    return true;
                }
                if (!line.word(2).isEmpty()) {
                    line.alert("'option tcpka' cannot handle unexpected argument '" + line.word(2) + "'.");
                    return true;
                }
                section.clientKeepAlive |= section.hasFrontend();
                section.serverKeepAlive |= section.hasBackend();
                return true;
            }
            case "clitcpka", "srvtcpka" -> {
                // a cfg_opts entry: the argument check first (which the words "default" leaves
                // behind make fail), then warnifnotcap(), then the bit
                if (!line.word(2).isEmpty()) {
                    line.alert("'option " + option + "' cannot handle unexpected argument '" + line.word(2) + "'.");
                    return true;
                }
                boolean client = option.equals("clitcpka");
                if (client ? !section.hasFrontend() : !section.hasBackend()) {
                    line.warning("'" + option + "' ignored because " + section.describe() + " has no "
                            + (client ? "frontend" : "backend") + " capability.");
                    return true;
                }
                boolean on = modifier.isEmpty();
                if (client) {
                    section.clientKeepAlive = on;
                } else {
                    section.serverKeepAlive = on;
                }
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private static void parseCount(ProxyLine line) {
        String keyword = line.keyword();
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'" + keyword + "' expects an integer value");
            return;
        }
        int end = strtolEnd(value);
        if (end < value.length()) {
            line.alert("'" + keyword + "' : unexpected character '" + value.charAt(end) + "' in integer value '"
                    + value + "'");
            return;
        }
        store(line, COUNT, strtol(value));
    }

    private static void parseTime(ProxyLine line, int setting) {
        String keyword = line.keyword();
        String value = line.word(1);
        if (value.isEmpty()) {
            line.alert("'" + keyword + "' expects an integer value");
            return;
        }
        TimeValue parsed = TimeValue.parse(value, TimeValue.Unit.SECONDS);
        if (parsed instanceof TimeValue.Overflow) {
            line.alert(TimeValue.overflowAlert(value, keyword));
            return;
        }
        if (parsed instanceof TimeValue.Underflow) {
            line.alert(TimeValue.underflowAlert(value, keyword));
            return;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            line.alert("unexpected character '" + unexpected.character() + "' in argument to <" + keyword + ">.");
            return;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character -> line.warningWithoutLocation(
                TimeValue.trailingCharacterWarning(character, value)));
        // in seconds, rounded up (parse_time_err(TIME_UNIT_S))
        store(line, setting, valid.millis());
    }

    /** Stores the value; a warning (and the value kept, unused) when the section lacks the side. */
    private static void store(ProxyLine line, int setting, long value) {
        ProxySection section = line.section;
        boolean client = line.keyword().startsWith("cli");
        if (client ? !section.hasFrontend() : !section.hasBackend()) {
            line.warning(line.keyword() + " will be ignored because " + section.describe() + " has no "
                    + (client ? "frontend" : "backend") + " capability");
        }
        (client ? section.clientKeepAliveProbes : section.serverKeepAliveProbes)[setting] = value;
    }

    /** The settings of one side, or empty when its option is off. */
    static Optional<TcpKeepAlive> settings(boolean on, long[] probes) {
        if (!on) {
            return Optional.empty();
        }
        return Optional.of(new TcpKeepAlive(
                // HAProxy stores strtol()'s value as unsigned: a negative count is one the system refuses
                probes[COUNT] > 0 && probes[COUNT] <= Integer.MAX_VALUE ? OptionalInt.of((int) probes[COUNT])
                        : OptionalInt.empty(),
                probes[IDLE] > 0 ? Optional.of(Duration.ofSeconds(probes[IDLE])) : Optional.empty(),
                probes[INTERVAL] > 0 ? Optional.of(Duration.ofSeconds(probes[INTERVAL])) : Optional.empty()));
    }

    /** Where {@code strtol(text, &end, 0)} stops: 0 when it read no digit. */
    private static int strtolEnd(String text) {
        int index = 0;
        while (index < text.length() && CText.isSpace(text.charAt(index))) {
            index++;
        }
        if (index < text.length() && (text.charAt(index) == '+' || text.charAt(index) == '-')) {
            index++;
        }
        int radix = 10;
        if (index + 2 < text.length() && text.charAt(index) == '0'
                && (text.charAt(index + 1) == 'x' || text.charAt(index + 1) == 'X')
                && digit(text.charAt(index + 2), 16) >= 0) {
            radix = 16;
            index += 2;
        } else if (index < text.length() && text.charAt(index) == '0') {
            radix = 8;
        }
        int digits = index;
        while (index < text.length() && digit(text.charAt(index), radix) >= 0) {
            index++;
        }
        return index == digits ? 0 : index;
    }

    /** {@code strtol(text, NULL, 0)} on a text {@link #strtolEnd} accepted whole, saturated to a long. */
    private static long strtol(String text) {
        String digits = text.strip();
        boolean negative = digits.startsWith("-");
        if (digits.startsWith("-") || digits.startsWith("+")) {
            digits = digits.substring(1);
        }
        int radix = 10;
        if (digits.length() > 2 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
            radix = 16;
            digits = digits.substring(2);
        } else if (digits.length() > 1 && digits.startsWith("0")) {
            radix = 8;
        }
        Long value = CText.strtolStrict(digits, radix);
        long magnitude = value == null ? 0 : value;
        return negative ? -magnitude : magnitude;
    }

    private static int digit(char character, int radix) {
        return character < 0x80 ? Character.digit(character, radix) : -1;
    }
}
