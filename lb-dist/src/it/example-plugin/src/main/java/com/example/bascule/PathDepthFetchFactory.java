package com.example.bascule;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The sample fetch {@code example.path_depth}: how many segments the request's path has, an
 * integer. {@code /} is 0, {@code /api/users} 2, {@code /api/users/42?full=1} 3; empty segments
 * ({@code //}) do not count. In an absolute-form target ({@code http://host/a/b}) the path starts
 * after the authority. Use it as any fetch: {@code acl deep example.path_depth gt 4},
 * {@code http-response set-header x-depth %[example.path_depth]}.
 *
 * <p>The factory runs on the control plane, when the configuration is loaded: it checks the
 * arguments once and may allocate. The {@link SampleFetch} it returns runs on event loops, for
 * every request, from several threads at once: it keeps no state, writes its result into the
 * {@link Sample} the host passes in, and allocates nothing.
 */
public final class PathDepthFetchFactory implements SampleFetchFactory {
    @Override
    public String keyword() {
        return "example.path_depth";
    }

    @Override
    public SampleType outputType() {
        return SampleType.INTEGER;
    }

    /**
     * The request line is known from the request rules on, and kept until the response has been
     * handled: the fetch can be used in {@code http-request} and {@code http-response} rules. The
     * loader refuses it anywhere else, with the line.
     */
    @Override
    public Set<Phase> availableIn() {
        return EnumSet.of(Phase.HTTP_REQUEST, Phase.HTTP_RESPONSE);
    }

    /** {@code example.path_depth} takes no argument: {@code example.path_depth(3)} is a load error. */
    @Override
    public SampleFetch create(List<String> arguments) throws InvalidArgumentException {
        if (!arguments.isEmpty()) {
            // becomes "[ALERT] ... parsing [file:line] : ... invalid args in fetch method 'example.path_depth' : ..."
            throw new InvalidArgumentException("takes no argument (got " + arguments.size() + ")");
        }
        return PathDepthFetchFactory::fetch;
    }

    /** Event loop: reads the target through the view and sets an integer. No allocation. */
    private static boolean fetch(TrafficView traffic, Sample out) {
        CharSequence target = traffic.uri();
        if (target == null) {
            return false; // not an HTTP stream: the sample has no value
        }
        int from = pathStart(target);
        if (from < 0) {
            return false; // "*" or an authority (CONNECT): no path
        }
        int depth = 0;
        boolean inSegment = false;
        for (int i = from; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '?' || c == '#') {
                break;
            }
            if (c == '/') {
                inSegment = false;
            } else if (!inSegment) {
                inSegment = true;
                depth++;
            }
        }
        out.setInteger(depth);
        return true;
    }

    /** Where the path starts: 0 in origin form, after the authority in absolute form; -1 when there is none. */
    private static int pathStart(CharSequence target) {
        if (target.length() > 0 && target.charAt(0) == '/') {
            return 0;
        }
        // absolute form: scheme "://" authority [path] [query]; a missing path is "/"
        for (int i = 0; i + 2 < target.length(); i++) {
            if (target.charAt(i) == ':' && target.charAt(i + 1) == '/' && target.charAt(i + 2) == '/') {
                for (int j = i + 3; j < target.length(); j++) {
                    char c = target.charAt(j);
                    if (c == '/' || c == '?' || c == '#') {
                        return j;
                    }
                }
                return target.length();
            }
        }
        return -1;
    }
}
