package dev.bascule.config.haproxy.internal;

/** The server option of the warm-up feature: {@code slowstart <time>} (HAProxy's {@code srv_parse_slowstart()}). */
final class SlowStartOptions {
    private SlowStartOptions() {
    }

    static void register(ServerOptionTable table) {
        table.register("slowstart", SlowStartOptions::parseSlowStart);
    }

    private static int parseSlowStart(ServerOption option) {
        String value = option.value();
        String name = option.serverName;
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            return option.alert("overflow in argument <" + value + "> to <" + option.keyword() + "> of server " + name
                    + ", maximum value is 2147483647 ms (~24.8 days)..");
        }
        if (parsed instanceof TimeValue.Underflow) {
            return option.alert("underflow in argument <" + value + "> to <" + option.keyword() + "> of server "
                    + name + ", minimum non-null value is 1 ms..");
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            if (unexpected.character() == '\0') {
                // no argument: HAProxy's "%c" of the string's end cuts its message there
                return option.alert("unexpected character '.");
            }
            return option.alert("unexpected character '" + unexpected.character() + "' in 'slowstart' argument of"
                    + " server " + name + "..");
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        valid.trailingCharacter().ifPresent(character ->
                option.warning(TimeValue.trailingCharacterWarning(character, value)));
        // stored in whole seconds, rounded up
        option.settings.slowStartSeconds = (int) ((valid.millis() + 999) / 1000);
        return 2;
    }
}
