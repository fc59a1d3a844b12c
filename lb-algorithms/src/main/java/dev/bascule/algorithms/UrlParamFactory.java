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
 * {@code balance url_param <param>}: HAProxy's {@code get_server_ph()}. The value of the first
 * {@code param=} of the query string (up to the next {@code &}) is hashed; without it the map
 * is walked in turn. {@code check_post} (looking into a POST body) is refused, not implemented.
 */
public final class UrlParamFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "url_param";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, HashType.DEFAULT);
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
            throw new BalanceArgumentException("url_param requires an URL parameter name.");
        }
        if (arguments.size() > 1 && !arguments.get(1).isEmpty()) {
            if (!arguments.get(1).equals("check_post")) {
                throw new BalanceArgumentException("url_param only accepts 'check_post' modifier (got '"
                        + arguments.get(1) + "').");
            }
            throw new BalanceArgumentException("url_param : 'check_post' is not implemented yet.");
        }
        return new UrlParam(Hashing.function(hashType), hashType.avalanche(), hashType.consistent(),
                arguments.get(0));
    }

    static final class UrlParam extends MapHash {
        private final String name;

        UrlParam(HashFunction function, boolean avalanche, boolean consistent, String name) {
            super(function, avalanche, consistent);
            this.name = name;
        }

        @Override
        long key(PickContext context) {
            CharSequence uri = context.uri();
            if (uri == null) {
                return MISSING;
            }
            int length = uri.length();
            int query = indexOf(uri, '?', 0, length);
            if (query < 0) {
                return MISSING;
            }
            int plen = name.length();
            int params = query + 1;
            // a parameter is looked at while more than its name is left, as HAProxy does
            while (length - params > plen) {
                if (uri.charAt(params + plen) == '=' && regionMatches(uri, params)) {
                    int start = params + plen + 1;
                    int end = indexOf(uri, '&', start, length);
                    return hash(uri, start, end < 0 ? length : end);
                }
                int next = indexOf(uri, '&', params, length);
                if (next < 0) {
                    return MISSING;
                }
                params = next + 1;
            }
            return MISSING;
        }

        private boolean regionMatches(CharSequence uri, int at) {
            for (int i = 0; i < name.length(); i++) {
                if (uri.charAt(at + i) != name.charAt(i)) {
                    return false;
                }
            }
            return true;
        }
    }

    static int indexOf(CharSequence text, char c, int from, int to) {
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
    }
}
