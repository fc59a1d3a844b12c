package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalanceArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.sample.HashFunction;
import dev.bascule.api.sample.RdpCookie;

import java.util.List;

/**
 * {@code balance rdp-cookie[(<name>)]}: HAProxy's {@code get_server_rch()}. The value of the RDP
 * connection request's cookie {@code name} ({@code mstshash} by default), read from the bytes
 * {@code tcp-request content} rules held, is hashed; without it (no cookie yet, an empty one, or
 * no rules that waited for it), the map is walked in turn.
 */
public final class RdpCookieFactory implements BalancingAlgorithmFactory {
    /** The cookie Microsoft's clients send, HAProxy's default. */
    static final String DEFAULT_COOKIE = "mstshash";

    @Override
    public String name() {
        return "rdp-cookie";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, HashType.DEFAULT);
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        String cookie = DEFAULT_COOKIE;
        if (!arguments.isEmpty()) {
            if (arguments.get(0).isEmpty()) {
                throw new BalanceArgumentException("rdp-cookie : missing cookie name.");
            }
            cookie = arguments.get(0);
        }
        return new RdpCookieHash(Hashing.function(hashType), hashType.avalanche(), hashType.consistent(), cookie);
    }

    static final class RdpCookieHash extends MapHash {
        private final String cookie;

        RdpCookieHash(HashFunction function, boolean avalanche, boolean consistent, String cookie) {
            super(function, avalanche, consistent);
            this.cookie = cookie;
        }

        @Override
        long key(PickContext context) {
            CharSequence payload = context.requestPayload();
            if (payload == null) {
                return MISSING;
            }
            long found = RdpCookie.find(payload, cookie);
            if (found < 0 || RdpCookie.start(found) == RdpCookie.end(found)) {
                return MISSING;
            }
            return hash(payload, RdpCookie.start(found), RdpCookie.end(found));
        }
    }
}
