package dev.bascule.core.stick;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.StickCounter;
import dev.bascule.api.sample.StickCounters;

import java.util.Map;

/**
 * The stick counters of one client connection: the entries its session tracks
 * ({@code tcp-request connection|session track-sc*}, kept until the connection ends) and those
 * its current stream tracks ({@code tcp-request content}, {@code http-request}; released at the end
 * of each stream, that is of each HTTP request). HAProxy's {@code sess->stkctr} and
 * {@code s->stkctr}. One event loop only; the entries themselves are shared and atomic.
 */
public final class StickTracker implements StickCounters {
    private final Map<String, StickTable> tables;
    private final Entry[] session = new Entry[SLOTS];
    private final Entry[] stream = new Entry[SLOTS];

    public StickTracker(Map<String, StickTable> tables) {
        this.tables = requireNonNull(tables, "tables");
    }

    @Override
    public @Nullable Entry tracked(int slot) {
        if (slot < 0 || slot >= SLOTS) {
            return null;
        }
        Entry entry = stream[slot];
        return entry != null ? entry : session[slot];
    }

    @Override
    public @Nullable StickTable table(String name) {
        return tables.get(name);
    }

    /** Whether the session ({@code sessionLevel}) or the stream already tracks something in the slot. */
    public boolean tracking(boolean sessionLevel, int slot) {
        return (sessionLevel ? session : stream)[slot] != null;
    }

    /**
     * A {@code track-sc<slot>} rule: unless the slot is taken, the entry of the sample's key in
     * {@code table} (created when needed) is tracked, its connection counters counted (HAProxy's
     * {@code stream_start_counters()}); {@code httpRequest}: and the current request
     * ({@code http-request track-sc}, which runs after the request was counted).
     */
    public void track(boolean sessionLevel, int slot, StickTable table, Sample key, boolean httpRequest) {
        Entry[] slots = sessionLevel ? session : stream;
        if (slots[slot] != null) {
            return;
        }
        Object converted = table.key(key);
        if (converted == null) {
            return;
        }
        Entry entry = table.acquire(converted);
        if (entry == null) {
            return;
        }
        slots[slot] = entry;
        long now = table.now();
        entry.addValue(StickCounter.CONN_CUR, 1);
        entry.add(StickCounter.CONN_CNT, 1, now);
        entry.add(StickCounter.CONN_RATE, 1, now);
        if (httpRequest) {
            entry.add(StickCounter.HTTP_REQ_CNT, 1, now);
            entry.add(StickCounter.HTTP_REQ_RATE, 1, now);
        }
        entry.touch(now);
    }

    /** The session was accepted ({@code tcp-request session} passed): its entries count it. */
    public void sessionStarted() {
        for (Entry entry : session) {
            if (entry != null) {
                entry.count(StickCounter.SESS_CNT, StickCounter.SESS_RATE, 1);
            }
        }
    }

    /** A request head was received (HAProxy's {@code stream_inc_http_req_ctr()}). */
    public void httpRequest() {
        countPerSlot(StickCounter.HTTP_REQ_CNT, StickCounter.HTTP_REQ_RATE, 1);
    }

    /** A 4xx response or error (HAProxy's {@code stream_inc_http_err_ctr()}). */
    public void httpError() {
        countPerSlot(StickCounter.HTTP_ERR_CNT, StickCounter.HTTP_ERR_RATE, 1);
    }

    /** Bytes received from the client and sent to it during the stream. */
    public void bytes(long in, long out) {
        if (in > 0) {
            countPerSlot(StickCounter.BYTES_IN_CNT, null, in);
        }
        if (out > 0) {
            countPerSlot(StickCounter.BYTES_OUT_CNT, null, out);
        }
    }

    private void countPerSlot(StickCounter count, @Nullable StickCounter rate, long amount) {
        for (int i = 0; i < SLOTS; i++) {
            Entry entry = tracked(i);
            if (entry != null) {
                entry.count(count, rate, amount);
            }
        }
    }

    /** The stream ended: its entries are released, their {@code conn_cur} goes down. */
    public void endStream() {
        release(stream);
    }

    /** The connection closed: the stream's entries, then the session's, are released. */
    public void endSession() {
        release(stream);
        release(session);
    }

    private static void release(Entry[] slots) {
        for (int i = 0; i < SLOTS; i++) {
            Entry entry = slots[i];
            if (entry != null) {
                slots[i] = null;
                entry.addValue(StickCounter.CONN_CUR, -1);
                entry.release();
            }
        }
    }
}
