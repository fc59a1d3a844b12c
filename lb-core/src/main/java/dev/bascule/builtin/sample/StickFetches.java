package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.StickCounter;
import dev.bascule.api.sample.StickCounters;
import dev.bascule.api.sample.StickEntry;
import dev.bascule.api.sample.StickTableView;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The stick-counter fetches of HAProxy's {@code stick_table.c}: {@code sc_<name>(<slot>[,<table>])},
 * {@code sc0_<name>([<table>])} to {@code sc2_...}, and {@code src_<name>([<table>])}, which looks the
 * source address up without tracking it. A slot that tracks nothing gives no sample; an entry that
 * is not there (another table, or the source address) gives 0; a counter the table does not store
 * gives no sample.
 */
final class StickFetches {
    /** What a fetch does with the entry. */
    private enum Operation {
        READ, INCREMENT, CLEAR, KILO
    }

    /** One fetch name: the counter it reads and how. */
    private record Kind(String suffix, StickCounter counter, Operation operation) {
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("conn_cnt", StickCounter.CONN_CNT, Operation.READ),
            new Kind("conn_cur", StickCounter.CONN_CUR, Operation.READ),
            new Kind("conn_rate", StickCounter.CONN_RATE, Operation.READ),
            new Kind("sess_cnt", StickCounter.SESS_CNT, Operation.READ),
            new Kind("sess_rate", StickCounter.SESS_RATE, Operation.READ),
            new Kind("http_req_cnt", StickCounter.HTTP_REQ_CNT, Operation.READ),
            new Kind("http_req_rate", StickCounter.HTTP_REQ_RATE, Operation.READ),
            new Kind("http_err_cnt", StickCounter.HTTP_ERR_CNT, Operation.READ),
            new Kind("http_err_rate", StickCounter.HTTP_ERR_RATE, Operation.READ),
            new Kind("kbytes_in", StickCounter.BYTES_IN_CNT, Operation.KILO),
            new Kind("kbytes_out", StickCounter.BYTES_OUT_CNT, Operation.KILO),
            new Kind("get_gpc0", StickCounter.GPC0, Operation.READ),
            new Kind("gpc0_rate", StickCounter.GPC0_RATE, Operation.READ),
            new Kind("inc_gpc0", StickCounter.GPC0, Operation.INCREMENT),
            new Kind("clr_gpc0", StickCounter.GPC0, Operation.CLEAR),
            new Kind("get_gpc1", StickCounter.GPC1, Operation.READ),
            new Kind("gpc1_rate", StickCounter.GPC1_RATE, Operation.READ),
            new Kind("inc_gpc1", StickCounter.GPC1, Operation.INCREMENT),
            new Kind("clr_gpc1", StickCounter.GPC1, Operation.CLEAR),
            new Kind("get_gpt0", StickCounter.GPT0, Operation.READ));

    /** {@code sc_*} and {@code sc0_*} read internal state, usable everywhere; {@code src_*} the connection's address. */
    private static final Set<Phase> ANYWHERE = BuiltinFetchFactory.ANYWHERE;

    private StickFetches() {
    }

    static List<SampleFetchFactory> all() {
        List<SampleFetchFactory> fetches = new ArrayList<>();
        for (Kind kind : KINDS) {
            fetches.add(new Factory("sc_" + kind.suffix(), -1, kind));
            for (int slot = 0; slot < StickCounters.SLOTS; slot++) {
                fetches.add(new Factory("sc" + slot + "_" + kind.suffix(), slot, kind));
            }
            fetches.add(new Factory("src_" + kind.suffix(), -2, kind));
        }
        fetches.add(new TableFactory("table_cnt", false));
        fetches.add(new TableFactory("table_avl", true));
        fetches.add(new Factory("sc_tracked", -1, null));
        for (int slot = 0; slot < StickCounters.SLOTS; slot++) {
            fetches.add(new Factory("sc" + slot + "_tracked", slot, null));
        }
        return fetches;
    }

    /** A keyword: {@code slot} -1 for {@code sc_*} (the slot is the first argument), -2 for {@code src_*}. */
    private static final class Factory implements SampleFetchFactory {
        private final String keyword;
        private final int slot;
        private final Kind kind;

