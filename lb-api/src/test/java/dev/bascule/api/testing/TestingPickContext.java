package dev.bascule.api.testing;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;

/** A {@link PickContext} for tests of pickers. Shipped in lb-api's test-jar. */
public record TestingPickContext(int attempt, @Nullable Server previous) implements PickContext {
    /** The first attempt of a request: no retry, no previous server. */
    public static final TestingPickContext FIRST_ATTEMPT = new TestingPickContext(0, null);
}
