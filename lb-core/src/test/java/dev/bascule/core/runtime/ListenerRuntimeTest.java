package dev.bascule.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.BindConfig;
import dev.bascule.api.config.ListenAddress;
import dev.bascule.api.config.ListenerOptions;
import dev.bascule.api.config.SourceLocation;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

/** Listener ids and names as HAProxy 2.6 gives them (seen in its {@code show stat} on the same binds). */
final class ListenerRuntimeTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    private static BindConfig bind(int port, Optional<String> name, OptionalInt id) {
        return new BindConfig(new ListenAddress.Inet("127.0.0.1", port), HERE, Optional.empty(),
                new ListenerOptions(name, id, false, false, false));
    }

    @Test
    void explicitIdsAreKeptAndTheOthersTakeTheFirstFreeFromTheirPosition() {
        List<ListenerRuntime> listeners = ListenerRuntime.of(List.of(
                bind(1, Optional.of("first"), OptionalInt.empty()),
                bind(2, Optional.empty(), OptionalInt.empty()),
                bind(3, Optional.empty(), OptionalInt.of(7)),
                bind(4, Optional.empty(), OptionalInt.empty()),
                bind(5, Optional.empty(), OptionalInt.empty()),
                bind(6, Optional.of("six"), OptionalInt.empty()),
                bind(7, Optional.empty(), OptionalInt.empty())), true);
        assertThat(listeners).extracting(listener -> listener.name() + "=" + listener.id())
                .containsExactly("first=1", "sock-2=2", "sock-7=7", "sock-4=4", "sock-5=5", "six=6", "sock-8=8");
        assertThat(listeners).allSatisfy(listener -> assertThat(listener.counters()).isNotNull());
    }

    @Test
    void withoutSocketStatsNothingCounts() {
        assertThat(ListenerRuntime.of(List.of(bind(1, Optional.empty(), OptionalInt.empty())), false))
                .allSatisfy(listener -> assertThat(listener.counters()).isNull());
    }
}
