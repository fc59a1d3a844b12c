package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.loader.CText;
import dev.bascule.api.sample.StickCounter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code stick-table}: the table of a proxy, which {@code track-sc} rules fill. */
final class StickTableKeywords {
    private StickTableKeywords() {
    }

    static void register(ProxyKeywordTable table) {
        table.register("stick-table", StickTableKeywords::parseStickTable);
    }

    /**
     * {@code stick-table type T [len N] size N [expire T] [nopurge] [store D,...]} (HAProxy's
     * {@code parse_stick_table()}, its messages as haproxy 2.6.12 prints them); {@code peers} and
     * {@code srvkey} are refused as not implemented.
     */
    private static void parseStickTable(ProxyLine line) {
        ProxySection section = line.section;
        String prefix = "stick-table: ";
        if (section.kind == ProxySection.Kind.DEFAULTS) {
            line.alert("'stick-table' is not supported in 'defaults' section.");
            return;
        }
        if (section.stickTable != null) {
            line.alert("stick-table name '" + section.name + "' conflicts with table declared in "
                    + section.kind.typeName() + " '" + section.name + "' at " + section.stickTable.location().file()
                    + ":" + section.stickTable.location().line() + ".");
            return;
        }
        StickTableConfig.KeyType type = null;
        int keyLength = 0;
        long size = 0;
        Optional<Duration> expire = Optional.empty();
        boolean noPurge = false;
        List<StickTableConfig.Stored> store = new ArrayList<>();
        Set<StickCounter> stored = EnumSet.noneOf(
                StickCounter.class);
        int index = 1;
        while (!line.word(index).isEmpty()) {
            String word = line.word(index);
            switch (word) {
                case "size" -> {
                    index++;
                    String value = line.word(index);
                    if (value.isEmpty()) {
                        line.alert(prefix + "missing argument after 'size'.");
                        return;
                    }
                    long parsed = tableSize(value);
                    if (parsed < 0) {
                        int at = (int) -parsed - 1;
                        line.alert(prefix + "unexpected character '" + value.charAt(at) + "' in argument of 'size'.");
                        return;
                    }
                    size = parsed;
                    index++;
                }
                case "expire" -> {
                    index++;
                    String value = line.word(index);
                    if (value.isEmpty()) {
                        line.alert(prefix + "missing argument after 'expire'.");
                        return;
                    }
                    TimeValue parsed = TimeValue.parseMillis(value);
                    if (parsed instanceof TimeValue.Overflow) {
                        line.alert(prefix + "timer overflow in argument <" + value + "> to <expire>, maximum value"
                                + " is 2147483647 ms (~24.8 days).");
                        return;
                    }
                    if (parsed instanceof TimeValue.Underflow) {
                        line.alert(prefix + "timer underflow in argument <" + value + "> to <expire>, minimum"
                                + " non-null value is 1 ms.");
                        return;
                    }
                    if (parsed instanceof TimeValue.UnexpectedCharacter unexpected) {
                        line.alert(prefix + "unexpected character '" + unexpected.character()
                                + "' in argument of 'expire'.");
                        return;
                    }
                    TimeValue.Valid valid = (TimeValue.Valid) parsed;
                    // after a valid unit ('1m['), HAProxy 2.6 warns and keeps the value
                    valid.trailingCharacter().ifPresent(character -> line.warningWithoutLocation(
                            TimeValue.trailingCharacterWarning(character, value)));
                    expire = valid.millis() > 0 ? Optional.of(Duration.ofMillis(valid.millis())) : Optional.empty();
                    index++;
                }
                case "nopurge" -> {
                    noPurge = true;
                    index++;
                }
                case "type" -> {
                    index++;
                    String name = line.word(index);
                    StickTableConfig.KeyType parsed = switch (name) {
                        case "ip" -> StickTableConfig.KeyType.IP;
                        case "ipv6" -> StickTableConfig.KeyType.IPV6;
                        case "integer" -> StickTableConfig.KeyType.INTEGER;
                        case "string" -> StickTableConfig.KeyType.STRING;
                        case "binary" -> StickTableConfig.KeyType.BINARY;
                        default -> null;
                    };
                    if (parsed == null) {
                        line.alert(prefix + "unknown type '" + name + "'.");
                        return;
                    }
                    index++;
                    // a string key holds 31 bytes and its NUL by default, a binary key 32 bytes
                    keyLength = parsed == StickTableConfig.KeyType.STRING ? 31
                            : parsed == StickTableConfig.KeyType.BINARY ? 32 : 0;
                    boolean custom = parsed == StickTableConfig.KeyType.STRING
                            || parsed == StickTableConfig.KeyType.BINARY;
                    if (custom && line.word(index).equals("len")) {
                        index++;
                        long length = CText.atol(line.word(index));
                        if (length <= 0) {
                            line.alert(prefix + "unknown type '" + line.word(index) + "'.");
                            return;
                        }
                        keyLength = (int) Math.min(Integer.MAX_VALUE - 1, length);
                        index++;
                    }
                    type = parsed;
                }
                case "store" -> {
                    index++;
                    String list = line.word(index);
                    int at = 0;
                    while (at < list.length()) {
                        int comma = list.indexOf(',', at);
                        String item = list.substring(at, comma < 0 ? list.length() : comma);
                        at = comma < 0 ? list.length() : comma + 1;
                        String name = item;
                        String argument = null;
                        int open = item.indexOf('(');
                        if (open >= 0) {
                            name = item.substring(0, open);
                            int close = item.indexOf(')', open);
                            if (close < 0) {
                                line.alert(prefix + "missing closing parenthesis after store option '" + name + "'.");
                                return;
                            }
                            argument = item.substring(open + 1, close);
                        }
                        StickCounter counter = StickCounter.of(name);
                        if (counter == null) {
                            if (HaproxyKeywords.STICK_STORE_TYPES.contains(name)) {
                                line.alert(prefix + "store option '" + name + "' is not implemented by Bascule.");
                            } else {
                                line.alert(prefix + "unknown store option '" + name + "'.");
                            }
                            return;
                        }
                        if (counter == StickCounter.BYTES_IN_CNT) {
                            // the transport does not measure what clients send yet: never a counter stuck at 0
                            line.alert(prefix + "store option '" + name + "' is not implemented by Bascule.");
                            return;
                        }
                        if (stored.contains(counter)) {
                            line.warning(prefix + "store option '" + name
                                    + "' already enabled, ignored.");
                            continue;
                        }
                        Optional<Duration> period = Optional.empty();
                        if (counter.rate()) {
                            if (argument == null) {
                                line.alert(prefix + "missing argument to store option '" + name + "'.");
                                return;
                            }
                            TimeValue parsed = TimeValue.parseMillis(argument);
                            if (!(parsed instanceof TimeValue.Valid valid) || valid.trailingCharacter().isPresent()
                                    || valid.millis() <= 0) {
                                line.alert(prefix + "error when processing store option '" + name + "'.");
                                return;
                            }
                            period = Optional.of(Duration.ofMillis(valid.millis()));
                        } else if (argument != null) {
                            line.alert(prefix + "unexpected argument to store option '" + name + "'.");
                            return;
                        }
                        stored.add(counter);
                        store.add(new StickTableConfig.Stored(counter, period));
                    }
                    index++;
                }
                case "peers", "srvkey" -> {
                    line.alert(prefix + "'" + word + "' is not implemented by Bascule.");
                    return;
                }
                default -> {
                    line.alert(prefix + "unknown argument '" + word + "'.");
                    return;
                }
            }
        }
        if (size == 0) {
            line.alert(prefix + "missing size.");
            return;
        }
        if (type == null) {
            line.alert(prefix + "missing type.");
            return;
        }
        section.stickTable = new StickTableConfig(section.name, type, keyLength, size, expire, noPurge, store,
                line.location);
    }

    /**
     * A size as HAProxy's {@code parse_size_err()} reads it: digits, then an optional k, m or g;
     * -(1 + the index of the first wrong character) when it is not one.
     */
    private static long tableSize(String text) {
        long value = 0;
        int i = 0;
        if (text.isEmpty() || !Character.isDigit(text.charAt(0))) {
            return -1;
        }
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            value = value * 10 + text.charAt(i) - '0';
            if (value > 0xffffffffL) {
                return -(i + 1);
            }
            i++;
        }
        if (i == text.length()) {
            return value;
        }
        int shift = switch (text.charAt(i)) {
            case 'k', 'K' -> 10;
            case 'm', 'M' -> 20;
            case 'g', 'G' -> 30;
            default -> -1;
        };
        if (shift < 0 || value > (0xffffffffL >> shift)) {
            return -(i + 1);
        }
        if (i + 1 < text.length()) {
            return -(i + 2);
        }
        return value << shift;
    }
}
