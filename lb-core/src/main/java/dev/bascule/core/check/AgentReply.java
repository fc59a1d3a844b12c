package dev.bascule.core.check;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;

import java.util.Locale;

/**
 * An agent's answer, read as HAProxy 2.6's {@code tcpcheck_agent_expect_reply()} reads it: one
 * line ended by the first CR or LF, made of words separated by spaces, tabs or commas, in any
 * order, the last of each kind winning; a {@code #} starts a description that ends the words.
 * Words are a health status ({@code up}, {@code down}, {@code stopped}, {@code fail}), an admin
 * status ({@code ready}, {@code drain}, {@code maint}), a weight ({@code 75%}: digits first, a
 * {@code %} somewhere) and {@code maxconn:N}; the first other word is an error to report.
 *
 * @param health      the health word as written, null for none
 * @param admin       the admin word as written, null for none
 * @param weight      the weight word, null for none
 * @param maxConn     what follows {@code maxconn:}, null for none
 * @param error       the first word of no kind, null for none
 * @param description the text after {@code #} (leading blanks skipped), empty for none
 */
public record AgentReply(@Nullable String health, @Nullable String admin, @Nullable String weight,
                         @Nullable String maxConn, @Nullable String error, String description) {
    public AgentReply {
        requireNonNull(description, "description");
    }

    /** What the health word does: HAProxy's {@code HCHK_STATUS_L7OKD} (up) or {@code L7STS} (the others). */
    public enum Health {
        UP, DOWN
    }

    /**
     * The line of {@code text} (up to its first CR or LF), or null when {@code text} holds no whole
     * line yet.
     */
    public static @Nullable String line(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return text.substring(0, i);
            }
            if (c == 0) {
                // HAProxy reads the buffer as a C string: a NUL ends it without a line
                return null;
            }
        }
        return null;
    }

    /** Parses one line (without its end). */
    public static AgentReply parse(String line) {
        String health = null;
        String admin = null;
        String weight = null;
        String maxConn = null;
        String error = null;
        String description = "";
        int at = 0;
        int length = line.length();
        while (at < length) {
            char c = line.charAt(at);
            if (c == ' ' || c == '\t' || c == ',') {
                at++;
                continue;
            }
            if (c == '#') {
                at++;
                while (at < length && (line.charAt(at) == '\t' || line.charAt(at) == ' ')) {
                    at++;
                }
                description = line.substring(at);
                break;
            }
            int end = at + 1;
            while (end < length && line.charAt(end) != '\t' && line.charAt(end) != ' ' && line.charAt(end) != ','
                    && line.charAt(end) != '\n') {
                end++;
            }
            String word = line.substring(at, end);
            String lower = word.toLowerCase(Locale.ROOT);
            switch (lower) {
                case "up", "down", "stopped", "fail" -> health = word;
                case "ready", "drain", "maint" -> admin = word;
                default -> {
                    if (Character.isDigit(word.charAt(0)) && word.indexOf('%') >= 0) {
                        weight = word;
                    } else if (lower.startsWith("maxconn:")) {
                        maxConn = word.substring("maxconn:".length());
                    } else if (error == null) {
                        error = word;
                    }
                }
            }
            at = end + 1;
        }
        // HAProxy skips spaces and newlines before the description (none left after the first pass)
        return new AgentReply(health, admin, weight, maxConn, error, description);
    }

    /** The health word's effect, null without one. */
    public @Nullable Health healthEffect() {
        if (health == null) {
            return null;
        }
        return health.equalsIgnoreCase("up") ? Health.UP : Health.DOWN;
    }

    /**
     * HAProxy's {@code server_parse_weight_change_request()} for {@code word}: the new
     * {@code uweight}, or the warning that leaves the weight as it is.
     *
     * @param initialWeight the server's configured weight ({@code iweight})
     * @param dynamic       whether the backend's algorithm takes any weight ({@code BE_LB_PROP_DYN})
     */
    public static WeightChange weight(String word, int initialWeight, boolean dynamic) {
        int digits = 0;
        boolean negative = word.startsWith("-");
        int start = word.startsWith("-") || word.startsWith("+") ? 1 : 0;
        while (start + digits < word.length() && Character.isDigit(word.charAt(start + digits))) {
            digits++;
        }
        if (digits == 0) {
            return WeightChange.refused("Empty weight string empty or preceded by garbage");
        }
        String number = word.substring(start, start + digits);
        long value = number.length() > 12 ? Long.MAX_VALUE : Long.parseLong(number);
        value = negative ? -value : value;
        String rest = word.substring(start + digits);
        long weight;
        if (rest.equals("%")) {
            if (value < 0) {
                return WeightChange.refused("Relative weight must be positive.\n");
            }
            weight = Math.min(256, (long) initialWeight * Math.min(value, 25600) / 100);
        } else if (value < 0 || value > 256) {
            return WeightChange.refused("Absolute weight can only be between 0 and 256 inclusive.\n");
        } else if (!rest.isEmpty()) {
            return WeightChange.refused("Trailing garbage in weight string");
        } else {
            weight = value;
        }
        if (weight != 0 && weight != initialWeight && !dynamic) {
            return WeightChange.refused("Backend is using a static LB algorithm and only accepts weights '0%' and"
                    + " '100%'.\n");
        }
        return new WeightChange((int) weight, null);
    }

    /**
     * HAProxy's {@code server_parse_maxconn_change_request()} for what follows {@code maxconn:}.
     */
    public static MaxConnChange maxConn(String text) {
        int start = text.startsWith("-") || text.startsWith("+") ? 1 : 0;
        int end = start;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (text.isEmpty()) {
            return new MaxConnChange(-1, "Require <maxconn>.\n");
        }
        if (end == start) {
            return new MaxConnChange(-1, "maxconn string empty or preceded by garbage");
        }
        if (end != text.length()) {
            return new MaxConnChange(-1, "Trailing garbage in maxconn string");
        }
        if (text.startsWith("-")) {
            // HAProxy stores a negative maxconn as it comes; Bascule keeps its limit and says so
            return new MaxConnChange(-1, "negative maxconn ignored by Bascule");
        }
        String digits = text.substring(start);
        long value = digits.length() > 10 ? Integer.MAX_VALUE : Math.min(Integer.MAX_VALUE, Long.parseLong(digits));
        return new MaxConnChange((int) value, null);
    }

    /** A new weight ({@code warning} null) or the warning that refused it. */
    public record WeightChange(int weight, @Nullable String warning) {
        static WeightChange refused(String warning) {
            return new WeightChange(-1, warning);
        }
    }

    /** A new maxconn ({@code warning} null) or the warning that refused it. */
    public record MaxConnChange(int maxConn, @Nullable String warning) {
    }
}
