package dev.bascule.core.stick;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.sample.StickCounter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The runtime API's {@code show table [NAME]} and {@code clear table NAME} (level operator), with
 * HAProxy 2.6's answers ({@code stick_table.c}); filters ({@code data.<type> <op> <value>}, {@code key <k>}) and
 * {@code set table} are not served.
 */
public final class StickTableCommands {
    /** The usage lines, as {@code help} prints them. */
    public static final List<String> USAGE = List.of(
            "clear table <table> [<filter>]*         : remove an entry from a table (filter: data/key)",
            "show table <table> [<filter>]*          : report table usage stats or dump this table's contents"
                    + " (filter: data/key)");

    /** HAProxy's data types in their id order, which {@code show table} prints entries' data in. */
    private static final List<StickCounter> ORDER = List.of(StickCounter.GPT0, StickCounter.GPC0,
            StickCounter.GPC0_RATE, StickCounter.CONN_CNT, StickCounter.CONN_RATE, StickCounter.CONN_CUR,
            StickCounter.SESS_CNT, StickCounter.SESS_RATE, StickCounter.HTTP_REQ_CNT, StickCounter.HTTP_REQ_RATE,
            StickCounter.HTTP_ERR_CNT, StickCounter.HTTP_ERR_RATE, StickCounter.BYTES_IN_CNT,
            StickCounter.BYTES_OUT_CNT, StickCounter.GPC1, StickCounter.GPC1_RATE);

    private final Map<String, StickTable> tables;

    public StickTableCommands(Map<String, StickTable> tables) {
        this.tables = requireNonNull(tables, "tables");
    }

    /**
     * Runs {@code args}, appending the answer to {@code out} without the final newline.
     *
     * @return false when the command is not one of these
     */
    public boolean execute(List<String> args, String level, StringBuilder out) {
        if (args.size() < 2 || !args.get(1).equals("table")
                || !args.get(0).equals("show") && !args.get(0).equals("clear")) {
            return false;
        }
        if (level.equals("user")) {
            out.append("Permission denied\n");
            return true;
        }
        String verb = args.get(0);
        String name = args.size() > 2 ? args.get(2) : "";
        if (verb.equals("show")) {
            if (name.isEmpty()) {
                // HAProxy lists its proxies last declared first
                List<StickTable> all = new ArrayList<>(tables.values());
                for (int i = all.size() - 1; i >= 0; i--) {
                    header(all.get(i), out);
                }
                return true;
            }
            StickTable table = tables.get(name);
            if (table == null) {
                out.append("No such table\n");
                return true;
            }
            if (args.size() > 3) {
                out.append("Filters on 'show table' are not implemented yet by Bascule\n");
                return true;
            }
            header(table, out);
            long now = table.now();
            for (Entry entry : table.snapshot()) {
                entry(table, entry, now, out);
            }
            return true;
        }
        if (verb.equals("clear")) {
            if (name.isEmpty()) {
                out.append("Required arguments: <table> \"data.<store_data_type>\" <operator> <value> or <table>"
                        + " key <key>\n");
                return true;
            }
            StickTable table = tables.get(name);
            if (table == null) {
                out.append("No such table\n");
                return true;
            }
            if (args.size() > 3) {
                out.append("Filters on 'clear table' are not implemented yet by Bascule\n");
                return true;
            }
            table.clear();
            return true;
        }
        return false;
    }

    private static void header(StickTable table, StringBuilder out) {
        StickTableConfig config = table.config();
        out.append("# table: ").append(table.name()).append(", type: ")
                .append(config.keyType().name().toLowerCase(Locale.ROOT)).append(", size:").append(config.size())
                .append(", used:").append(table.snapshot().size()).append('\n');
    }

    private static void entry(StickTable table, Entry entry, long now, StringBuilder out) {
        out.append("0x").append(String.format("%012x", System.identityHashCode(entry))).append(": key=")
                .append(entry.keyText()).append(" use=").append(entry.references()).append(" exp=")
                .append(table.expireMillis() > 0 ? Math.max(0, entry.expireAt() - now) : 0);
        for (StickCounter counter : ORDER) {
            if (!table.stores(counter)) {
                continue;
            }
            out.append(' ').append(counter.keyword());
            if (counter.rate()) {
                out.append('(').append(table.period(counter)).append(')');
            }
            out.append('=').append(entry.read(counter));
        }
        out.append('\n');
    }
}
