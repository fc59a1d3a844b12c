package dev.bascule.algorithms;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.sample.HashFunction;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * {@code balance source}: the client's address picks the server, so a client keeps its server
 * while the farm does not change. HAProxy's {@code get_server_sh()}: the address's 32-bit words
 * XOR-ed (for IPv4 the address itself), through avalanche when {@code hash-type} says so, then
 * modulo the total weight in the weight map, or on the consistent-hash ring with
 * {@code hash-type consistent}. The hash function of {@code hash-type} does not apply. A backend
 * with a single usable server always picks it.
 */
public final class SourceFactory implements BalancingAlgorithmFactory {
    @Override
    public String name() {
        return "source";
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException {
        return create(arguments, HashType.DEFAULT);
    }

    @Override
    public BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        BalanceArguments.none(name(), arguments);
        return new Source(hashType.avalanche(), hashType.consistent());
    }

    private static final class Source extends MapHash {
        Source(boolean avalanche, boolean consistent) {
            super(HashFunction.SDBM, avalanche, consistent);
        }

        @Override
        long key(PickContext context) {
            return finish(SourceFactory.hash(context));
        }
    }

    /** The address's words XOR-ed, as HAProxy reads them in network order; 0 when unknown. */
    static int hash(PickContext context) {
        InetSocketAddress source = context.source();
        if (source == null || source.getAddress() == null) {
            return 0;
        }
        InetAddress address = source.getAddress();
        if (address instanceof Inet4Address) {
            // Inet4Address.hashCode() is the address in network order, without copying it
            return address.hashCode();
        }
        byte[] bytes = address.getAddress();
        int hash = 0;
        for (int offset = 0; offset + 4 <= bytes.length; offset += 4) {
            hash ^= (bytes[offset] & 0xff) << 24 | (bytes[offset + 1] & 0xff) << 16
                    | (bytes[offset + 2] & 0xff) << 8 | bytes[offset + 3] & 0xff;
        }
        return hash;
    }
}
