package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.config.ConverterCall;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.core.sample.ConvertedFetch;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * Converters checked value for value against haproxy 2.6.12: every expected value below was
 * printed by {@code /usr/sbin/haproxy} 2.6.12 for the same expression, through
 * {@code http-request return ... lf-string "%[EXPR]"}, with {@code -m found} telling an absent
 * value (null here) from an empty one. Binary results go through {@code hex}, as there.
 */
final class HaproxyConvertersTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.connection().source("127.0.0.1", 40000);

    /**
     * {@code fetch(argument)} then each converter: a {@link ConverterCall}, or a text
     * {@code name} or {@code name:arg1:arg2} (arguments may hold commas).
     */
    private static String run(String fetch, String argument, Object... converters) throws InvalidArgumentException {
        List<ConverterCall> calls = new ArrayList<>();
        for (Object converter : converters) {
            if (converter instanceof ConverterCall call) {
                calls.add(call);
                continue;
            }
            String[] parts = ((String) converter).split(":", -1);
            calls.add(new ConverterCall(parts[0], List.of(parts).subList(1, parts.length)));
        }
        SampleFetchFactory factory = Samples.fetchFactory(fetch);
        SampleFetch expression = ConvertedFetch.of(Samples.REGISTRY,
                factory.create(argument == null ? List.of() : List.of(argument)), factory.outputType(), calls);
        Sample sample = new Sample().reset(false);
        if (!expression.fetch(TRAFFIC, sample)) {
            return null;
        }
        // lf-string prints the expression as text: a binary result stops at its first NUL there too
        sample.castTo(SampleType.STRING);
        return sample.toString();
    }

    private static ConverterCall call(String name, String... arguments) {
        return new ConverterCall(name, List.of(arguments));
    }

    private static String str(String input, Object... converters) throws InvalidArgumentException {
        return run("str", input, converters);
    }

    private static String integer(long input, Object... converters) throws InvalidArgumentException {
        return run("int", Long.toString(input), converters);
    }

    /** Bytes written as in haproxy.cfg's \xNN escapes, as the chars 0-255 Bascule keeps them in. */
    private static String bytes(int... values) {
        StringBuilder out = new StringBuilder();
        for (int value : values) {
            out.append((char) value);
        }
        return out.toString();
    }

    private static String refused(String fetch, String argument, Object... converters) {
        try {
            run(fetch, argument, converters);
        } catch (InvalidArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + List.of(converters));
    }

    @Test
    void jsonAscii() throws Exception {
        assertThat(str("abc", "json")).isEqualTo("abc");
        assertThat(str("a\"b/c\\d", "json")).isEqualTo("a\\\"b\\/c\\\\d");
        assertThat(str("", "json")).isEqualTo("");
        assertThat(str("h\u00c3\u00a9llo", "json")).isEqualTo("h\\u00c3\\u00a9llo");
        assertThat(str("h\u00c3\u00a9llo", "json:ascii")).isEqualTo("h\\u00c3\\u00a9llo");
        assertThat(str(bytes(1, 0x7f, 8, 12, 9), "json")).isEqualTo("\\u0001\\u007f\\b\\f\\t");
    }

    @Test
    void jsonUtf8Modes() throws Exception {
        String e = bytes('h', 0xc3, 0xa9, 'l', 'l', 'o');
        for (String mode : List.of("utf8", "utf8s", "utf8p", "utf8ps")) {
            assertThat(str(e, "json:" + mode)).isEqualTo("h\\u00e9llo");
        }
        assertThat(str(bytes('a', 0xe2, 0x82, 0xac, 'b'), "json:utf8")).isEqualTo("a\\u20acb");
        assertThat(str(bytes(1, 0x7f, 8, 12, 9, 10, 13), "json:utf8")).isEqualTo("\\u0001\\u007f\\b\\f\\t\\n\\r");
        assertThat(str(bytes(0xef, 0xbf, 0xbd), "json:utf8")).isEqualTo("\\ufffd");
        // beyond U+FFFF: fails in utf8, skipped in utf8s and utf8ps
        String emoji = bytes('a', 0xf0, 0x9f, 0x98, 0x80, 'b');
        assertThat(str(emoji, "json:utf8")).isNull();
        assertThat(str(emoji, "json:utf8s")).isEqualTo("ab");
        assertThat(str(emoji, "json:utf8ps")).isEqualTo("ab");
        // a bad byte
        String bad = bytes('a', 0xff, 'b');
        assertThat(str(bad, "json:utf8")).isNull();
        assertThat(str(bad, "json:utf8s")).isEqualTo("ab");
        assertThat(str(bad, "json:utf8p")).isNull();
        assertThat(str(bad, "json:utf8ps")).isEqualTo("ab");
        // overlong: only the p modes let it through
        String overlong = bytes('a', 0xc0, 0x80, 'b');
        assertThat(str(overlong, "json:utf8")).isNull();
        assertThat(str(overlong, "json:utf8s")).isEqualTo("ab");
        assertThat(str(overlong, "json:utf8p")).isEqualTo("a\\u0000b");
        assertThat(str(overlong, "json:utf8ps")).isEqualTo("a\\u0000b");
        assertThat(str(bytes('a', 0xe0, 0x80, 0xaf, 'b'), "json:utf8p")).isEqualTo("a\\/b");
        // truncated sequences
        assertThat(str(bytes('a', 0xc3, 'b'), "json:utf8s")).isEqualTo("ab");
        assertThat(str(bytes('a', 0xc3), "json:utf8s")).isEqualTo("a");
        assertThat(str(bytes('a', 0xc3), "json:utf8ps")).isEqualTo("a");
        assertThat(str(bytes('a', 0xe2, 0x82), "json:utf8ps")).isEqualTo("a");
        // surrogates and U+FFFE: an invalid range
        String surrogate = bytes('a', 0xed, 0xa0, 0x80, 'b');
        assertThat(str(surrogate, "json:utf8s")).isEqualTo("ab");
        assertThat(str(surrogate, "json:utf8p")).isNull();
        assertThat(str(surrogate, "json:utf8ps")).isEqualTo("ab");
        assertThat(str(bytes(0xef, 0xbf, 0xbe), "json:utf8ps")).isEqualTo("");
    }

    @Test
    void jsonRefusesAnUnknownInputCode() {
        assertThat(refused("str", "a", "json:utf16")).contains("Unexpected input code type. Allowed value are"
                + " 'ascii', 'utf8', 'utf8s', 'utf8p' and 'utf8ps'");
    }

    @Test
    void xxh32AndXxh64() throws Exception {
        assertThat(str("abc", "xxh32")).isEqualTo("852579327");
        assertThat(str("abc", "xxh32:1")).isEqualTo("2856167679");
        // the seed is cut to 32 bits: 4294967297 seeds as 1
        assertThat(str("abc", "xxh32:4294967297")).isEqualTo("2856167679");
        assertThat(str("", "xxh32")).isEqualTo("46947589");
        assertThat(str("abcdefghijklmnopqrstuvwxyz0123456789", "xxh32")).isEqualTo("1118732365");
        assertThat(str("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "xxh32:4294967298"))
                .isEqualTo("1326041114");
        assertThat(str("abc", "xxh64")).isEqualTo("4952883123889572249");
        assertThat(str("abc", "xxh64:1")).isEqualTo("-4708009277469325048");
        assertThat(str("", "xxh64")).isEqualTo("-1205034819632174695");
        assertThat(str("abcdefghijklmnopqrstuvwxyz0123456789", "xxh64")).isEqualTo("7273945407305660262");
        assertThat(str("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ", "xxh64:-7"))
                .isEqualTo("-6831122756992196348");
        assertThat(str("abcdefg", "xxh64:123456789012")).isEqualTo("-1371266031402349248");
        // an integer hashes as its 8 big-endian bytes
        assertThat(integer(1, "xxh32")).isEqualTo("4094994757");
        assertThat(refused("str", "a", "xxh32:x")).contains("failed to parse 'x' as type 'integer' at position 1");
    }

    @Test
    void sha1Sha2AndDigest() throws Exception {
        assertThat(str("abc", "sha1", "hex")).isEqualTo("A9993E364706816ABA3E25717850C26C9CD0D89D");
        assertThat(str("", "sha1", "hex")).isEqualTo("DA39A3EE5E6B4B0D3255BFEF95601890AFD80709");
        assertThat(str("abc", "sha2", "hex"))
                .isEqualTo("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
        assertThat(str("abc", "sha2:224", "hex")).isEqualTo("23097D223405D8228642A477BDA255B32AADBCE4BDA0B3F7E36C9DA7");
        assertThat(str("abc", "sha2:384", "hex")).isEqualTo("CB00753F45A35E8BB5A03D699AC65007272C32AB0EDED1631A8B605A"
                + "43FF5BED8086072BA1E7CC2358BAECA134C825A7");
        assertThat(str("", "sha2:512", "hex")).isEqualTo("CF83E1357EEFB8BDF1542850D66D8007D620E4050B5715DC83F4A921D36"
                + "CE9CE47D0D13C5D85F2B0FF8318D2877EEC2F63B931BD47417A81A538327AF927DA3E");
        assertThat(str("abc", "digest:md5", "hex")).isEqualTo("900150983CD24FB0D6963F7D28E17F72");
        assertThat(str("abc", "digest:MD5", "hex")).isEqualTo("900150983CD24FB0D6963F7D28E17F72");
        for (String name : List.of("SHA256", "sha-256", "SHA2-256", "RSA-SHA256")) {
            assertThat(str("abc", "digest:" + name, "hex"))
                    .isEqualTo("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD");
        }
        assertThat(str("abc", "digest:sha512-256", "hex"))
                .isEqualTo("53048E2681941EF99B2E29B76B4C7DABE4C2D0C634FC6D46E0E2F13107E7AF23");
        assertThat(str("abc", "digest:sha3-256", "hex"))
                .isEqualTo("3A985DA74FE225B2045C172D6BD390BD855F086E3E9D525B46BFE24511431532");
        assertThat(str("abc", "digest:sha512-224", "hex")).isEqualTo("4634270F707B6A54DAAE7530460842E20E37ED265CEEE9A4"
                + "3E8924AA");
        assertThat(str("abc", "digest:sha-1", "hex")).isEqualTo("A9993E364706816ABA3E25717850C26C9CD0D89D");
        // a long input, past the per-thread buffer
        assertThat(str("a".repeat(1000), "sha1", "hex")).isEqualTo("291E9A6C66994949B57BA5E650361E98FC36B1BA");
    }

    @Test
    void digestArgumentsAreCheckedAtLoad() {
        assertThat(refused("str", "a", "sha2:100")).contains("Unsupported number of bits: '100'");
        assertThat(refused("str", "a", "sha2:0")).contains("Unsupported number of bits: '0'");
        assertThat(refused("str", "a", "digest:nosuch")).contains("algorithm must be a valid OpenSSL message digest"
                + " name.");
        // OpenSSL has these, the JDK does not
        assertThat(refused("str", "a", "digest:blake2b512")).contains("not implemented by Bascule");
        assertThat(refused("str", "a", "digest:ripemd160")).contains("not implemented by Bascule");
        assertThat(refused("str", "a", "sha1:1")).contains("sha1");
    }

    @Test
    void cutCrlfHostOnlyPortOnly() throws Exception {
        assertThat(str("a\r\nb", "cut_crlf")).isEqualTo("a");
        assertThat(str("ab\nc", "cut_crlf")).isEqualTo("ab");
        assertThat(str("", "cut_crlf")).isEqualTo("");
        assertThat(str("www.example.com:80", "host_only")).isEqualTo("www.example.com");
        assertThat(str("WWW.Example.COM:80", "host_only")).isEqualTo("www.example.com");
        assertThat(str("www.example.com", "host_only")).isEqualTo("www.example.com");
        assertThat(str("[::1]:8080", "host_only")).isEqualTo("[::1]");
        assertThat(str("[::1]", "host_only")).isEqualTo("[::1]");
        assertThat(str("a:b:c", "host_only")).isEqualTo("a:b");
        assertThat(str(":80", "host_only")).isEqualTo("");
        assertThat(str("www.example.com:80", "port_only")).isEqualTo("80");
        assertThat(str("www.example.com", "port_only")).isEqualTo("0");
        assertThat(str("[::1]:8080", "port_only")).isEqualTo("8080");
        assertThat(str("[::1]", "port_only")).isEqualTo("0");
        assertThat(str(":80", "port_only")).isEqualTo("80");
        assertThat(str("a:", "port_only")).isEqualTo("0");
        // HAProxy reads the port without checking its characters
        assertThat(str("a:b:c", "port_only")).isEqualTo("51");
        assertThat(str("a:x1", "port_only")).isEqualTo("721");
    }

    @Test
    void htonlBe2decBe2hex() throws Exception {
        assertThat(integer(1, "htonl", "hex")).isEqualTo("00000001");
        assertThat(integer(-1, "htonl", "hex")).isEqualTo("FFFFFFFF");
        assertThat(integer(4294967297L, "htonl", "hex")).isEqualTo("00000001");
        assertThat(str("abc", "be2dec:-:1")).isEqualTo("97-98-99");
        assertThat(str("abcdefghij", "be2dec:-:3")).isEqualTo("6382179-6579558-6776937-106");
        assertThat(str("abcdefghij", "be2dec:-:3:1")).isEqualTo("6382179-6579558-6776937");
        assertThat(str("ab", "be2dec:-:3:1")).isEqualTo("");
        assertThat(str("", "be2dec:-:3")).isEqualTo("");
        assertThat(str("abcdefghij", "be2dec::8")).isEqualTo("701728045224574346426986");
        assertThat(integer(-1, "be2dec:.:8")).isEqualTo("18446744073709551615");
        assertThat(integer(-1, "be2dec:.:4")).isEqualTo("4294967295.4294967295");
        assertThat(str("abc", "be2hex")).isEqualTo("616263");
        assertThat(str("abcde", "be2hex:,:2")).isEqualTo("6162,6364,65");
        assertThat(str("abcde", "be2hex::2")).isEqualTo("6162636465");
        assertThat(str("abcde", "be2hex::2:1")).isEqualTo("61626364");
        assertThat(str("abcde", "be2hex:-:2:1")).isEqualTo("6162-6364");
        assertThat(refused("str", "a", "be2hex:-")).contains("chunk_size needs to be positive (0)");
        assertThat(refused("str", "a", "be2hex:-:1:2")).contains("Unsupported truncate value (2)");
        assertThat(refused("str", "a", "be2dec:-:9")).contains("chunk_size out of [1..8] range (9)");
        assertThat(refused("str", "a", "be2dec")).contains("chunk_size out of [1..8] range (0)");
    }

    @Test
    void httpDate() throws Exception {
        assertThat(integer(0, "http_date")).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
        assertThat(integer(1, "http_date:3600")).isEqualTo("Thu, 01 Jan 1970 01:00:01 GMT");
        assertThat(integer(1700000000, "http_date")).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        assertThat(integer(1700000000123L, "http_date:0:ms")).isEqualTo("Tue, 14 Nov 2023 22:13:20.123 GMT");
        // the fraction is printed with %d: not padded
        assertThat(integer(1700000000005L, "http_date:0:ms")).isEqualTo("Tue, 14 Nov 2023 22:13:20.5 GMT");
        assertThat(integer(1700000000123456L, "http_date:0:us")).isEqualTo("Tue, 14 Nov 2023 22:13:20.123456 GMT");
        assertThat(integer(1700000000, "http_date:0:s")).isEqualTo("Tue, 14 Nov 2023 22:13:20 GMT");
        assertThat(integer(1700000000, "http_date:-86400")).isEqualTo("Mon, 13 Nov 2023 22:13:20 GMT");
        assertThat(integer(951782400, "http_date")).isEqualTo("Tue, 29 Feb 2000 00:00:00 GMT");
        assertThat(integer(253402300800L, "http_date")).isEqualTo("Sat, 01 Jan 10000 00:00:00 GMT");
        // negative dates keep their low 55 bits
        assertThat(integer(-1, "http_date")).isEqualTo("Sun, 13 Jun 1141709097 06:26:07 GMT");
        assertThat(integer(-1000, "http_date:0:ms")).isEqualTo("Sun, 13 Jun 1141709097 06:26:07.0 GMT");
        assertThat(refused("int", "1", "http_date:0:h")).contains("expects 's', 'ms' or 'us', got 'h'");
    }

    @Test
    void utimeFormatsAsStrftime() throws Exception {
        assertThat(integer(1700000000, call("utime", "%Y-%m-%d %H:%M:%S"))).isEqualTo("2023-11-14 22:13:20");
        assertThat(integer(1700000000, call("utime", "%a %A %b %B %C %e %j %u %w %U %W %V %G %g %y %Z %z %p %I %l %k"
                + " %D %F %T %R %r %% %s"))).isEqualTo("Tue Tuesday Nov November 20 14 318 2 2 46 46 46 2023 23 23 GMT +0000"
                + " PM 10 10 22 11/14/23 2023-11-14 22:13:20 22:13 10:13:20 PM % 1700000000");
        assertThat(integer(1700000000, call("utime", "%c|%x|%X|%h|%P|%Q|%E|%Ey")))
                .isEqualTo("Tue Nov 14 22:13:20 2023|11/14/23|22:13:20|Nov|pm|%Q|%E|23");
        assertThat(integer(0, call("utime", "%V-%G-%U-%W", "-86400"))).isEqualTo("01-1970-52-52");
        assertThat(integer(1104537600, call("utime", "%V-%G-%g-%U-%W-%j"))).isEqualTo("53-2004-04-00-00-001");
        assertThat(integer(1230681600, call("utime", "%V-%G-%g-%U-%W-%j"))).isEqualTo("01-2009-09-52-52-366");
        assertThat(integer(-1, call("utime", "%Y"))).isEqualTo("1141709097");
        assertThat(integer(1, "utime")).isEqualTo("");
    }

    @Test
    void ltimeInAZoneWithSummerTime() throws Exception {
        // TZ=Europe/Paris haproxy 2.6.12: ltime(%Y-%m-%d\ %H:%M:%S\ %Z\ %z)
        SampleConverter ltime = DateConverters.time("ltime", List.of("%Y-%m-%d %H:%M:%S %Z %z"),
                java.time.ZoneId.of("Europe/Paris"));
        Sample sample = new Sample().setInteger(1700000000);
        assertThat(ltime.convert(TRAFFIC, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("2023-11-14 23:13:20 CET +0100");
        sample.setInteger(1690000000);
        assertThat(ltime.convert(TRAFFIC, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("2023-07-22 06:26:40 CEST +0200");
    }

    @Test
    void ltimeIsUtimeInTheLocalZone() throws Exception {
        long date = 1700000000;
        int offset = java.util.TimeZone.getDefault().getOffset(date * 1000) / 1000;
        assertThat(integer(date, call("ltime", "%Y-%m-%d %H:%M:%S", "3600")))
                .isEqualTo(integer(date + offset + 3600, call("utime", "%Y-%m-%d %H:%M:%S")));
    }

    @Test
    void arithmeticSaturatesAsHaproxy() throws Exception {
        long max = Long.MAX_VALUE;
        long min = Long.MIN_VALUE;
        assertThat(integer(5, "add:-3")).isEqualTo("2");
        assertThat(integer(max, "add:1")).isEqualTo(Long.toString(max));
        // arith_add()'s own check: two negatives that do not underflow give the largest integer
        assertThat(integer(-1, "add:-1")).isEqualTo(Long.toString(max));
        assertThat(integer(-5, "add:-3")).isEqualTo(Long.toString(max));
        assertThat(integer(-5, "sub:3")).isEqualTo(Long.toString(max));
        assertThat(integer(min, "sub:1")).isEqualTo(Long.toString(min));
        assertThat(integer(3, "sub:" + min)).isEqualTo(Long.toString(max));
        assertThat(integer(-3, "sub:" + min)).isEqualTo("9223372036854775805");
        assertThat(integer(4611686018427387904L, "mul:4")).isEqualTo(Long.toString(max));
        assertThat(integer(-4611686018427387904L, "mul:4")).isEqualTo(Long.toString(min));
        assertThat(integer(min, "mul:-1")).isEqualTo(Long.toString(max));
        assertThat(integer(7, "mul:0")).isEqualTo("0");
        assertThat(integer(min, "neg")).isEqualTo(Long.toString(max));
        assertThat(integer(min, "div:-1")).isEqualTo(Long.toString(max));
        assertThat(integer(min, "mod:-1")).isEqualTo("0");
    }

    @Test
    void bytesAndWordGiveEmptyValues() throws Exception {
        assertThat(str("hello", "bytes:9")).isEqualTo("");
        assertThat(str("hello", "bytes:5")).isEqualTo("");
        assertThat(str("hello", "bytes:0")).isEqualTo("hello");
        assertThat(str("hello", "bytes:1:99")).isEqualTo("ello");
        assertThat(str("hello", "bytes:-1")).isEqualTo("");
        assertThat(str("hello", "bytes:1:-1")).isEqualTo("ello");
        assertThat(str("hello", "bytes:1:0")).isEqualTo("");
        assertThat(str("", "bytes:0")).isEqualTo("");
        assertThat(str("a/b", "word:5:/")).isEqualTo("");
        assertThat(str("a/b", "field:5:/")).isNull();
        // haproxy 2.6.12's messages
        assertThat(refused("str", "a", "bytes")).contains("expected type 'integer' at position 1, but got nothing");
        assertThat(refused("str", "a", "bytes:x")).contains("failed to parse 'x' as type 'integer' at position 1");
        assertThat(refused("str", "a", "xxh64: 1")).contains("failed to parse ' 1' as type 'integer' at position 1");
        assertThat(refused("str", "a", "sha2:abc")).contains("failed to parse 'abc' as type 'integer' at position 1");
        assertThat(refused("str", "a", "digest")).contains("algorithm must be a valid OpenSSL message digest name.");
        assertThat(refused("str", "a", "be2dec:-:2:3")).contains("Unsupported truncate value (3)");
        assertThat(refused("int", "1", "htonl:1")).contains("htonl");
        assertThat(refused("str", "a", "cut_crlf:x")).contains("cut_crlf");
    }

    @Test
    void base64DecodersAsHaproxys() throws Exception {
        assertThat(str("Y", "b64dec")).isNull();
        assertThat(str("Y===", "b64dec", "hex")).isEqualTo("");
        assertThat(str("YQ", "b64dec")).isNull();
        assertThat(str("YQ=", "b64dec")).isNull();
        assertThat(str("YQ==", "b64dec", "hex")).isEqualTo("61");
        assertThat(str("YWI=", "b64dec", "hex")).isEqualTo("6162");
        assertThat(str("", "b64dec", "hex")).isEqualTo("");
        assertThat(str("====", "b64dec")).isNull();
        assertThat(str("Y=Q=", "b64dec")).isNull();
        assertThat(str("abcde", "b64dec")).isNull();
        assertThat(str("ab-_", "b64dec")).isNull();
        assertThat(str("Y", "ub64dec")).isNull();
        assertThat(str("YQ", "ub64dec", "hex")).isEqualTo("61");
        assertThat(str("YWI", "ub64dec", "hex")).isEqualTo("6162");
        // HAProxy's URL table reads '=' as 63
        assertThat(str("YQ=", "ub64dec", "hex")).isEqualTo("610F");
        assertThat(str("YQ==", "ub64dec", "hex")).isEqualTo("610FFF");
        assertThat(str("YWI=", "ub64dec", "hex")).isEqualTo("61623F");
        assertThat(str("abcde", "ub64dec")).isNull();
        assertThat(str("ab+/", "ub64dec")).isNull();
    }

    @Test
    void castsFollowSampleCasts() throws Exception {
        // integers and booleans to binary: 8 big-endian bytes; an IPv4 address: its 4 bytes
        assertThat(integer(1, "hex")).isEqualTo("0000000000000001");
        assertThat(run("bool", "1", "hex")).isEqualTo("0000000000000001");
        assertThat(run("src", null, "hex")).isEqualTo("7F000001");
        assertThat(integer(1, "crc32")).isEqualTo("304476159");
        assertThat(run("bool", "1", "crc32")).isEqualTo("304476159");
        assertThat(run("src", null, "crc32")).isEqualTo("1696554816");
        assertThat(run("src", null, "add:1")).isEqualTo("2130706434");
        // binary to string stops at the first NUL
        assertThat(integer(1, "bytes:0", "lower")).isEqualTo("");
        assertThat(integer(1094795585, "htonl", "lower")).isEqualTo("aaaa");
        assertThat(integer(1094795520, "htonl", "lower")).isEqualTo("aaa");
        // a string to a boolean reads it as an integer
        assertThat(str("12", "iif:yes:no")).isEqualTo("yes");
        assertThat(str("0", "iif:yes:no")).isEqualTo("no");
        assertThat(str("", "iif:yes:no")).isNull();
        // no cast: refused at load
        assertThat(refused("str", "a", "sha1", "add:1")).contains("converter 'add' cannot be applied");
        assertThat(refused("str", "a", "sha1", "iif:a:b")).contains("converter 'iif' cannot be applied");
        assertThat(refused("bool", "1", "ipmask:8")).contains("converter 'ipmask' cannot be applied");
        assertThat(refused("method", null, "add:1")).contains("converter 'add' cannot be applied");
    }

    @Test
    void integerArgumentsAreReadAsReadInt64() throws Exception {
        assertThat(run("int", "+5")).isEqualTo("5");
        assertThat(run("int", "-")).isEqualTo("0");
        assertThat(run("int", "99999999999999999999")).isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(integer(1, "add:+5")).isEqualTo("6");
        assertThat(str("a", "crc32:2")).isEqualTo("1288200982");
        assertThatThrownBy(() -> run("int", " 5")).hasMessageContaining("failed to parse ' 5' as type 'integer' at"
                + " position 1");
        assertThatThrownBy(() -> run("int", "5x")).hasMessageContaining("failed to parse '5x' as type 'integer' at"
                + " position 1");
        assertThat(refused("str", "a", "crc32: 1")).contains("failed to parse ' 1' as type 'integer' at position 1");
        assertThat(refused("int", "1", "add: 5")).contains("expects an integer or a variable name");
        assertThat(refused("str", "a/b", "field: 1:/")).contains("failed to parse ' 1' as type 'integer' at position 1");
        assertThat(refused("str", "a/b", "field:0:/")).contains("Unexpected value 0 for index");
        assertThat(refused("str", "a/b", "word:0:/")).contains("Unexpected value 0 for index");
    }
}
