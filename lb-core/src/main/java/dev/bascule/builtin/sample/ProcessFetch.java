package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.SampleFetch;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** The fetches about the process and the clock: {@code date}, {@code date_us}, {@code rand}, {@code hostname}. */
final class ProcessFetch {
    private ProcessFetch() {
    }

    /**
     * {@code date([offset[,unit]])}: the current time since the epoch in seconds, or in {@code ms}
     * or {@code us}, plus {@code offset} (HAProxy's {@code smp_fetch_date()}).
     */
    static SampleFetch date(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 2);
        if (arguments.size() == 2 && arguments.get(0).isEmpty()) {
            // make_arg_list() stops at an empty argument that another follows
            throw new InvalidArgumentException("fetch method '" + keyword + "' : expected ')' before '," + arguments.get(1) + "'");
        }
        long offset = FetchArguments.optionalInteger(keyword, arguments, 0, 0);
        String unit = FetchArguments.optionalString(arguments, 1);
        int scale;
        if (unit == null || unit.equals("s")) {
            scale = 0;
        } else if (unit.equals("ms")) {
            scale = 1;
        } else if (unit.equals("us")) {
            scale = 2;
        } else {
            throw new InvalidArgumentException("invalid args in fetch method '" + keyword
                    + "' : expects 's', 'ms' or 'us', got '" + unit + "'");
        }
        return (traffic, out) -> {
            long micros = currentMicros();
            long seconds = Math.floorDiv(micros, 1_000_000L);
            long fraction = Math.floorMod(micros, 1_000_000L);
            long value = switch (scale) {
                case 0 -> seconds;
                case 1 -> seconds * 1000 + fraction / 1000;
                default -> seconds * 1_000_000 + fraction;
            };
            out.setInteger(value + offset);
            return true;
        };
    }

    /** {@code date_us}: the microseconds of the current second. */
    static SampleFetch dateMicros(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.none(keyword, arguments);
        return (traffic, out) -> {
            out.setInteger(Math.floorMod(currentMicros(), 1_000_000L));
            return true;
        };
    }

    private static long currentMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    /**
     * {@code rand([range])}: a random 32-bit unsigned value, scaled into {@code [0, range)} by
     * multiplying and keeping the high bits as HAProxy does (the range read as an unsigned 64-bit
     * number: {@code rand(-1)} gives 4294967295 for nearly every draw).
     */
    static SampleFetch random(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        boolean ranged = !arguments.isEmpty() && !arguments.get(0).isEmpty();
        long range = FetchArguments.optionalInteger(keyword, arguments, 0, 0);
        return (traffic, out) -> {
            long draw = ThreadLocalRandom.current().nextInt() & 0xffff_ffffL;
            out.setInteger(ranged ? (draw * range) >>> 32 : draw);
            return true;
        };
    }

    /** {@code hostname}: the host's name, as {@code gethostname()} gives it (read once, when the rules load). */
    static SampleFetch hostname(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.none(keyword, arguments);
        String name = systemHostname();
        return (traffic, out) -> {
            out.setString(name);
            return true;
        };
    }

    private static String systemHostname() {
        try {
            // the kernel's name, as gethostname(2); no DNS lookup
            return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.US_ASCII).strip();
        } catch (IOException | RuntimeException e) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e2) {
                return "localhost";
            }
        }
    }
}
