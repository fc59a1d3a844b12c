package dev.bascule.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.ServerCheck;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

final class ServerHealthTest {
    private static final ServerCheck RISE_2_FALL_3 = new ServerCheck(true, Duration.ofSeconds(2),
            Optional.of(Duration.ofMillis(500)), Optional.of(Duration.ofSeconds(5)), 2, 3, OptionalInt.empty(),
            Optional.empty());

    @Test
    void countsLikeHaproxysHealthCounter() {
        ServerHealth health = new ServerHealth(RISE_2_FALL_3);
        assertThat(health.isUp()).isTrue();
        assertThat(health.health()).isEqualTo(2);
        assertThat(health.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(health.record(true)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.health()).isEqualTo(4);
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(health.record(false)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.record(true)).as("a success in between resets the count").isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.health()).isEqualTo(4);
        assertThat(health.record(false)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.record(false)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.record(false)).isEqualTo(ServerHealth.Transition.WENT_DOWN);
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(health.record(false)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.record(true)).isEqualTo(ServerHealth.Transition.NONE);
        assertThat(health.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(health.record(true)).isEqualTo(ServerHealth.Transition.WENT_UP);
        assertThat(health.health()).isEqualTo(4);
    }

    @Test
    void withoutFastinterAndDowninterEverythingRunsAtInter() {
        ServerCheck plain = new ServerCheck(true, Duration.ofSeconds(2), Optional.empty(), Optional.empty(), 2, 3,
                OptionalInt.empty(), Optional.empty());
        ServerHealth health = new ServerHealth(plain);
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(2));
        health.record(false);
        assertThat(health.isUp()).isFalse();
        assertThat(health.interval()).isEqualTo(Duration.ofSeconds(2));
    }
}
