package dev.bascule.core.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Formats rendered from live traffic as HAProxy writes them in rules: an HTTP context encodes a
 * sample's control characters and writes nothing for a missing one; another writes log text.
 */
final class TrafficFormatTest {
    private static final SampleFetch CONTROL = (traffic, out) -> {
        out.setString("a\u0001b\tc\u007f\"d\"]");
        return true;
    };
    private static final SampleFetch MISSING = (traffic, out) -> false;

    private static TrafficView traffic() throws UnknownHostException {
        InetSocketAddress client = new InetSocketAddress(InetAddress.getByName("192.168.1.20"), 33944);
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName("10.0.0.1"), 443);
        return new TrafficView() {
            @Override
            public InetSocketAddress source() {
                return client;
            }

            @Override
            public InetSocketAddress destination() {
                return local;
            }

            @Override
            public boolean secure() {
                return true;
            }

            @Override
            public CharSequence frontendName() {
                return "fe";
            }

            @Override
            public long streamId() {
                return 26;
            }

            @Override
            public long acceptEpochMillis() {
                return 1_795_336_768_005L;
            }
        };
    }

    private static LogFormat.Expression expression(String fetch, String... options) {
        return new LogFormat.Expression(fetch, List.of(), List.of(), List.of(options));
    }

    private static String render(boolean http, LogFormat.Node... nodes) throws Exception {
        LogFormat format = new LogFormat("test", List.of(nodes));
        TrafficFormat compiled = TrafficFormat.compile(format, http,
                expression -> expression.fetch().equals("control") ? CONTROL : MISSING);
        return compiled.render(traffic(), new Sample());
    }

    @Test
    void samplesInAnHttpContextAreEncodedNeverQuoted() throws Exception {
        assertThat(render(true, new LogFormat.Literal("x  "), expression("control"), new LogFormat.Literal("|"),
                expression("control", "+Q"), new LogFormat.Literal("|"), expression("control", "+E"),
                new LogFormat.Literal("|"), expression("missing"), new LogFormat.Literal("|"),
                expression("missing", "+M")))
                .isEqualTo("x  a%01b\tc%7F\"d\"]|a%01b\tc%7F\"d\"]|a%01b\tc%7F\\\"d\\\"\\]||");
    }

    @Test
    void samplesElsewhereAreLogText() throws Exception {
        assertThat(render(false, expression("control"), new LogFormat.Literal("|"), expression("control", "+Q"),
                new LogFormat.Literal("|"), expression("missing"), new LogFormat.Literal("|"),
                expression("missing", "+M"), new LogFormat.Literal("|"), expression("missing", "+Q")))
                .isEqualTo("a\u0001b\tc\u007f\"d\"]|\"a\u0001b\tc\u007f\"d\"]\"||-|\"\"");
    }

    @Test
    void variables() throws Exception {
        assertThat(render(true, new LogFormat.Variable("ci", List.of()), new LogFormat.Literal(":"),
                new LogFormat.Variable("cp", List.of()), new LogFormat.Literal(" "),
                new LogFormat.Variable("fi", List.of("+X")), new LogFormat.Literal(":"),
                new LogFormat.Variable("fp", List.of("+X")), new LogFormat.Literal(" "),
                new LogFormat.Variable("ft", List.of("+Q")), new LogFormat.Literal(" "),
                new LogFormat.Variable("b", List.of()), new LogFormat.Literal("/"),
                new LogFormat.Variable("s", List.of()), new LogFormat.Literal(" "),
                new LogFormat.Variable("rt", List.of("+X")), new LogFormat.Literal(" "),
                new LogFormat.Variable("Ts", List.of()), new LogFormat.Literal("."),
                new LogFormat.Variable("ms", List.of())))
                .isEqualTo("192.168.1.20:33944 0A000001:01BB \"fe~\" /<NOSRV> 001A 1795336768.005");
    }

    @Test
    void aLiteralFormatIsConstant() throws Exception {
        assertThat(TrafficFormat.compile(LogFormat.literal("a b"), true, expression -> MISSING).constant()).isTrue();
        assertThat(TrafficFormat.compile(new LogFormat("%ci", List.of(new LogFormat.Variable("ci", List.of()))),
                true, expression -> MISSING).constant()).isFalse();
    }

    @Test
    void aLogOnlyVariableIsRefused() {
        assertThatThrownBy(() -> TrafficFormat.compile(new LogFormat("%ST",
                List.of(new LogFormat.Variable("ST", List.of()))), true, expression -> MISSING))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("log-format variable '%ST' cannot be used here");
    }
}
