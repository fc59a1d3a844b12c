package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.Sample;
import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import static dev.bascule.builtin.sample.Samples.matcher;
import static dev.bascule.builtin.sample.Samples.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class IpMatcherTest {
    private static Sample address(String literal) throws UnknownHostException {
        return new Sample().setAddress(InetAddress.getByName(literal));
    }

    /** An IPv6 address object even for mapped forms, which InetAddress.getByName would turn into IPv4. */
    private static Sample ipv6(String literal) throws UnknownHostException {
        byte[] bytes = InetAddress.getByName(literal).getAddress();
        if (bytes.length == 4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xFF;
            mapped[11] = (byte) 0xFF;
            System.arraycopy(bytes, 0, mapped, 12, 4);
            bytes = mapped;
        }
        return new Sample().setAddress(Inet6Address.getByAddress(null, bytes, -1));
    }

    @Test
    void ipv4AddressesAndNetworks() throws Exception {
        AclMatcher matcher = matcher("ip", "192.0.2.7", "10.0.0.0/8", "172.16.0.0/255.240.0.0");
        assertThat(matcher.matches(address("192.0.2.7"))).isTrue();
        assertThat(matcher.matches(address("192.0.2.8"))).isFalse();
        assertThat(matcher.matches(address("10.200.3.4"))).isTrue();
        assertThat(matcher.matches(address("11.0.0.1"))).isFalse();
        assertThat(matcher.matches(address("172.31.255.255"))).isTrue();
        assertThat(matcher.matches(address("172.32.0.0"))).isFalse();
        assertThat(matcher("ip", "0.0.0.0/0").matches(address("203.0.113.9"))).isTrue();
        // host bits in the pattern are ignored, as in HAProxy's tree lookup
        assertThat(matcher("ip", "10.1.2.3/8").matches(address("10.9.9.9"))).isTrue();
    }

    @Test
    void nonContiguousDottedMasks() throws Exception {
        AclMatcher matcher = matcher("ip", "10.0.5.0/255.0.255.0");
        assertThat(matcher.matches(address("10.77.5.1"))).isTrue();
        assertThat(matcher.matches(address("10.77.6.1"))).isFalse();
    }

    @Test
    void ipv6AddressesAndPrefixes() throws Exception {
        AclMatcher matcher = matcher("ip", "::1", "2001:db8::/32", "fe80::/10");
        assertThat(matcher.matches(address("::1"))).isTrue();
        assertThat(matcher.matches(address("::2"))).isFalse();
        assertThat(matcher.matches(address("2001:db8:ffff::1"))).isTrue();
        assertThat(matcher.matches(address("2001:db9::1"))).isFalse();
        assertThat(matcher.matches(address("febf::1"))).isTrue();
        assertThat(matcher.matches(address("fec0::1"))).isFalse();
        assertThat(matcher("ip", "2001:db8:0:0:1::/80").matches(address("2001:db8::1:0:0:5"))).isTrue();
        assertThat(matcher("ip", "2001:db8:0:0:1::/80").matches(address("2001:db8::2:0:0:5"))).isFalse();
        assertThat(matcher("ip", "::/0").matches(address("1.2.3.4"))).isTrue();
    }

    @Test
    void ipv4SamplesMatchMappedIpv6PatternsAndBack() throws Exception {
        assertThat(matcher("ip", "::ffff:10.0.0.0/104").matches(address("10.1.2.3"))).isTrue();
        assertThat(matcher("ip", "::ffff:10.0.0.0/104").matches(address("11.1.2.3"))).isFalse();
        AclMatcher ipv4 = matcher("ip", "10.0.0.0/8");
        assertThat(ipv4.matches(ipv6("::ffff:10.1.2.3"))).isTrue();
        assertThat(ipv4.matches(ipv6("::10.1.2.3"))).isTrue();
        assertThat(ipv4.matches(ipv6("2002:0a01:0203::1"))).isTrue();
        assertThat(ipv4.matches(ipv6("2003:0a01:0203::1"))).isFalse();
        assertThat(ipv4.matches(ipv6("::ffff:11.1.2.3"))).isFalse();
    }

    @Test
    void stringSamplesAreParsedAsAddresses() throws InvalidArgumentException {
        AclMatcher matcher = matcher("ip", "10.0.0.0/8", "2001:db8::/32");
        assertThat(matcher.matches(text("10.20.30.40"))).isTrue();
        assertThat(matcher.matches(text("2001:db8::5"))).isTrue();
        assertThat(matcher.matches(text("::ffff:10.0.0.1"))).isTrue();
        assertThat(matcher.matches(text("10.20.30"))).isFalse();
        assertThat(matcher.matches(text("10.20.30.040"))).isFalse();
        assertThat(matcher.matches(text("10.0.0.1:80"))).isFalse();
        assertThat(matcher.matches(text("example.com"))).isFalse();
        assertThat(matcher.matches(text(""))).isFalse();
    }

    @Test
    void theSameIpv6AddressObjectIsReadOnce() throws Exception {
        AclMatcher matcher = matcher("ip", "2001:db8::/32");
        Sample inside = address("2001:db8::1");
        Sample outside = address("2001:db9::1");
        for (int i = 0; i < 3; i++) {
            assertThat(matcher.matches(inside)).isTrue();
            assertThat(matcher.matches(outside)).isFalse();
        }
    }

    private static boolean parse(String text, int[] groups) {
        return IpAddresses.parseIpv6(text, 0, text.length(), groups);
    }

    @Test
    void ipv6Parser() {
        int[] groups = new int[8];
        assertThat(parse("1:2:3:4:5:6:7:8", groups)).isTrue();
        assertThat(groups).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(parse("1::8", groups)).isTrue();
        assertThat(groups).containsExactly(1, 0, 0, 0, 0, 0, 0, 8);
        assertThat(parse("::", groups)).isTrue();
        assertThat(groups).containsExactly(0, 0, 0, 0, 0, 0, 0, 0);
        assertThat(parse("1:2:3:4:5:6::", groups)).isTrue();
        assertThat(groups).containsExactly(1, 2, 3, 4, 5, 6, 0, 0);
        assertThat(parse("::ffff:1.2.3.4", groups)).isTrue();
        assertThat(groups).containsExactly(0, 0, 0, 0, 0, 0xFFFF, 0x0102, 0x0304);
        for (String invalid : new String[] {"", ":", ":1::", "1:::2", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9",
                "1:2:3:4::5:6:7:8", "1:2:3:4:5:6:7:", "g::", "::1.2.3", "1:2:3:4:5:6:7:1.2.3.4"}) {
            assertThat(IpAddresses.parseIpv6(invalid, 0, invalid.length(), groups)).as(invalid).isFalse();
        }
    }

    @Test
    void invalidPatternsAreRejected() {
        for (String invalid : new String[] {"10.0.0.300", "1.2.3.4/33", "1.2.3.4/", "::1/129", "example.com",
                "10.0.0.0/255.0.0.256", "1.2.3"}) {
            assertThatThrownBy(() -> matcher("ip", invalid)).as(invalid)
                    .isInstanceOf(InvalidArgumentException.class)
                    .hasMessage("'" + invalid + "' is not a valid IPv4 or IPv6 address");
        }
    }
}
