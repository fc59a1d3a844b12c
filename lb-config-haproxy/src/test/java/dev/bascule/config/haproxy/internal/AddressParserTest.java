package dev.bascule.config.haproxy.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

final class AddressParserTest {
    private static AddressParser.Parsed bind(String text) {
        return AddressParser.parse(text, AddressParser.Use.BIND, Map.of("PORT", "8080"));
    }

    @Test
    void inetForms() {
        assertThat(bind(":80")).isEqualTo(new AddressParser.Inet("", false, 80, 80, false, true));
        assertThat(bind("*:80")).isEqualTo(new AddressParser.Inet("", false, 80, 80, false, true));
        assertThat(bind("0.0.0.0:80")).isEqualTo(new AddressParser.Inet("0.0.0.0", false, 80, 80, false, true));
        assertThat(bind("127.0.0.1:80")).isEqualTo(new AddressParser.Inet("127.0.0.1", false, 80, 80, false, true));
        assertThat(bind("[::1]:80")).isEqualTo(new AddressParser.Inet("::1", false, 80, 80, false, true));
        assertThat(bind(":::80")).isEqualTo(new AddressParser.Inet("::", false, 80, 80, false, true));
        assertThat(bind("ipv4@127.0.0.1:80")).isEqualTo(new AddressParser.Inet("127.0.0.1", false, 80, 80, false, true));
        assertThat(bind("ipv6@:80")).isEqualTo(new AddressParser.Inet("::", false, 80, 80, false, true));
        assertThat(bind("ipv6@[2001:db8::1]:443")).isEqualTo(new AddressParser.Inet("2001:db8::1", false, 443, 443,
                false, true));
        assertThat(bind(":80-85")).isEqualTo(new AddressParser.Inet("", false, 80, 85, false, true));
    }

    @Test
    void otherForms() {
        assertThat(bind("fd@5")).isEqualTo(new AddressParser.FileDescriptor(5));
        assertThat(bind("/run/lb.sock")).isEqualTo(new AddressParser.Unix("/run/lb.sock"));
        assertThat(bind("unix@lb.sock")).isEqualTo(new AddressParser.Unix("lb.sock"));
        assertThat(bind("abns@lb")).isEqualTo(new AddressParser.Unsupported("abns@"));
    }

    @Test
    void legacyEnvironmentExpansion() {
        assertThat(bind(":$PORT")).isEqualTo(new AddressParser.Inet("", false, 8080, 8080, false, true));
        assertThat(bind(":${PORT}")).isEqualTo(new AddressParser.Inet("", false, 8080, 8080, false, true));
        assertThat(bind("${UNSET}")).isEqualTo(new AddressParser.Invalid(
                "'${UNSET}' resolves to an empty address (environment variable missing?)"));
    }

    @Test
    void haproxyMessages() {
        assertThat(bind("127.0.0.1")).isEqualTo(new AddressParser.Invalid("missing port specification in '127.0.0.1'"));
        assertThat(bind(":99999")).isEqualTo(new AddressParser.Invalid("invalid port '99999'"));
        assertThat(bind(":0")).isEqualTo(new AddressParser.Invalid("invalid port '0'"));
        assertThat(bind(":8080-8070")).isEqualTo(new AddressParser.Invalid("invalid port range '8080-8070'"));
        assertThat(bind(":http")).isEqualTo(new AddressParser.Invalid("invalid character 'h' in port number 'http' in"
                + " ':http'"));
        assertThat(bind("1.2.3.4:+1")).isEqualTo(new AddressParser.Invalid("port offset not permitted here in"
                + " '1.2.3.4:+1'"));
        assertThat(bind("fd@abc")).isEqualTo(new AddressParser.Invalid("file descriptor 'abc' is not a valid integer in"
                + " 'fd@abc'"));
        assertThat(bind("ipv4@[::1]:80")).isEqualTo(new AddressParser.Invalid("invalid address: '[::1]' in"
                + " 'ipv4@[::1]:80'"));
        assertThat(bind("1::2::3:80")).isEqualTo(new AddressParser.Invalid("invalid address: '1::2::3' in"
                + " '1::2::3:80'"));
        assertThat(bind("udp@:80")).isEqualTo(new AddressParser.Invalid("dgram-type address not acceptable in"
                + " 'udp@:80'"));
    }

    @Test
    void serverAddresses() {
        assertThat(AddressParser.parse("::1:80", AddressParser.Use.SERVER, Map.of()))
                .isEqualTo(new AddressParser.Inet("::1", false, 80, 80, false, true));
        assertThat(AddressParser.parse("app.local:8080", AddressParser.Use.SERVER, Map.of()))
                .isEqualTo(new AddressParser.Inet("app.local", true, 8080, 8080, false, true));
        assertThat(AddressParser.parse("10.0.0.1", AddressParser.Use.SERVER, Map.of()))
                .isEqualTo(new AddressParser.Inet("10.0.0.1", false, 0, 0, false, false));
        assertThat(AddressParser.parse("10.0.0.1:80-81", AddressParser.Use.SERVER, Map.of()))
                .isEqualTo(new AddressParser.Invalid("port range not permitted here in '10.0.0.1:80-81'"));
        assertThat(AddressParser.parse("fd@3", AddressParser.Use.SERVER, Map.of()))
                .isEqualTo(new AddressParser.Invalid("a file descriptor is not acceptable here in 'fd@3'"));
    }

    @Test
    void ipLiterals() {
        assertThat(AddressParser.isIpv4("192.168.0.1")).isTrue();
        assertThat(AddressParser.isIpv4("192.168.0")).isFalse();
        assertThat(AddressParser.isIpv4("192.168.0.256")).isFalse();
        assertThat(AddressParser.isIpv4("01.2.3.4")).isFalse();
        assertThat(AddressParser.isIpv6("::")).isTrue();
        assertThat(AddressParser.isIpv6("::1")).isTrue();
        assertThat(AddressParser.isIpv6("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(AddressParser.isIpv6("::ffff:1.2.3.4")).isTrue();
        assertThat(AddressParser.isIpv6("1::2::3")).isFalse();
        assertThat(AddressParser.isIpv6("12345::")).isFalse();
        assertThat(AddressParser.isIpv6("1:2:3:4:5:6:7:8:9")).isFalse();
        assertThat(AddressParser.isIpv6(":1")).isFalse();
        assertThat(AddressParser.isIpv6("1:")).isFalse();
    }
}
