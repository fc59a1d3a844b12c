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
 * {@code balance hdr(<name>) [use_domain_only]}: HAProxy's {@code get_server_hh()}. The first
 * value of the first such request header (up to a comma, blanks trimmed) is hashed; with
 * {@code use_domain_only}, only the label before the last dot (the {@code example} of
 * {@code www.example.com}). A missing or empty header walks the map in turn.
 */
public final class HdrFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "hdr";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, HashType.DEFAULT);
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        if (arguments.isEmpty() || arguments.get(0).isEmpty()) {
            throw new BalanceArgumentException("hdr requires an http header field name.");
        }
        boolean domainOnly = false;
        if (arguments.size() > 1 && !arguments.get(1).isEmpty()) {
            if (!arguments.get(1).equals("use_domain_only")) {
                throw new BalanceArgumentException("hdr(" + arguments.get(0) + ") only accepts 'use_domain_only' "
                        + "modifier (got '" + arguments.get(1) + "').");
            }
            domainOnly = true;
        }
        return new Hdr(Hashing.function(hashType), hashType.avalanche(), hashType.consistent(), arguments.get(0),
                domainOnly);
    }

    static final class Hdr extends MapHash {
        private final String header;
        private final boolean domainOnly;

        Hdr(HashFunction function, boolean avalanche, boolean consistent, String header, boolean domainOnly) {
            super(function, avalanche, consistent);
            this.header = header;
            this.domainOnly = domainOnly;
        }

        @Override
        long key(PickContext context) {
            CharSequence value = context.requestHeader(header);
            if (value == null) {
                return MISSING;
            }
            // the first of the comma-separated values, without its surrounding blanks
            int from = 0;
            int to = value.length();
            while (from < to && isBlank(value.charAt(from))) {
                from++;
            }
            int comma = UrlParamFactory.indexOf(value, ',', from, to);
            if (comma >= 0) {
                to = comma;
            }
            while (to > from && isBlank(value.charAt(to - 1))) {
                to--;
            }
            if (to == from) {
                return MISSING;
            }
            if (!domainOnly) {
                return hash(value, from, to);
            }
            // from the end: the label ending at the last dot, starting after the dot before it
            int end = to;
            int p = to;
            boolean inDomain = false;
            while (p > from) {
                if (inDomain) {
                    if (value.charAt(p - 1) == '.') {
                        break;
                    }
                } else if (p < to && value.charAt(p) == '.') {
                    end = p;
                    inDomain = true;
                }
                p--;
            }
            return hash(value, p, end);
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
