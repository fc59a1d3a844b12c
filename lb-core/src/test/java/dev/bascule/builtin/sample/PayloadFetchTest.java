package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.fetchFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

/** The content fetches of HAProxy's payload.c on a request buffer, whole and cut short. */
final class PayloadFetchTest {
    /** A traffic view with these buffers (null: none), one character per byte. */
    private static TrafficView view(CharSequence request, CharSequence response) {
        return new TrafficView() {
            @Override
            public InetSocketAddress source() {
                return new InetSocketAddress("127.0.0.1", 1);
            }

            @Override
            public InetSocketAddress destination() {
                return new InetSocketAddress("127.0.0.1", 2);
            }

            @Override
            public CharSequence requestPayload() {
                return request;
            }

            @Override
            public CharSequence responsePayload() {
                return response;
            }
        };
    }

    /** A traffic view whose request buffer holds {@code bytes}. */
    private static TrafficView buffer(byte[] bytes) {
        return view(new String(bytes, StandardCharsets.ISO_8859_1), null);
    }

    private static TrafficView buffer(String text) {
        return buffer(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A real TLS client hello, as the JDK's client sends it, with SNI and ALPN. */
    private static byte[] clientHello(String serverName) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, null, null);
        SSLEngine engine = context.createSSLEngine(serverName, 443);
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(serverName)));
        parameters.setApplicationProtocols(new String[] {"h2", "http/1.1"});
        engine.setSSLParameters(parameters);
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        out.flip();
        byte[] hello = new byte[out.remaining()];
        out.get(hello);
        return hello;
    }

    private static byte[] prefix(byte[] bytes, int length) {
        byte[] cut = new byte[length];
        System.arraycopy(bytes, 0, cut, 0, length);
        return cut;
    }

    @Test
    void aClientHelloGivesItsTypeServerNameAndProtocolsOnceWhole() throws Exception {
        byte[] hello = clientHello("a.example");
        TrafficView whole = buffer(hello);
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req_ssl_hello_type").fetch(whole, sample)).isTrue();
        assertThat(sample.integer()).isEqualTo(1);
        assertThat(fetch("req.ssl_sni").fetch(whole, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("a.example");
        assertThat(sample.type()).isEqualTo(SampleType.STRING);
        List<String> protocols = new ArrayList<>();
        SampleFetch alpn = fetch("req.ssl_alpn");
        sample.reset(true);
        while (alpn.fetch(whole, sample)) {
            protocols.add(sample.toString());
            if (!sample.more()) {
                break;
            }
        }
        assertThat(protocols).containsExactly("h2", "http/1.1");
        // the JDK offers elliptic curves, and an empty session ticket extension when it has no ticket
        assertThat(fetch("req.ssl_ec_ext").fetch(whole, sample.reset(true))).isTrue();
        assertThat(sample.integer()).isEqualTo(1);
        assertThat(fetch("req.ssl_st_ext").fetch(whole, sample.reset(true))).isTrue();
        assertThat(sample.integer()).isBetween(0L, 1L);
        assertThat(fetch("req.ssl_st_ext").fetch(buffer("GET / HTTP/1.1\r\n"), sample.reset(true))).isFalse();
        assertThat(fetch("req.ssl_hello_type").fetch(buffer(prefix(hello, hello.length - 1)), sample.reset(true)))
                .isFalse();
        assertThat(sample.mayChange()).isTrue();

        // cut anywhere, the hello is not there yet: no value, and one may come (HAProxy counts the
        // handshake header in what it wants, so the last 4 bytes may be missing for SNI and ALPN)
        for (int length : new int[] {0, 1, 4, 8, 40, hello.length - 5}) {
            TrafficView cut = buffer(prefix(hello, length));
            for (String keyword : List.of("req.ssl_hello_type", "req_ssl_sni", "req.ssl_alpn", "req.ssl_ec_ext",
                    "req.ssl_st_ext")) {
                sample.reset(true);
                assertThat(fetch(keyword).fetch(cut, sample)).as(keyword + " on " + length + " bytes").isFalse();
                assertThat(sample.mayChange()).as(keyword + " on " + length + " bytes").isTrue();
            }
        }
    }

    /** Hostile bytes: a real hello with bytes overwritten, cut anywhere; no fetch may throw. */
    @Test
    void corruptHellosNeverThrow() throws Exception {
        byte[] hello = clientHello("a.example");
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        List<SampleFetch> fetches = List.of(fetch("req.ssl_hello_type"), fetch("req.ssl_sni"), fetch("req.ssl_alpn"),
                fetch("req.ssl_ec_ext"), fetch("req.ssl_st_ext"), fetch("req.ssl_ver"), fetch("req.rdp_cookie"),
                fetch("req.payload_lv", "3", "2"), fetch("req.payload", "5", "0"));
        Sample sample = new Sample();
        for (int round = 0; round < 20_000; round++) {
            byte[] bytes = hello.clone();
            for (int i = random.nextInt(4); i >= 0; i--) {
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            }
            TrafficView traffic = buffer(prefix(bytes, random.nextInt(bytes.length + 1)));
            for (SampleFetch fetch : fetches) {
                sample.reset(true);
                for (int values = 0; fetch.fetch(traffic, sample) && sample.more(); values++) {
                    assertThat(values).isLessThan(bytes.length);
                }
            }
        }
    }

    /** The server's bytes: res.* read them; payload and payload_lv read the response's in a response rule. */
    @Test
    void responseFetchesReadTheServersBytes() throws InvalidArgumentException {
        TrafficView response = view(null, "+PONG\r\n");
        Sample sample = new Sample().reset(true);
        assertThat(fetch("res.len").fetch(response, sample)).isTrue();
        assertThat(sample.integer()).isEqualTo(7);
        assertThat(fetch("res.payload", "0", "5").fetch(response, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("+PONG");
        assertThat(fetch("payload", "1", "4").fetch(response, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("PONG");
        assertThat(fetch("req.payload", "0", "1").fetch(response, sample.reset(true))).isFalse();
        assertThat(fetch("res.ssl_hello_type").fetch(response, sample.reset(true))).isFalse();
        assertThat(fetch("res.payload", "0", "1").fetch(buffer("x"), sample.reset(true))).isFalse();
        assertThat(fetch("payload", "0", "1").fetch(buffer("x"), sample.reset(true))).isTrue();
    }

    /** req.ssl_ver: the hello's version; its ACL keyword reads dotted versions (HAProxy's pat_parse_dotted_ver). */
    @Test
    void versionIsTheHellosAndMatchesDottedPatterns() throws Exception {
        byte[] hello = clientHello("a.example");
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req_ssl_ver").fetch(buffer(hello), sample)).isTrue();
        assertThat(sample.integer()).isEqualTo(3 << 16 | 3);
        assertThat(fetch("req.ssl_ver").fetch(buffer(prefix(hello, 20)), sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
        sample.setInteger(3 << 16 | 3);
        MatchOptions none = new MatchOptions(false);
        assertThat(IntMatchers.dottedVersion(List.of("3.3"), none).matches(sample)).isTrue();
        assertThat(IntMatchers.dottedVersion(List.of("ge", "3.1"), none).matches(sample)).isTrue();
        assertThat(IntMatchers.dottedVersion(List.of("gt", "3.3"), none).matches(sample)).isFalse();
        assertThat(IntMatchers.dottedVersion(List.of("3.0:3.2"), none).matches(sample)).isFalse();
        assertThat(IntMatchers.dottedVersion(List.of("3.0-3"), none).matches(sample)).isFalse();
        assertThat(IntMatchers.dottedVersion(List.of(":3.4"), none).matches(sample)).isTrue();
        assertThatThrownBy(() -> IntMatchers.dottedVersion(List.of("3.x"), none))
                .hasMessage("'3.x' is not a dotted number");
    }

    /** An RDP connection request: the TPKT/X.224 header, then the cookie line. */
    @Test
    void rdpCookieIsTheConnectionRequestsCookie() throws InvalidArgumentException {
        String request = "\u0003\u0000\u0000\u002a\u0025\u00e0\u0000\u0000\u0000\u0000\u0000"
                + "Cookie: mstshash=alice\r\n\u0001\u0000\u0008\u0000";
        TrafficView whole = buffer(request);
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req.rdp_cookie").fetch(whole, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("alice");
        assertThat(fetch("rdp_cookie", "MSTSHASH").fetch(whole, sample.reset(true))).isTrue();
        assertThat(fetch("rdp_cookie", "msts").fetch(whole, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isFalse();
        assertThat(fetch("req.rdp_cookie_cnt").fetch(whole, sample.reset(true))).isTrue();
        assertThat(sample.integer()).isEqualTo(1);
        assertThat(fetch("req.rdp_cookie_cnt", "msts").fetch(whole, sample.reset(true))).isTrue();
        assertThat(sample.integer()).isZero();
        // cut before the end of the line: not yet, for both
        TrafficView cut = buffer(request.substring(0, 30));
        assertThat(fetch("req.rdp_cookie").fetch(cut, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
        assertThat(fetch("req.rdp_cookie_cnt").fetch(cut, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
    }

    @Test
    void plainTextIsNoHelloForGood() throws Exception {
        TrafficView text = buffer("GET / HTTP/1.1\r\n");
        Sample sample = new Sample().reset(true);
        for (String keyword : List.of("req.ssl_hello_type", "req.ssl_sni", "req.ssl_alpn")) {
            assertThat(fetch(keyword).fetch(text, sample.reset(true))).isFalse();
            assertThat(sample.mayChange()).as(keyword).isFalse();
        }
    }

    @Test
    void payloadIsAFixedRangeThatWaitsForItsBytes() throws Exception {
        TrafficView ping = buffer("PING\r\n");
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req.payload", "0", "4").fetch(ping, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.BINARY);
        assertThat(sample.toString()).isEqualTo("PING");
        assertThat(sample.mayChange()).isFalse();
        assertThat(fetch("req.payload", "2", "10").fetch(ping, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
        // past any buffer: never, so nothing to wait for
        assertThat(fetch("req.payload", "16380", "10").fetch(ping, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isFalse();
        // a length of 0: the rest, which may grow
        assertThat(fetch("payload", "1", "0").fetch(ping, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("ING\r\n");
        assertThat(sample.mayChange()).isTrue();
        assertThatThrownBy(() -> fetch("req.payload", "0"))
                .hasMessage("fetch method 'req.payload' : missing arguments (got 1/2), type 'integer' expected");
    }

    @Test
    void payloadLvReadsALengthThenTheBlock() throws Exception {
        // a 2-byte length (3) at offset 1, the block right after it, then a relative and an absolute offset
        TrafficView buffer = buffer(new byte[] {9, 0, 3, 'a', 'b', 'c', 'x', 'y', 'z'});
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req.payload_lv", "1", "2").fetch(buffer, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("abc");
        assertThat(fetch("req.payload_lv", "1", "2", "+3").fetch(buffer, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("xyz");
        assertThat(fetch("req.payload_lv", "1", "2", "4").fetch(buffer, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("bcx");
        TrafficView cut = buffer(new byte[] {9, 0, 3, 'a'});
        assertThat(fetch("req.payload_lv", "1", "2").fetch(cut, sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
        assertThatThrownBy(() -> fetch("req.payload_lv", "1", "0"))
                .hasMessage("invalid args in fetch method 'req.payload_lv' : payload length must be > 0");
        assertThatThrownBy(() -> fetch("req.payload_lv", "0", "1", "-5"))
                .hasMessage("invalid args in fetch method 'req.payload_lv' : payload offset2 too negative");
    }

    @Test
    void lengthMayGrowAndWaitEndAnswersOnlyAtTheEnd() throws InvalidArgumentException {
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req.len").fetch(buffer("abc"), sample)).isTrue();
        assertThat(sample.integer()).isEqualTo(3);
        assertThat(sample.mayChange()).isTrue();
        assertThat(fetchFactory("req_len").availableIn()).contains(Phase.TCP_CONTENT, Phase.HTTP_REQUEST);

        sample.setPartial(true);
        assertThat(fetch("wait_end").fetch(buffer(""), sample.reset(true))).isFalse();
        assertThat(sample.mayChange()).isTrue();
        sample.setPartial(false);
        assertThat(fetch("wait_end").fetch(buffer(""), sample.reset(true))).isTrue();
    }

    @Test
    void withoutABufferThereIsNoValue() throws InvalidArgumentException {
        TrafficView empty = buffer(new byte[0]);
        TrafficView none = view(null, null);
        Sample sample = new Sample().reset(true);
        for (SampleFetch fetch : List.of(fetch("req.payload", "0", "1"), fetch("req.ssl_sni"),
                fetch("req.ssl_hello_type"))) {
            assertThat(fetch.fetch(none, sample.reset(true))).isFalse();
            assertThat(sample.mayChange()).isFalse();
        }
        assertThat(fetch("req.len").fetch(empty, sample.reset(true))).isTrue();
        assertThat(sample.integer()).isZero();
    }

    @Test
    void binMatchesExactBytes() throws InvalidArgumentException {
        AclMatcher matcher = BinaryMatcher.compile(List.of("50494e47", "2a"), new MatchOptions(false));
        Sample sample = new Sample().reset(true);
        assertThat(fetch("req.payload", "0", "4").fetch(buffer("PING"), sample)).isTrue();
        assertThat(matcher.matches(sample)).isTrue();
        assertThat(fetch("req.payload", "0", "1").fetch(buffer("*3\r\n"), sample.reset(true))).isTrue();
        assertThat(matcher.matches(sample)).isTrue();
        assertThat(fetch("req.payload", "0", "2").fetch(buffer("*3\r\n"), sample.reset(true))).isTrue();
        assertThat(matcher.matches(sample)).isFalse();
        // a string match casts the bytes to a string, which ends at the first NUL (c_bin2str)
        AclMatcher string = StringMatchers.exact(List.of("PI"), new MatchOptions(false));
        assertThat(fetch("req.payload", "0", "4").fetch(buffer("PI\0G"), sample.reset(true))).isTrue();
        assertThat(string.matches(sample)).isTrue();
        assertThatThrownBy(() -> BinaryMatcher.compile(List.of("5"), new MatchOptions(false)))
                .hasMessage("an even number of hex digit is expected");
        assertThatThrownBy(() -> BinaryMatcher.compile(List.of("zz"), new MatchOptions(false)))
                .hasMessage("an hex digit is expected (found 'z')");
    }
}
