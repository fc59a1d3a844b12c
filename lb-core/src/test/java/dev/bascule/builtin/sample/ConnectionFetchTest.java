package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.fetchFactory;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class ConnectionFetchTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.connection()
            .source("2001:db8::7", 51000)
            .destination("10.0.0.1", 8443);

    @Test
    void addressesAndPorts() throws Exception {
        Sample sample = new Sample().reset(false);
        assertThat(fetch("src").fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.ADDRESS);
        assertThat(sample.address()).isEqualTo(InetAddress.getByName("2001:db8::7"));
        assertThat(single(fetch("src_port"), TRAFFIC)).isEqualTo("51000");
        assertThat(single(fetch("dst"), TRAFFIC)).isEqualTo("10.0.0.1");
        assertThat(single(fetch("dst_port"), TRAFFIC)).isEqualTo("8443");
        assertThat(fetchFactory("src").availableIn()).contains(Phase.TCP_CONNECTION);
    }

    @Test
    void tlsAndServerName() throws InvalidArgumentException {
        assertThat(single(fetch("ssl_fc"), TRAFFIC)).isEqualTo("false");
        assertThat(single(fetch("ssl_fc_sni"), TRAFFIC)).isNull();
        TestingTraffic secure = TestingTraffic.connection().tls("www.example.com");
        assertThat(single(fetch("ssl_fc"), secure)).isEqualTo("true");
        assertThat(single(fetch("ssl_fc_sni"), secure)).isEqualTo("www.example.com");
        assertThat(fetchFactory("ssl_fc").availableIn()).doesNotContain(Phase.TCP_CONNECTION);
    }

    @Test
    void constants() throws InvalidArgumentException {
        assertThat(single(fetch("always_true"), TRAFFIC)).isEqualTo("true");
        assertThat(single(fetch("always_false"), TRAFFIC)).isEqualTo("false");
        assertThatThrownBy(() -> fetch("always_true", "1"))
                .hasMessage("fetch method 'always_true' : expected ')' before '1'");
    }
}
