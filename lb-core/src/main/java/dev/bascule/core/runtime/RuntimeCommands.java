package dev.bascule.core.runtime;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Nullable;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.PatternLookup;
import dev.bascule.api.sample.PatternReference;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.pattern.PatternRef;
import dev.bascule.core.sample.pattern.PatternRegistry;

import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The runtime API commands on maps, ACLs and process variables, with HAProxy 2.6's answers
 * ({@code map.c}, {@code vars.c}): {@code show|get|add|del|set|clear map}, {@code show|get|add|del|clear acl},
 * {@code get var}. Like HAProxy 2.6, the map and ACL commands are open to every level;
 * {@code get var} needs {@code operator}. Runs on the CLI connection's thread: changes compile
 * new snapshots there and publish them.
 */
public final class RuntimeCommands {
    /** The usage lines of these commands, as {@code help} prints them. */
    public static final List<String> USAGE = List.of(
            "add acl [@<ver>] <acl> <pattern>        : add an acl entry",
            "add map [@<ver>] <map> <key> <val>      : add a map entry (payload supported instead of key/val)",
            "clear acl [@<ver>] <acl>                : clear the contents of this acl",
            "clear map [@<ver>] <map>                : clear the contents of this map",
            "del acl <acl> [<key>|#<ref>]            : delete acl entries matching <key>",
            "del map <map> [<key>|#<ref>]            : delete map entries matching <key>",
            "get acl <acl> <value>                   : report the patterns matching a sample for an ACL",
            "get map <acl> <value>                   : report the keys and values matching a sample for a map",
            "get var <name>                          : retrieve contents of a process-wide variable",
            "set map <map> [<key>|#<ref>] <value>    : modify a map entry",
            "show acl [@<ver>] <acl>]                : report available acls or dump an acl's contents",
            "show map [@ver] [map]                   : report available maps or dump a map's contents");

    private static final String PERMISSION_DENIED = "Permission denied\n";
    private static final String UNKNOWN_MAP = "Unknown map identifier. Please use #<id> or <file>.\n";
    private static final String UNKNOWN_ACL = "Unknown ACL identifier. Please use #<id> or <file>.\n";
    private static final String MALFORMED = "Malformed identifier. Please use #<id> or <file>.\n";

    private final PatternRegistry patterns;
    private final ProcessVariables variables;

    /** The commands on the pattern references and {@code proc.} variables of one running configuration. */
    public RuntimeCommands(PatternRegistry patterns, ProcessVariables variables) {
        this.patterns = requireNonNull(patterns, "patterns");
        this.variables = requireNonNull(variables, "variables");
    }

    /**
     * Runs {@code args} (the command's words) at {@code level} ({@code user}, {@code operator},
     * {@code admin}), appending the answer to {@code out}, without the newline that ends every
     * answer.
     *
     * @return false when the command is none of these
     */
    public boolean execute(List<String> args, String level, StringBuilder out) {
        return execute(args, null, level, out);
    }

