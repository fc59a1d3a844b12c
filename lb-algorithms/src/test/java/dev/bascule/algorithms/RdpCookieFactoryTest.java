package dev.bascule.algorithms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.Nullable;
import dev.bascule.api.balance.HashType;
import dev.bascule.api.balance.PickContext;
import dev.bascule.api.balance.Server;
import dev.bascule.api.balance.ServerLoad;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.balance.ServerSnapshot;

import org.junit.jupiter.api.Test;

import java.util.List;

/** {@code balance rdp-cookie}: the cookie's value is hashed; without one the map is walked in turn. */
final class RdpCookieFactoryTest {
    private record Idle(String name, int weight) implements Server, ServerLoad {
        @Override
        public ServerLoad load() {
            return this;
        }

        @Override
        public int inflight() {
            return 0;
        }
    }

    private record Held(@Nullable CharSequence requestPayload) implements PickContext {
        @Override
        public int attempt() {
            return 0;
        }

        @Override
        public Server previous() {
            return null;
        }
    }

    private static Held cookie(String line) {
        return new Held("\u0003\u0000\u0000\u0000\u0000\u00e0\u0000\u0000\u0000\u0000\u0000" + line);
    }

    @Test
    void theSameCookieGoesToTheSameServerAndNoneGoesInTurn() throws Exception {
        ServerPicker picker = new RdpCookieFactory().create(List.of(), HashType.DEFAULT).newPicker(
                new ServerSnapshot(List.of(new Idle("s1", 1), new Idle("s2", 1), new Idle("s3", 1)), 1), null);
        String alice = picker.pick(cookie("Cookie: mstshash=alice\r\n")).name();
        for (int i = 0; i < 5; i++) {
            assertThat(picker.pick(cookie("Cookie: MSTSHASH=alice\r\n")).name()).isEqualTo(alice);
        }
        // no cookie, an empty one, another name, no buffer: in turn
        assertThat(List.of(picker.pick(cookie("Cookie: mstshash=\r\n")).name(),
                picker.pick(cookie("Cookie: other=alice\r\n")).name(), picker.pick(new Held(null)).name()))
                .containsExactly("s1", "s2", "s3");
        ServerPicker named = new RdpCookieFactory().create(List.of("other"), HashType.DEFAULT).newPicker(
                new ServerSnapshot(List.of(new Idle("s1", 1), new Idle("s2", 1), new Idle("s3", 1)), 1), null);
        assertThat(named.pick(cookie("Cookie: other=alice\r\n")).name()).isEqualTo(alice);
        assertThatThrownBy(() -> new RdpCookieFactory().create(List.of("")))
                .hasMessage("rdp-cookie : missing cookie name.");
    }
}
