package dev.bascule.transport.netty.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.core.dns.DnsAnswer;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The resolvers' DNS client against a real UDP DNS server on 127.0.0.1. */
final class NettyDnsClientTest {
    private static DnsAnswer ask(NettyDnsClient client, TestDnsServer server, String name, boolean ipv6)
            throws Exception {
        return client.query(new InetSocketAddress("127.0.0.1", server.port()), name, ipv6, 512, 5_000)
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void readsTheAddressesOfTheAskedFamilyInOrder() throws Exception {
        try (TestDnsServer server = new TestDnsServer(); NettyDnsClient client = new NettyDnsClient()) {
            server.answer("app.test", "10.0.0.2", "10.0.0.1", "fd00::1");
            DnsAnswer v4 = ask(client, server, "app.test", false);
            assertThat(v4.rcode()).isEqualTo(DnsAnswer.NOERROR);
            assertThat(v4.addresses()).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.2", "10.0.0.1");
            assertThat(v4.addresses()).extracting(InetAddress::getHostName).containsOnly("app.test");
            DnsAnswer v6 = ask(client, server, "APP.test", true);
            assertThat(v6.addresses()).extracting(InetAddress::getHostAddress).containsExactly("fd00:0:0:0:0:0:0:1");
        }
    }

    @Test
    void reportsTheResponseCode() throws Exception {
        try (TestDnsServer server = new TestDnsServer(); NettyDnsClient client = new NettyDnsClient()) {
            server.nx("gone.test");
            server.refuse("private.test");
            server.answer("v4only.test", "10.0.0.1");
            assertThat(ask(client, server, "gone.test", false).rcode()).isEqualTo(DnsAnswer.NXDOMAIN);
            assertThat(ask(client, server, "private.test", false).rcode()).isEqualTo(DnsAnswer.REFUSED);
            DnsAnswer empty = ask(client, server, "v4only.test", true);
            assertThat(empty.rcode()).isEqualTo(DnsAnswer.NOERROR);
            assertThat(empty.addresses()).isEmpty();
        }
    }

    @Test
    void aQueryWithoutAnswerTimesOut() throws Exception {
        try (TestDnsServer server = new TestDnsServer(); NettyDnsClient client = new NettyDnsClient()) {
            server.silence("slow.test");
            assertThatThrownBy(() -> client.query(new InetSocketAddress("127.0.0.1", server.port()), "slow.test",
                    false, 512, 100).toCompletableFuture().get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TimeoutException.class);
            assertThat(server.queries()).isEqualTo(1);
        }
    }

    @Test
    void announcesALargerPayloadWithEdns0() throws Exception {
        try (TestDnsServer server = new TestDnsServer(); NettyDnsClient client = new NettyDnsClient()) {
            server.answer("big.test", "10.0.0.9");
            DnsAnswer answer = client.query(new InetSocketAddress("127.0.0.1", server.port()), "big.test", false,
                    8192, 5_000).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer.addresses()).extracting(InetAddress::getHostAddress).containsExactly("10.0.0.9");
        }
    }

    @Test
    void readsAnAnswerLargerThanADatagramBuffer() throws Exception {
        try (TestDnsServer server = new TestDnsServer(); NettyDnsClient client = new NettyDnsClient()) {
            String[] addresses = new String[300];
            for (int i = 0; i < addresses.length; i++) {
                addresses[i] = "10.0." + (i / 250) + "." + (i % 250 + 1);
            }
            server.answer("many.test", addresses);
            DnsAnswer answer = client.query(new InetSocketAddress("127.0.0.1", server.port()), "many.test", false,
                    65535, 5_000).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertThat(answer.addresses()).hasSize(300);
            assertThat(answer.addresses().get(299).getHostAddress()).isEqualTo("10.0.1.50");
        }
    }
}