    /**
     * {@link #execute(List, String, StringBuilder)} with the payload of a command written
     * {@code ... <<} and followed by lines up to an empty one (joined by newlines, without the
     * last), or null; only {@code add map} reads one (a {@code key value} pair per line).
     */
    public boolean execute(List<String> args, @Nullable String payload, String level, StringBuilder out) {
        if (args.size() < 2) {
            return false;
        }
        String verb = args.get(0);
        String noun = args.get(1);
        if (noun.equals("var")) {
            if (!verb.equals("get")) {
                return false;
            }
            getVariable(args, level, out);
            return true;
        }
        if (!noun.equals("map") && !noun.equals("acl")) {
            return false;
        }
        boolean map = noun.equals("map");
        switch (verb) {
            case "show" -> show(args, map, out);
            case "get" -> get(args, map, out);
            case "add" -> add(args, payload, map, out);
            case "del" -> delete(args, map, out);
            case "clear" -> clear(args, map, out);
            case "set" -> {
                if (!map) {
                    return false;
                }
                set(args, out);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String arg(List<String> args, int index) {
        return index < args.size() ? args.get(index) : "";
    }

    /** {@code pat_ref_lookup_ref()}, then the category check most commands make. */
    private PatternRef reference(String name, boolean map, boolean checkCategory) {
        PatternRef ref = patterns.find(name);
        if (ref == null || checkCategory && ref.isMap() != map) {
            return null;
        }
        return ref;
    }

    private void show(List<String> args, boolean map, StringBuilder out) {
        List<String> rest = new ArrayList<>(args.subList(2, args.size()));
        if (rest.isEmpty() || rest.get(0).isEmpty()) {
            out.append("# id (file) description\n");
            for (PatternRef ref : patterns.references()) {
                if (ref.isMap() == map) {
                    out.append(ref.id()).append(" (").append(ref.file()).append(") ").append(ref.display())
                            .append(". curr_ver=0 next_ver=0 entry_cnt=").append(ref.entryCount()).append('\n');
                }
            }
            return;
        }
        String version = null;
        if (rest.get(0).startsWith("@")) {
            version = rest.remove(0).substring(1);
        }
        PatternRef ref = reference(rest.isEmpty() ? "" : rest.get(0), map, true);
        if (ref == null) {
            out.append(map ? UNKNOWN_MAP : UNKNOWN_ACL);
            return;
        }
        if (version != null && generation(version) != 0) {
            return; // every entry is of version 0: prepare/commit are not served
        }
        for (PatternEntry entry : ref.entries()) {
            out.append(entry.printedId()).append(' ').append(entry.key());
            if (entry.value() != null) {
                out.append(' ').append(entry.value());
            }
            out.append('\n');
        }
    }

    /** {@code str2uic()}: the leading digits, 0 when none. */
    private static long generation(String text) {
        long value = 0;
        for (int i = 0; i < text.length() && Character.isDigit(text.charAt(i)); i++) {
            value = (value * 10 + (text.charAt(i) - '0')) & 0xffffffffL;
        }
        return value;
    }

    private void get(List<String> args, boolean map, StringBuilder out) {
        if (arg(args, 2).isEmpty() || arg(args, 3).isEmpty()) {
            out.append(map ? "Missing map identifier and/or key.\n" : "Missing ACL identifier and/or key.\n");
            return;
        }
        PatternRef ref = reference(args.get(2), map, false);
        if (ref == null) {
            out.append(map ? UNKNOWN_MAP : UNKNOWN_ACL);
            return;
        }
        String text = args.get(3);
        Set<String> shown = new HashSet<>();
        Sample scratch = new Sample();
        for (PatternReference.Subscriber subscriber : ref.subscribers()) {
            if (!(subscriber instanceof PatternLookup lookup) || !shown.add(lookup.shareKey())) {
                continue;
            }
            out.append("type=").append(lookup.matchMethod())
                    .append(lookup.ignoreCase() ? ", case=insensitive" : ", case=sensitive");
            PatternEntry found = lookup.lookup(text, scratch);
            if (found == null) {
                out.append(map ? ", found=no" : ", match=no").append('\n');
                continue;
            }
            out.append(map ? ", found=yes" : ", match=yes").append(lookup.tree() ? ", idx=tree" : ", idx=list");
            if (map) {
                out.append(", key=\"").append(found.key()).append('"');
                String type = lookup.valueType(found);
                if (type != null && found.value() != null) {
                    out.append(", value=\"").append(found.value()).append("\", type=\"").append(type).append('"');
                } else {
                    out.append(", value=none");
                }
            } else {
                out.append(", pattern=\"").append(found.key()).append('"');
            }
            out.append('\n');
        }
    }

    private void add(List<String> args, @Nullable String payload, boolean map, StringBuilder out) {
        List<String> rest = new ArrayList<>(args);
        String version = null;
        if (arg(rest, 2).startsWith("@")) {
            version = rest.remove(2).substring(1);
        }
        boolean missing = map ? payload == null && (arg(rest, 3).isEmpty() || arg(rest, 4).isEmpty())
                : arg(rest, 3).isEmpty();
        if (arg(rest, 2).isEmpty() || missing) {
            out.append(map ? "'add map' expects three parameters (map identifier, key and value) or one parameter"
                    + " (map identifier) and a payload\n"
                    : "'add acl' expects two parameters: ACL identifier and pattern.\n");
            return;
        }
        PatternRef ref = reference(rest.get(2), map, false);
        if (ref == null) {
            out.append(map ? UNKNOWN_MAP : UNKNOWN_ACL);
            return;
        }
        if (version != null && (int) generation(version) > 0) {
            // the only version is 0: 'prepare' is not served, so every later one is in the future
            out.append(map ? "Version number in the future, please use 'prepare map' before.\n"
                    : "Version number in the future, please use 'prepare acl' before.\n");
            return;
        }
        if (!map && ref.hasValues()) {
            out.append("This ACL is shared with a map containing samples. You must use the command 'add map' to"
                    + " add values.\n");
            return;
        }
        if (payload == null) {
            try {
                ref.add(rest.get(3), map ? rest.get(4) : null);
            } catch (InvalidArgumentException e) {
                out.append(e.getMessage()).append(".\n");
            }
            return;
        }
        // HAProxy's cli_parse_add_map() loop: a key up to the first blank (a line without one runs
        // into the next), blanks skipped, the value up to the end of the line; what was added stays
        int at = 0;
        while (at < payload.length()) {
            int keyEnd = at;
            while (keyEnd < payload.length() && payload.charAt(keyEnd) != ' ' && payload.charAt(keyEnd) != '\t') {
                keyEnd++;
            }
            String key = payload.substring(at, keyEnd);
            if (keyEnd == payload.length() && map) {
                out.append("Missing value for key '").append(key).append("'.\n");
                return;
            }
            int value = Math.min(keyEnd + 1, payload.length());
            while (value < payload.length() && (payload.charAt(value) == ' ' || payload.charAt(value) == '\t')) {
                value++;
            }
            int valueEnd = payload.indexOf('\n', value);
            if (valueEnd < 0) {
                valueEnd = payload.length();
            }
            try {
                ref.add(key, map ? payload.substring(value, valueEnd) : null);
            } catch (InvalidArgumentException e) {
                out.append(e.getMessage()).append(".\n");
                return;
            }
            at = Math.min(valueEnd + 1, payload.length());
        }
    }

    private void delete(List<String> args, boolean map, StringBuilder out) {
        if (arg(args, 2).isEmpty() || arg(args, 3).isEmpty()) {
            out.append(map ? "This command expects two parameters: map identifier and key.\n"
                    : "This command expects two parameters: ACL identifier and key.\n");
            return;
        }
        PatternRef ref = reference(args.get(2), map, true);
        if (ref == null) {
            out.append(UNKNOWN_MAP); // HAProxy 2.6 says "map" for ACLs too
            return;
        }
        String key = args.get(3);
        boolean found;
        if (key.startsWith("#0x")) {
            Long id = entryId(key);
            if (id == null) {
                out.append(MALFORMED);
                return;
            }
            found = ref.delete(id);
        } else {
            found = ref.delete(key);
        }
        if (!found) {
            out.append("Key not found.\n");
        }
    }

    /** {@code #0x<hex>} as {@code strtoll(..., 16)} reads it; null when malformed. */
    private static Long entryId(String text) {
        try {
            return Long.parseUnsignedLong(text.substring(3), 16);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private void clear(List<String> args, boolean map, StringBuilder out) {
        List<String> rest = new ArrayList<>(args);
        String version = null;
        if (arg(rest, 2).startsWith("@")) {
            version = rest.remove(2).substring(1);
        }
        if (arg(rest, 2).isEmpty()) {
            out.append(map ? "Missing map identifier.\n" : "Missing ACL identifier.\n");
            return;
        }
        PatternRef ref = reference(rest.get(2), map, true);
        if (ref == null) {
            out.append(map ? UNKNOWN_MAP : UNKNOWN_ACL);
            return;
        }
        if (version == null || generation(version) == 0) {
            ref.clear();
        }
    }

    private void set(List<String> args, StringBuilder out) {
        if (arg(args, 2).isEmpty() || arg(args, 3).isEmpty() || arg(args, 4).isEmpty()) {
            out.append("'set map' expects three parameters: map identifier, key and value.\n");
            return;
        }
        PatternRef ref = reference(args.get(2), true, false);
        if (ref == null) {
            out.append(UNKNOWN_MAP);
            return;
        }
        String key = args.get(3);
        String value = args.get(4);
        if (key.startsWith("#0x")) {
            Long id = entryId(key);
            if (id == null) {
                out.append(MALFORMED);
                return;
            }
            try {
                if (!ref.set(id, value)) {
                    out.append("key or pattern not found.\n");
                }
            } catch (InvalidArgumentException e) {
                out.append(e.getMessage()).append(".\n");
            }
            return;
        }
        try {
            if (!ref.set(key, value)) {
                out.append("entry not found.\n");
            }
        } catch (InvalidArgumentException e) {
            // HAProxy 2.6's pat_ref_set() reports success when the key exists, whatever the value
        }
    }

    private void getVariable(List<String> args, String level, StringBuilder out) {
        if (level.equals("user")) {
            out.append(PERMISSION_DENIED);
            return;
        }
        String name = arg(args, 2);
        if (name.isEmpty()) {
            out.append("Missing process-wide variable identifier.\n");
            return;
        }
        Sample value = new Sample();
        if (!variables.get(name, value)) {
            out.append("Variable not found.\n");
            return;
        }
        out.append(name).append(": type=").append(typeName(value)).append(" value=");
        if (!value.castTo(SampleType.STRING)) {
            out.append("(undisplayable)");
            return;
        }
        out.append('<');
        CharSequence text = value.text();
        for (int i = value.start(); i < value.end(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '.');
        }
        out.append('>');
    }

    /** HAProxy's {@code smp_to_type[]}. */
    private static String typeName(Sample sample) {
        return switch (sample.type()) {
            case BOOLEAN -> "bool";
            case INTEGER -> "sint";
            case ADDRESS -> sample.address() instanceof Inet4Address ? "ipv4" : "ipv6";
            case BINARY -> "bin";
            case METHOD -> "meth";
            case STRING, ANY -> "str";
        };
    }
}
