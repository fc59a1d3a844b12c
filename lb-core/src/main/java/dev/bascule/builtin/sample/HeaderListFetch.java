package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.util.List;

/**
 * {@code req.hdrs} (every header line as HTTP/1 writes it, the empty line included) and
 * {@code req.hdr_names([delim])} / {@code res.hdr_names}: HAProxy 2.6's {@code smp_fetch_hdrs()} and
 * {@code smp_fetch_hdr_names()}. Names are lower case, as HAProxy's HTX stores them.
 */
final class HeaderListFetch {
    private HeaderListFetch() {
    }

    /** {@code req.hdrs}. */
    static SampleFetch lines(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.none(keyword, arguments);
        return HeaderListFetch::lines;
    }

    private static boolean lines(TrafficView traffic, Sample out) {
        StringBuilder text = out.scratch();
        for (int i = 0, count = traffic.requestHeaderCount(); i < count; i++) {
            lowerCase(text, traffic.requestHeaderName(i));
            text.append(": ").append(traffic.requestHeaderValue(i)).append("\r\n");
        }
        text.append("\r\n");
        out.setString(text);
        return true;
    }

    /** {@code req.hdr_names([delim])}: the names joined by the delimiter's first character (',' by default). */
    static SampleFetch names(String keyword, List<String> arguments) throws InvalidArgumentException {
        FetchArguments.atMost(keyword, arguments, 1);
        char delimiter = arguments.isEmpty() ? ',' : arguments.get(0).isEmpty() ? '\0' : arguments.get(0).charAt(0);
        return (traffic, out) -> {
            StringBuilder text = out.scratch();
            for (int i = 0, count = traffic.requestHeaderCount(); i < count; i++) {
                if (i > 0) {
                    text.append(delimiter);
                }
                lowerCase(text, traffic.requestHeaderName(i));
            }
            out.setString(text);
            return true;
        };
    }

    private static void lowerCase(StringBuilder text, CharSequence name) {
        for (int i = 0, length = name.length(); i < length; i++) {
            char c = name.charAt(i);
            text.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
    }
}