        Factory(String keyword, int slot, Kind kind) {
            this.keyword = keyword;
            this.slot = slot;
            this.kind = kind;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        @Override
        public SampleType outputType() {
            return kind == null ? SampleType.BOOLEAN : SampleType.INTEGER;
        }

        @Override
        public Set<Phase> availableIn() {
            return ANYWHERE;
        }

        @Override
        public int tableArgument() {
            return slot == -1 ? 1 : 0;
        }

        @Override
        public boolean tableDefaultsToProxy() {
            return slot == -2;
        }

        @Override
        public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
            int fixedSlot = slot;
            int tableIndex = tableArgument();
            if (slot == -1) {
                if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
                    // haproxy 2.6.12's words
                    throw new InvalidArgumentException("fetch method '" + keyword + "' : expected type 'integer' at"
                            + " position 1, but got nothing");
                }
                fixedSlot = (int) Math.max(-1, Math.min(Integer.MAX_VALUE,
                        FetchArguments.optionalInteger(keyword, arguments, 0, 0)));
            }
            FetchArguments.atMost(keyword, arguments, tableIndex + 1);
            String table = tableIndex < arguments.size() && !arguments.get(tableIndex).isEmpty()
                    ? arguments.get(tableIndex) : null;
            if (kind == null) {
                return tracked(fixedSlot, table);
            }
            return slot == -2 ? source(table, kind) : counter(fixedSlot, table, kind);
        }
    }

    /** {@code table_cnt([<table>])}, {@code table_avl([<table>])}: the entries a table holds, or has room for. */
    private static final class TableFactory implements SampleFetchFactory {
        private final String keyword;
        private final boolean available;

        TableFactory(String keyword, boolean available) {
            this.keyword = keyword;
            this.available = available;
        }

        @Override
        public String keyword() {
            return keyword;
        }

        @Override
        public SampleType outputType() {
            return SampleType.INTEGER;
        }

        @Override
        public Set<Phase> availableIn() {
            return ANYWHERE;
        }

        @Override
        public int tableArgument() {
            return 0;
        }

        @Override
        public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
            FetchArguments.atMost(keyword, arguments, 1);
            String table = arguments.isEmpty() || arguments.get(0).isEmpty() ? null : arguments.get(0);
            return (traffic, out) -> {
                StickCounters counters = traffic.stickCounters();
                StickTableView view = counters == null || table == null ? null : counters.table(table);
                if (view == null) {
                    return false;
                }
                out.setInteger(available ? Math.max(0, view.capacity() - view.used()) : view.used());
                return true;
            };
        }
    }

    private static SampleFetch tracked(int slot, String table) {
        return (traffic, out) -> {
            StickCounters counters = traffic.stickCounters();
            out.setBoolean(counters != null && counters.tracked(slot) != null);
            return true;
        };
    }

    private static SampleFetch counter(int slot, String table, Kind kind) {
        return (traffic, out) -> {
            StickCounters counters = traffic.stickCounters();
            if (counters == null) {
                return false;
            }
            StickEntry entry = counters.tracked(slot);
            if (entry == null) {
                return false;
            }
            if (table != null) {
                StickTableView other = counters.table(table);
                if (other == null) {
                    return false;
                }
                entry = other.lookup(entry);
                if (entry == null) {
                    out.setInteger(0);
                    return true;
                }
            }
            return apply(entry, kind, out);
        };
    }

    private static SampleFetch source(String table, Kind kind) {
        boolean create = kind.operation() == Operation.INCREMENT || kind.operation() == Operation.CLEAR;
        return (traffic, out) -> {
            StickCounters counters = traffic.stickCounters();
            if (counters == null || table == null) {
                return false;
            }
            StickTableView view = counters.table(table);
            InetAddress address = traffic.source() == null ? null : traffic.source().getAddress();
            if (view == null || address == null) {
                return false;
            }
            StickEntry entry = view.lookup(address, create);
            if (entry == null) {
                out.setInteger(0);
                return true;
            }
            return apply(entry, kind, out);
        };
    }

    private static boolean apply(StickEntry entry, Kind kind, Sample out) {
        long value;
        switch (kind.operation()) {
            case INCREMENT:
                value = entry.increment(kind.counter());
                break;
            case CLEAR:
                value = entry.clear(kind.counter());
                break;
            case KILO:
                value = entry.read(kind.counter());
                value = value < 0 ? value : value >> 10;
                break;
            default:
                value = entry.read(kind.counter());
                break;
        }
        if (value < 0) {
            return false;
        }
        out.setInteger(value);
        return true;
    }
}
