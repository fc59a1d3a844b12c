package dev.bascule.api.testing;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;

import java.net.InetSocketAddress;

/** A {@link PickContext} for tests of pickers. Shipped in lb-api's test-jar. */
public record TestingPickContext(int attempt, @Nullable Server previous, @Nullable InetSocketAddress source)
        implements PickContext {
    /** The first attempt of a request: no retry, no previous server, no known client. */
    public static final TestingPickContext FIRST_ATTEMPT = new TestingPickContext(0, null, null);

    /** The first attempt of a request from {@code client} (an IP literal). */
    public static TestingPickContext from(String client) {
        return new TestingPickContext(0, null, new InetSocketAddress(client, 40000));
    }
}
