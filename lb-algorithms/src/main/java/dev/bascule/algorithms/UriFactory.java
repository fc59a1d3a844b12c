package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalanceArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.sample.HashFunction;

import java.util.List;

/**
 * {@code balance uri [whole] [len N] [depth N] [path-only]}: HAProxy's {@code get_server_uh()}.
 * The request target is hashed up to its {@code ?} (all of it with {@code whole}), at most its
 * first {@code len} characters, and up to the slash that starts level {@code depth + 1};
 * {@code path-only} first drops the scheme and authority of an absolute URI. Outside HTTP the
 * map is walked in turn.
 */
public final class UriFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "uri";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, HashType.DEFAULT);
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        boolean whole = false;
        boolean pathOnly = false;
        int len = 0;
        int depth = 0;
        int arg = 0;
        while (arg < arguments.size() && !arguments.get(arg).isEmpty()) {
            String word = arguments.get(arg);
            if (word.equals("len") || word.equals("depth")) {
                String value = arg + 1 < arguments.size() ? arguments.get(arg + 1) : "";
                int number = BalanceArguments.atoi(value);
                if (value.isEmpty() || number <= 0) {
                    throw new BalanceArgumentException("uri : '" + word + "' expects a positive integer (got '"
                            + value + "').");
                }
                if (word.equals("len")) {
                    len = number;
                } else {
                    depth = number;
                }
                arg += 2;
            } else if (word.equals("whole")) {
                whole = true;
                arg++;
            } else if (word.equals("path-only")) {
                pathOnly = true;
                arg++;
            } else {
                throw new BalanceArgumentException("uri only accepts parameters 'len', 'depth', 'path-only', and "
                        + "'whole' (got '" + word + "').");
            }
        }
        return new Uri(Hashing.function(hashType), hashType.avalanche(), hashType.consistent(), whole, pathOnly, len,
                depth);
    }

    static final class Uri extends MapHash {
        private final boolean whole;
        private final boolean pathOnly;
        private final int len;
        /** The number of the slash that ends the hashed part: depth + 1, or 0 for none. */
        private final int endingSlash;

        Uri(HashFunction function, boolean avalanche, boolean consistent, boolean whole, boolean pathOnly, int len,
            int depth) {
            super(function, avalanche, consistent);
            this.whole = whole;
            this.pathOnly = pathOnly;
            this.len = len;
            this.endingSlash = depth > 0 ? depth + 1 : 0;
        }

        @Override
        long key(PickContext context) {
            CharSequence uri = context.uri();
            if (uri == null) {
                return MISSING;
            }
            int from = 0;
            int to = uri.length();
            if (pathOnly) {
                from = pathStart(uri);
                if (from < 0) {
                    from = to;
                }
            }
            if (len > 0 && to - from > len) {
                to = from + len;
            }
            int end = from;
            int slashes = 0;
            while (end < to) {
                char c = uri.charAt(end);
                if (c == '/') {
                    if (++slashes == endingSlash) {
                        break;
                    }
                } else if (c == '?' && !whole) {
                    break;
                }
                end++;
            }
            return hash(uri, from, end);
        }
    }

    /**
     * Where the path of a request target starts, as HAProxy's {@code http_parse_path()}: 0 for an
     * origin-form target, after the scheme and authority of an absolute one, -1 when there is no
     * path (empty, {@code *}, authority form, or nothing after the authority).
     */
    static int pathStart(CharSequence uri) {
        int length = uri.length();
        if (length == 0 || uri.charAt(0) == '*') {
            return -1;
        }
        if (uri.charAt(0) == '/') {
            return 0;
        }
        int i = 0;
        if (!isAlpha(uri.charAt(0))) {
            return -1;
        }
        i++;
        while (i < length && (isAlnum(uri.charAt(i)) || uri.charAt(i) == '+' || uri.charAt(i) == '-'
                || uri.charAt(i) == '.')) {
            i++;
        }
        if (i + 3 > length || uri.charAt(i) != ':' || uri.charAt(i + 1) != '/' || uri.charAt(i + 2) != '/') {
            return -1;
        }
        i += 3;
        while (i < length && uri.charAt(i) != '/') {
            i++;
        }
        return i == length ? -1 : i;
    }

    private static boolean isAlpha(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isAlnum(char c) {
        return isAlpha(c) || c >= '0' && c <= '9';
    }
}
