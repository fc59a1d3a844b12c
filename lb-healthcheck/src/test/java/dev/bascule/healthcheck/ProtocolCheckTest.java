package dev.bascule.healthcheck;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.check.CheckResult;
import dev.bascule.api.check.CheckStatus;
import dev.bascule.api.check.CheckTarget;
import dev.bascule.api.check.HealthCheckFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The protocol checks against scripted servers on loopback, as HAProxy 2.6.12's reg-tests
 * (checks/redis-check.vtc, mysql-check.vtc, pgsql-check.vtc, ldap-check.vtc, smtp-check.vtc, ssl-hello-check.vtc)
 * script them: the bytes each check sends are the ones those tests accept, the results are HAProxy's.
 */
final class ProtocolCheckTest {
    private static final String MYSQL_HANDSHAKE = "4A0000000A382E302E3139000A0000006F3C025E6249410D00FFFFFF0200FFC7"
            + "150000" + "00000000000000007C182159106E2761144322200063616368696E675F736861325F70617373776F726400";
    private static final String MYSQL_1251 = "67000002FFE304436C69656E7420646F6573206E6F7420737570706F72742061757468"
            + "656E7469636174696F6E2070726F746F636F6C20726571756573746564206279207365727665723B20636F6E736964657220"
            + "757067726164696E67204D7953514C20636C69656E74";
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable closeable : open) {
            closeable.close();
        }
    }

    /** A server of one connection playing {@code script}: byte arrays are sent, integers are read; then it closes. */
    private Server server(Object... script) throws IOException {
        ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        open.add(socket);
        Server server = new Server(socket.getLocalPort(), new CompletableFuture<>());
        Thread thread = new Thread(() -> {
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            try (Socket connection = socket.accept()) {
                InputStream in = connection.getInputStream();
                for (Object step : script) {
                    if (step instanceof byte[] bytes) {
                        connection.getOutputStream().write(bytes);
                        connection.getOutputStream().flush();
                    } else {
                        received.writeBytes(in.readNBytes((Integer) step));
                    }
                }
            } catch (IOException e) {
                // the probe went away
            }
            server.received().complete(received.toByteArray());
        });
        thread.setDaemon(true);
        thread.start();
        return server;
    }

    private record Server(int port, CompletableFuture<byte[]> received) {
        byte[] bytes() throws Exception {
            return received.get(10, TimeUnit.SECONDS);
        }
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", ""));
    }

    private static byte[] text(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static CheckResult run(String name, Server server, String... arguments) throws Exception {
        HealthCheckFactory factory = ProtocolCheckFactory.all().stream()
                .filter(candidate -> candidate.name().equals(name)).findFirst().orElseThrow();
        return factory.create(List.of(arguments))
                .check(new CheckTarget("s1", new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())),
                        new BlockingProbeContext())
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void redisSendsPingAndWantsPong() throws Exception {
        Server pong = server(14, text("+PONG\r\n"));
        assertThat(run("redis-check", pong)).isEqualTo(new CheckResult(CheckStatus.L7OK, "Redis server is ok", 0));
        assertThat(pong.bytes()).isEqualTo(text("*1\r\n$4\r\nPING\r\n"));
        assertThat(run("redis-check", server(14, text("-Error message\r\n"))))
                .isEqualTo(new CheckResult(CheckStatus.L7STS, "-Error message", 0));
    }

    @Test
    void mysqlReadsTheHandshakeAndTheAnswerToItsLogin() throws Exception {
        assertThat(run("mysql-check", server(hex(MYSQL_HANDSHAKE))))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "8.0.19", 0));
        Server pre41 = server(hex(MYSQL_HANDSHAKE), 20, hex("03000002000000"));
        assertThat(run("mysql-check", pre41, "user", "pre-41"))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "8.0.19", 0));
        assertThat(pre41.bytes()).isEqualTo(hex("0B00000100800000017573657200000100000001"));
        Server post41 = server(hex(MYSQL_HANDSHAKE), 47, hex("0700000200000002000000"));
        assertThat(run("mysql-check", post41, "user", "post-41"))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "8.0.19", 0));
        assertThat(post41.bytes()).isEqualTo(hex("26000001008200000080000121000000000000000000000000000000000000000000"
                + "00007573657200000100000001"));
        assertThat(run("mysql-check", server(hex(MYSQL_HANDSHAKE), 21, hex(MYSQL_1251)), "pouet"))
                .isEqualTo(new CheckResult(CheckStatus.L7STS, "Client does not support authentication protocol"
                        + " requested by server; consider upgrading MySQL client", 1251));
    }

    @Test
    void pgsqlSendsAStartupMessageAndWantsAnAuthenticationRequest() throws Exception {
        Server ok = server(23, hex("520000000800000000"));
        assertThat(run("pgsql-check", ok, "postgres"))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "PostgreSQL server is ok", 0));
        assertThat(ok.bytes()).isEqualTo(hex("00000017000300007573657200706f7374677265730000"));
        assertThat(run("pgsql-check", server(23, hex("52000000170000000A534352414D2D5348412D3235360000")), "postgres"))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "PostgreSQL server is ok", 0));
        assertThat(run("pgsql-check", server(23, hex("450000000B53464154414C00")), "postgres"))
                .isEqualTo(new CheckResult(CheckStatus.L7RSP, "FATAL", -1));
        assertThat(run("pgsql-check", server(23, text("Not a PostgreSQL response")), "postgres"))
                .isEqualTo(new CheckResult(CheckStatus.L7STS, "PostgreSQL unknown error", 0));
    }

    @Test
    void ldapBindsAnonymouslyAndReadsTheResultCode() throws Exception {
        Server ok = server(14, hex("300C020101 61 070A01 00 04000400"));
        assertThat(run("ldap-check", ok)).isEqualTo(new CheckResult(CheckStatus.L7OK, "Success", 0));
        assertThat(ok.bytes()).isEqualTo(hex("300C020101600702010304008000"));
        assertThat(run("ldap-check", server(14, hex("300C020101 60 070A01 00 04000400"))))
                .isEqualTo(new CheckResult(CheckStatus.L7RSP, "Not LDAPv3 protocol", -1));
        assertThat(run("ldap-check", server(14, hex("300C020101 61 070A01 01 04000400"))))
                .isEqualTo(new CheckResult(CheckStatus.L7STS,
                        "See RFC: http://tools.ietf.org/html/rfc4511#section-4.1.9", 1));
        // lengths on 4 bytes, the response in two parts
        assertThat(run("ldap-check", server(14, hex("308400000010020101 61 84000000070A01"), hex("00 04000400"))))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "Success", 0));
    }

    @Test
    void smtpWantsTwoHundredsToTheGreetingTheHelloAndQuit() throws Exception {
        Server helo = server(text("220 smtp-check.vtc SMTP Server\r\n"), 16, text("250 smtp-check.vtc\r\n"), 6,
                text("221 smtp-check.vtc closing\r\n"));
        assertThat(run("smtpchk", helo)).isEqualTo(new CheckResult(CheckStatus.L7OK, "smtp-check.vtc closing", 221));
        assertThat(helo.bytes()).isEqualTo(text("HELO localhost\r\nQUIT\r\n"));
        Server ehlo = server(text("220 smtp-check.vtc SMTP Server\r\n"), 17,
                text("250-smtp-check.vtc\r\n250-KEYWORD\r\n"), text("250 LAST KEYWORD\r\n"), 6,
                text("221 smtp-check.vtc closing\r\n"));
        assertThat(run("smtpchk", ehlo, "EHLO", "domain.tld"))
                .isEqualTo(new CheckResult(CheckStatus.L7OK, "smtp-check.vtc closing", 221));
        assertThat(ehlo.bytes()).isEqualTo(text("EHLO domain.tld\r\nQUIT\r\n"));
        assertThat(run("smtpchk", server(text("I'm not a SMTP server\r\n"))))
                .isEqualTo(new CheckResult(CheckStatus.L7RSP, "I'm not a SMTP server", -1));
        assertThat(run("smtpchk", server(text("421 Try again later\r\n"))))
                .isEqualTo(new CheckResult(CheckStatus.L7STS, "Try again later", 421));
        assertThat(run("smtpchk", server(text("220 smtp-check.vtc SMTP Server\r\n"), 16, text("512 DNS error\r\n")),
                "EHLO", "domain.tld")).isEqualTo(new CheckResult(CheckStatus.L7STS, "DNS error", 512));
    }

    @Test
    void sslHelloWantsAHandshakeOrAnAlertRecord() throws Exception {
        Server alert = server(126, hex("150300000202 28"));
        assertThat(run("ssl-hello-chk", alert)).isEqualTo(new CheckResult(CheckStatus.L6OK, ""));
        byte[] hello = alert.bytes();
        // what haproxy 2.6.12 sent, but for the GMT time at 11 to 14
        byte[] expected = hex("1603000079010000750300" + "00000000"
                + "484150524f585953534c43484b0a484150524f585953534c43484b0a00004e"
                + "000100020003000400050006000700080009000a000b000c000d000e000f0010001100120013001400150016001700180019"
                + "001a001b002f0030003100320033003400350036003700380039003a0100");
        Arrays.fill(hello, 11, 15, (byte) 0);
        assertThat(hello).isEqualTo(expected);
        assertThat(run("ssl-hello-chk", server(126, text("HTTP/1.0 400 Bad request\r\n\r\n"))))
                .isEqualTo(new CheckResult(CheckStatus.L6RSP, ""));
        assertThat(run("ssl-hello-chk", server(126)))
                .isEqualTo(new CheckResult(CheckStatus.L6RSP, "TCPCHK got an empty response at step 2"));
    }
}
