package dev.bascule.api.sample;

import dev.bascule.api.Nullable;

/**
 * A data type a stick table can store ({@code store} of a {@code stick-table} line), HAProxy's
 * {@code stktable_data_types}. The {@code *_rate} ones count events over a period given in the
 * line ({@code conn_rate(10s)}).
 */
public enum StickCounter {
    CONN_CNT("conn_cnt", false),
    CONN_CUR("conn_cur", false),
    CONN_RATE("conn_rate", true),
    SESS_CNT("sess_cnt", false),
    SESS_RATE("sess_rate", true),
    HTTP_REQ_CNT("http_req_cnt", false),
    HTTP_REQ_RATE("http_req_rate", true),
    HTTP_ERR_CNT("http_err_cnt", false),
    HTTP_ERR_RATE("http_err_rate", true),
    BYTES_IN_CNT("bytes_in_cnt", false),
    BYTES_OUT_CNT("bytes_out_cnt", false),
    GPC0("gpc0", false),
    GPC0_RATE("gpc0_rate", true),
    GPC1("gpc1", false),
    GPC1_RATE("gpc1_rate", true),
    GPT0("gpt0", false);

    private static final StickCounter[] VALUES = values();

    private final String keyword;
    private final boolean rate;

    StickCounter(String keyword, boolean rate) {
        this.keyword = keyword;
        this.rate = rate;
    }

    /** The word of the {@code store} list. */
    public String keyword() {
        return keyword;
    }

    /** Whether it counts over a period (it then takes one in parentheses). */
    public boolean rate() {
        return rate;
    }

    /** The counter a {@code store} word names, or null. */
    public static @Nullable StickCounter of(String keyword) {
        for (StickCounter counter : VALUES) {
            if (counter.keyword.equals(keyword)) {
                return counter;
            }
        }
        return null;
    }
}
