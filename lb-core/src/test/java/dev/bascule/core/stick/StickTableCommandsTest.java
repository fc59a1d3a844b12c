package dev.bascule.core.stick;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StickTableConfig;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.StickCounter;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

final class StickTableCommandsTest {
    private static final SourceLocation HERE = new SourceLocation("test.cfg", 1);

    @Test
    void showAndClearAnswerAsHaproxy() throws Exception {
        AtomicLong now = new AtomicLong(1_000);
        Map<String, StickTable> tables = new LinkedHashMap<>();
        StickTable fe = new StickTable(new StickTableConfig("fe", StickTableConfig.KeyType.IP, 0, 10,
                Optional.of(Duration.ofSeconds(30)), false, List.of(
                        new StickTableConfig.Stored(StickCounter.HTTP_ERR_CNT, Optional.empty()),
                        new StickTableConfig.Stored(StickCounter.HTTP_REQ_RATE, Optional.of(Duration.ofSeconds(10))),
                        new StickTableConfig.Stored(StickCounter.CONN_CNT, Optional.empty()),
                        new StickTableConfig.Stored(StickCounter.GPC0, Optional.empty())), HERE), now::get);
        tables.put("fe", fe);
        tables.put("other", new StickTable(new StickTableConfig("other", StickTableConfig.KeyType.STRING, 8, 1024,
                Optional.empty(), false, List.of(), HERE), now::get));
        StickTracker tracker = new StickTracker(tables);
        tracker.track(false, 0, fe, new Sample().setAddress(InetAddress.getByName("127.0.0.1")), true);
        tracker.endStream();
        now.addAndGet(27);
        StickTableCommands commands = new StickTableCommands(tables);

        StringBuilder out = new StringBuilder();
        assertThat(commands.execute(List.of("show", "table"), "admin", out)).isTrue();
        // haproxy 2.6.12: the last declared first
        assertThat(out).hasToString("# table: other, type: string, size:1024, used:0\n"
                + "# table: fe, type: ip, size:10, used:1\n");

        out.setLength(0);
        commands.execute(List.of("show", "table", "fe"), "admin", out);
        // haproxy 2.6.12's line, but for the address: data in its type order, rates with their period
        assertThat(out.toString()).startsWith("# table: fe, type: ip, size:10, used:1\n0x")
                .endsWith(": key=127.0.0.1 use=0 exp=29973 gpc0=0 conn_cnt=1 http_req_rate(10000)=1"
                        + " http_err_cnt=0\n");

        out.setLength(0);
        commands.execute(List.of("show", "table", "nosuch"), "admin", out);
        assertThat(out).hasToString("No such table\n");

        out.setLength(0);
        commands.execute(List.of("clear", "table"), "admin", out);
        // haproxy 2.6.12
        assertThat(out).hasToString("Required arguments: <table> \"data.<store_data_type>\" <operator> <value> or"
                + " <table> key <key>\n");

        out.setLength(0);
        commands.execute(List.of("clear", "table", "fe"), "operator", out);
        assertThat(out).isEmpty();
        assertThat(fe.size()).isZero();

        out.setLength(0);
        commands.execute(List.of("show", "table"), "user", out);
        assertThat(out).hasToString("Permission denied\n");
        assertThat(commands.execute(List.of("set", "table", "fe"), "admin", out)).isFalse();
    }
}
