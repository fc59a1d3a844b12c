package dev.bascule.api.balance;

import dev.bascule.api.InvalidArgumentException;

import java.util.List;

/** Serves one {@code balance <name>} keyword. Control plane only. */
public interface BalancingAlgorithmFactory {
    /** The keyword users write after {@code balance}, for example {@code roundrobin}. */
    String name();

    /**
     * Validates the words written after the name and returns the algorithm for one backend.
     *
     * @param arguments the words after the algorithm name, possibly none
     * @throws InvalidArgumentException when the arguments are not acceptable; the message says
     *                                  which and what was expected
     */
    BalancingAlgorithm create(List<String> arguments) throws InvalidArgumentException;

    /**
     * As {@link #create(List)}, for a backend whose {@code hash-type} is {@code hashType}. The
     * default ignores it: algorithms that hash override this one.
     *
     * @throws InvalidArgumentException when the arguments are not acceptable, or the hash type
     *                                  is not supported by this algorithm
     */
    default BalancingAlgorithm create(List<String> arguments, HashType hashType) throws InvalidArgumentException {
        return create(arguments);
    }
}
