package dev.bascule.config.haproxy.internal;

import dev.bascule.api.loader.CText;

import java.time.Duration;
import java.util.Map;

/**
 * The server options of health checks: {@code check}, {@code inter}, {@code fastinter},
 * {@code downinter}, {@code rise}, {@code fall}, {@code port} and {@code addr}.
 */
final class ServerCheckOptions {
    private final Map<String, String> environment;

    private ServerCheckOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    static void register(ServerOptionTable table, Map<String, String> environment) {
        ServerCheckOptions options = new ServerCheckOptions(environment);
        table.register("check", ServerCheckOptions::parseCheck);
        table.register("check-send-proxy", option -> {
            option.settings.checkSendProxy = true;
            return 1;
        });
        table.register("no-check-send-proxy", option -> {
            option.settings.checkSendProxy = false;
            return 1;
        });
        table.register("no-check", option -> {
            // srv_parse_no_check(): a default-server's 'check' undone
            option.settings.check = false;
            return 1;
        });
        table.register("inter", ServerCheckOptions::parseDelay);
        table.register("fastinter", ServerCheckOptions::parseDelay);
        table.register("downinter", ServerCheckOptions::parseDelay);
        table.register("rise", ServerCheckOptions::parseCount);
        table.register("fall", ServerCheckOptions::parseCount);
        table.register("port", ServerCheckOptions::parsePort);
        table.register("addr", options::parseAddress);
    }

    private static int parseCheck(ServerOption option) {
        option.settings.check = true;
        return 1;
    }

    private static int parseDelay(ServerOption option) {
        Duration delay = serverDelay(option);
        if (delay == null) {
            return 0;
        }
        switch (option.keyword()) {
            case "inter" -> option.settings.inter = delay;
            case "fastinter" -> option.settings.fastInter = delay;
            default -> option.settings.downInter = delay;
        }
        return 2;
    }

    private static int parseCount(ServerOption option) {
        String keyword = option.keyword();
        if (option.value().isEmpty()) {
            return option.alert("'" + keyword + "' expects an integer argument..");
        }
        long count = CText.atol(option.value());
        if (count <= 0 || count > Integer.MAX_VALUE) {
            return option.alert("'" + keyword + "' has to be > 0..");
        }
        if (keyword.equals("rise")) {
            option.settings.rise = (int) count;
        } else {
            option.settings.fall = (int) count;
        }
        return 2;
    }

    private static int parsePort(ServerOption option) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("'port' expects a port number as argument..");
        }
        long port = CText.atol(value);
        if (port < 0 || port > 65535) {
            // HAProxy keeps the low 16 bits of atol(); Bascule does not guess
            return option.alert("'port' expects a port number as argument (got '" + value + "')..");
        }
        option.settings.port = (int) port;
        return 2;
    }

    private int parseAddress(ServerOption option) {
        String value = option.value();
        if (value.isEmpty()) {
            return option.alert("'addr' expects <ipv4|ipv6> as argument..");
        }
        AddressParser.Parsed parsed = AddressParser.parse(value, AddressParser.Use.SERVER, environment);
        if (!(parsed instanceof AddressParser.Inet inet) || inet.host().isEmpty() || inet.offset()
                || inet.portGiven() && inet.portLow() != inet.portHigh()) {
            return option.alert("'addr' : invalid address: '" + value + "' in '" + value + "'..");
        }
        option.settings.address = inet.host();
        // srv_check_healthcheck_port(): the port of 'addr' serves when 'port' is not set
        option.settings.addressPort = inet.portGiven() ? inet.portLow() : 0;
        return 2;
    }

    /** HAProxy's {@code srv_parse_check_inter()}: a delay above 0, or an alert and null. */
    static Duration serverDelay(ServerOption option) {
        String keyword = option.keyword();
        String value = option.value();
        String name = option.serverName;
        if (value.isEmpty()) {
            option.alert("'" + keyword + "' expects a delay as argument..");
            return null;
        }
        TimeValue parsed = TimeValue.parseMillis(value);
        if (parsed instanceof TimeValue.Overflow) {
            option.alert("timer overflow in argument <" + value + "> to <" + keyword + "> of server " + name
                    + ", maximum value is 2147483647 ms (~24.8 days)..");
            return null;
        }
        if (parsed instanceof TimeValue.Underflow) {
            option.alert("timer underflow in argument <" + value + "> to <" + keyword + "> of server " + name
                    + ", minimum non-null value is 1 ms..");
            return null;
        }
        if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
            // sic: HAProxy 2.6 names 'agent-inter' whichever delay it parses
            option.alert("unexpected character '" + unexpected.character() + "' in 'agent-inter' argument of"
                    + " server " + name + "..");
            return null;
        }
        TimeValue.Valid valid = (TimeValue.Valid) parsed;
        // after a valid unit ('1s['), HAProxy 2.6 warns and keeps the value
        valid.trailingCharacter().ifPresent(character ->
                option.warning(TimeValue.trailingCharacterWarning(character, value)));
        long millis = valid.millis();
        if (millis <= 0) {
            option.alert("invalid value " + millis + " for argument '" + keyword + "' of server " + name + "..");
            return null;
        }
        return Duration.ofMillis(millis);
    }
}
