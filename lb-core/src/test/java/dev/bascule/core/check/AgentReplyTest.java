package dev.bascule.core.check;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The agent's line as HAProxy 2.6's {@code tcpcheck_agent_expect_reply()} reads it. */
final class AgentReplyTest {
    @Test
    void wordsOfEveryKindInAnyOrderTheLastOfAKindWinning() {
        AgentReply reply = AgentReply.parse("75%,maxconn:30,maint,down");
        assertThat(reply).isEqualTo(new AgentReply("down", "maint", "75%", "30", null, ""));

        assertThat(AgentReply.parse(" up\tdrain , 10% 20% ready DOWN"))
                .isEqualTo(new AgentReply("DOWN", "ready", "20%", null, null, ""));
        assertThat(AgentReply.parse("Stopped").healthEffect()).isEqualTo(AgentReply.Health.DOWN);
        assertThat(AgentReply.parse("fail").healthEffect()).isEqualTo(AgentReply.Health.DOWN);
        assertThat(AgentReply.parse("UP").healthEffect()).isEqualTo(AgentReply.Health.UP);
        assertThat(AgentReply.parse("50%").healthEffect()).isNull();
    }

    @Test
    void theFirstUnknownWordIsTheErrorAndASharpStartsTheDescription() {
        assertThat(AgentReply.parse("bogus other up")).isEqualTo(new AgentReply("up", null, null, null, "bogus", ""));
        assertThat(AgentReply.parse("down #  disk full, sorry"))
                .isEqualTo(new AgentReply("down", null, null, null, null, "disk full, sorry"));
        // a weight starts with a digit and has a '%' somewhere; anything else is an error
        assertThat(AgentReply.parse("%50").error()).isEqualTo("%50");
        assertThat(AgentReply.parse("5x%").weight()).isEqualTo("5x%");
        assertThat(AgentReply.parse("")).isEqualTo(new AgentReply(null, null, null, null, null, ""));
    }

    @Test
    void aLineEndsAtTheFirstCrOrLf() {
        assertThat(AgentReply.line("up\r\nignored\n")).isEqualTo("up");
        assertThat(AgentReply.line("drain\n")).isEqualTo("drain");
        assertThat(AgentReply.line("no end yet")).isNull();
        assertThat(AgentReply.line("")).isNull();
    }

    @Test
    void weightsAreRelativeToTheConfiguredOne() {
        assertThat(AgentReply.weight("75%", 100, true)).isEqualTo(new AgentReply.WeightChange(75, null));
        assertThat(AgentReply.weight("50%", 3, true)).isEqualTo(new AgentReply.WeightChange(1, null));
        assertThat(AgentReply.weight("1000%", 100, true)).isEqualTo(new AgentReply.WeightChange(256, null));
        assertThat(AgentReply.weight("0%", 100, false)).isEqualTo(new AgentReply.WeightChange(0, null));
        assertThat(AgentReply.weight("100%", 100, false)).isEqualTo(new AgentReply.WeightChange(100, null));
        assertThat(AgentReply.weight("50%", 100, false).warning()).isEqualTo("Backend is using a static LB"
                + " algorithm and only accepts weights '0%' and '100%'.\n");
        assertThat(AgentReply.weight("5x%", 100, true).warning()).isEqualTo("Trailing garbage in weight string");
    }

    @Test
    void maxconnAsHaproxyParsesIt() {
        assertThat(AgentReply.maxConn("30")).isEqualTo(new AgentReply.MaxConnChange(30, null));
        assertThat(AgentReply.maxConn("").warning()).isEqualTo("Require <maxconn>.\n");
        assertThat(AgentReply.maxConn("x").warning()).isEqualTo("maxconn string empty or preceded by garbage");
        assertThat(AgentReply.maxConn("3x").warning()).isEqualTo("Trailing garbage in maxconn string");
    }
}
