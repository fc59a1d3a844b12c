package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import org.junit.jupiter.api.Test;

/** The constant fetches; values and messages from haproxy 2.6.12 ({@code haproxy -c} and lf-string returns). */
final class ConstantFetchTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.request("GET", "/");

    @Test
    void boolAcceptsOnlyTrueFalseOneZero() throws Exception {
        assertThat(single(fetch("bool", "TRUE"), TRAFFIC)).isEqualTo("true");
        assertThat(single(fetch("bool", "False"), TRAFFIC)).isEqualTo("false");
        assertThat(single(fetch("bool", "0"), TRAFFIC)).isEqualTo("false");
        for (String bad : new String[] {"yes", "2", "", " 1"}) {
            assertThatThrownBy(() -> fetch("bool", bad)).isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("invalid args in fetch method 'bool' : Expects 'true', 'false', '0' or '1'");
        }
    }

    @Test
    void integersAsReadInt64() throws Exception {
        assertThat(single(fetch("int", "+12"), TRAFFIC)).isEqualTo("12");
        assertThat(single(fetch("int", "-7"), TRAFFIC)).isEqualTo("-7");
        assertThatThrownBy(() -> fetch("int", " 12"))
                .hasMessage("fetch method 'int' : failed to parse ' 12' as type 'integer' at position 1");
        assertThatThrownBy(() -> fetch("int", "12x"))
                .hasMessage("fetch method 'int' : failed to parse '12x' as type 'integer' at position 1");
        assertThatThrownBy(() -> fetch("int", ""))
                .hasMessage("fetch method 'int' : expected type 'integer' at position 1, but got nothing");
    }

    @Test
    void emptyStringsAreAccepted() throws Exception {
        assertThat(single(fetch("str", ""), TRAFFIC)).isEqualTo("");
        assertThat(single(fetch("str"), TRAFFIC)).isEqualTo("");
        assertThat(single(fetch("env", ""), TRAFFIC)).isNull();
        assertThat(single(fetch("env"), TRAFFIC)).isNull();
    }

    @Test
    void binaryFromHex() throws Exception {
        Sample sample = new Sample().reset(false);
        assertThat(fetch("bin", "4142").fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.BINARY);
        assertThat(sample.toString()).isEqualTo("AB");
        assertThatThrownBy(() -> fetch("bin", "414"))
                .hasMessage("invalid args in fetch method 'bin' : an even number of hex digit is expected");
        assertThatThrownBy(() -> fetch("bin", "zz"))
                .hasMessage("invalid args in fetch method 'bin' : an hex digit is expected (found 'z')");
        assertThatThrownBy(() -> fetch("bin", "")).hasMessage("invalid args in fetch method 'bin' : (null)");
    }

    @Test
    void methods() throws Exception {
        Sample sample = new Sample().reset(false);
        assertThat(fetch("meth", "GET").fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.METHOD);
        assertThat(sample.toString()).isEqualTo("GET");
        assertThat(single(fetch("meth", "foo"), TRAFFIC)).isEqualTo("foo");
        assertThat(single(fetch("meth", ""), TRAFFIC)).isEqualTo("");
        assertThatThrownBy(() -> fetch("meth", "a b"))
                .hasMessage("invalid args in fetch method 'meth' : expects valid method.");
    }

    @Test
    void addresses() throws Exception {
        assertThat(single(fetch("ipv4", "1.2.3.4"), TRAFFIC)).isEqualTo("1.2.3.4");
        // haproxy 2.6.12: ipv6(::1) prints ::1, ipv6(::ffff:1.2.3.4) prints ::ffff:1.2.3.4
        assertThat(single(fetch("ipv6", "::1"), TRAFFIC)).isEqualTo("::1");
        assertThat(single(fetch("ipv6", "::ffff:1.2.3.4"), TRAFFIC)).isEqualTo("::ffff:1.2.3.4");
        assertThat(single(fetch("ipv6", "2001:DB8:0:0:1:0:0:1"), TRAFFIC)).isEqualTo("2001:db8::1:0:0:1");
        assertThat(single(fetch("ipv6", "::1.2.3.4"), TRAFFIC)).isEqualTo("::1.2.3.4");
        assertThat(single(fetch("ipv6", "1:0:0:2:0:0:0:3"), TRAFFIC)).isEqualTo("1:0:0:2::3");
        assertThatThrownBy(() -> fetch("ipv4", "1.2.3"))
                .hasMessage("fetch method 'ipv4' : failed to parse '1.2.3' as type 'IPv4 address' at position 1");
        assertThatThrownBy(() -> fetch("ipv4", ""))
                .hasMessage("fetch method 'ipv4' : expected type 'IPv4 address' at position 1, but got nothing");
        assertThatThrownBy(() -> fetch("ipv6", "1.2.3.4"))
                .hasMessage("fetch method 'ipv6' : failed to parse '1.2.3.4' as type 'IPv6 address' at position 1");
    }
}
