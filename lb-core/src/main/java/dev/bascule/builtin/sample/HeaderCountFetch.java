package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * {@code req.hdr_cnt} (values, commas split) and {@code req.fhdr_cnt} (lines): how many the
 * headers named by the optional argument hold; without a name, every header counts, as
 * HAProxy's {@code smp_fetch_hdr_cnt()}.
 */
final class HeaderCountFetch implements SampleFetch {
    private final String name;
    private final boolean fullLines;

    private HeaderCountFetch(String name, boolean fullLines) {
        this.name = name;
        this.fullLines = fullLines;
    }

    static SampleFetch create(String keyword, List<String> arguments, boolean fullLines)
            throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        String name = FetchArguments.optionalString(arguments, 0);
        return new HeaderCountFetch(name == null ? "" : name, fullLines);
    }

    @Override
    public boolean fetch(TrafficView traffic, Sample out) {
        out.setInteger(HeaderFetch.countValues(traffic, name, fullLines));
        out.setMore(false);
        return true;
    }
}
