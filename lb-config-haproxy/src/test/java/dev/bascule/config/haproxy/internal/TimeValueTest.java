package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

final class TimeValueTest {
    private static long millis(String text) {
        return ((TimeValue.Valid) TimeValue.parseMillis(text)).millis();
    }

    @Test
    void noUnitMeansMilliseconds() {
        assertThat(millis("1500")).isEqualTo(1500);
    }

    @Test
    void units() {
        assertThat(millis("1500us")).isEqualTo(2);
        assertThat(millis("1us")).isEqualTo(1);
        assertThat(millis("250ms")).isEqualTo(250);
        assertThat(millis("10s")).isEqualTo(10_000);
        assertThat(millis("10m")).isEqualTo(600_000);
        assertThat(millis("2h")).isEqualTo(7_200_000);
        assertThat(millis("1d")).isEqualTo(86_400_000);
    }

    @Test
    void zeroMeansNotSet() {
        assertThat(((TimeValue.Valid) TimeValue.parseMillis("0s")).duration()).isEmpty();
        assertThat(((TimeValue.Valid) TimeValue.parseMillis("5s")).duration()).contains(Duration.ofSeconds(5));
    }

    @Test
    void unknownUnit() {
        assertThat(TimeValue.parseMillis("10x")).isEqualTo(new TimeValue.UnexpectedCharacter('x'));
        assertThat(TimeValue.parseMillis("10u")).isEqualTo(new TimeValue.UnexpectedCharacter('u'));
        assertThat(TimeValue.parseMillis("s10")).isEqualTo(new TimeValue.UnexpectedCharacter('s'));
        assertThat(TimeValue.parseMillis("-1")).isEqualTo(new TimeValue.UnexpectedCharacter('-'));
    }

    @Test
    void trailingCharacterAfterAUnitIsOnlyWorthAWarning() {
        assertThat(TimeValue.parseMillis("1sx")).isEqualTo(new TimeValue.Valid(1000, Optional.of('x')));
    }

    @Test
    void overflow() {
        assertThat(millis("2147483647")).isEqualTo(2_147_483_647L);
        assertThat(TimeValue.parseMillis("2147483648")).isEqualTo(new TimeValue.Overflow());
        assertThat(TimeValue.parseMillis("25d")).isEqualTo(new TimeValue.Overflow());
        assertThat(TimeValue.parseMillis("99999999999999999999999d")).isEqualTo(new TimeValue.Overflow());
    }
}
