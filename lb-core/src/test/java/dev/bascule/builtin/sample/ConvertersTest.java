package dev.bascule.builtin.sample;

import static dev.bascule.builtin.sample.Samples.all;
import static dev.bascule.builtin.sample.Samples.expression;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleType;

import org.junit.jupiter.api.Test;

import java.util.List;

/** Converters as HAProxy 2.6's configuration.txt (7.3.1) describes them, applied after a fetch. */
final class ConvertersTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.request("GET", "/Index.HTML?x=1")
            .header("Host", "WWW.Example.COM:8080").header("X-Id", "a").header("X-Id", "Bb");

    @Test
    void lowerAndUpperChangeAsciiLettersOnly() throws Exception {
        assertThat(single(expression("req.hdr", List.of("host"), "lower"), TRAFFIC)).isEqualTo("www.example.com:8080");
        assertThat(single(expression("path", List.of(), "upper"), TRAFFIC)).isEqualTo("/INDEX.HTML");
        assertThat(single(expression("path", List.of(), "upper", "lower"), TRAFFIC)).isEqualTo("/index.html");
    }

    @Test
    void lengthCountsBytes() throws Exception {
        assertThat(single(expression("path", List.of(), "length"), TRAFFIC)).isEqualTo("11");
    }

    @Test
    void everyValueOfAMultiValuedFetchIsConverted() throws Exception {
        assertThat(all(expression("req.hdr", List.of("x-id"), "upper"), TRAFFIC)).containsExactly("A", "BB");
    }

    @Test
    void anIntegerIsCastToTextForAStringConverter() throws Exception {
        // src_port (an integer) through lower: cast to its decimal text first, as sample_casts do
        TestingTraffic traffic = TestingTraffic.connection().source("127.0.0.1", 40123);
        assertThat(single(expression("src_port", List.of(), "lower"), traffic)).isEqualTo("40123");
        assertThat(single(expression("src_port", List.of(), "lower", "length"), traffic)).isEqualTo("5");
    }

    @Test
    void castsFollowHaproxysTable() {
        Sample sample = new Sample().setString("-42abc");
        assertThat(sample.castTo(SampleType.INTEGER)).isTrue();
        assertThat(sample.integer()).isEqualTo(-42);
        assertThat(new Sample().setString("").castTo(SampleType.INTEGER)).isFalse();
        Sample address = new Sample().setString("10.1.2.3");
        assertThat(address.castTo(SampleType.ADDRESS)).isTrue();
        assertThat(address.castTo(SampleType.INTEGER)).isTrue();
        assertThat(address.integer()).isEqualTo(0x0a010203L);
        assertThat(new Sample().setString("10.1.2").castTo(SampleType.ADDRESS)).isFalse();
        assertThat(SampleType.METHOD.castableTo(SampleType.INTEGER)).isFalse();
        assertThat(SampleType.BOOLEAN.castableTo(SampleType.STRING)).isTrue();
    }

    @Test
    void unknownConvertersAndBadArgumentsAreRefused() {
        assertThatThrownBy(() -> expression("path", List.of(), "nosuch")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("unknown converter 'nosuch'");
        assertThatThrownBy(() -> expression("path", List.of(), "lower(x)")).isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("invalid args in converter 'lower'");
    }

    @Test
    void addItemConcatAndStrcmpReadVariables() throws Exception {
        // add_item.vtc (haproxy 2.6.12) with "," as the delimiter; the helper here splits on commas, so ";"
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("input", "input")
                .variable("txn.var", "var_content").variable("txn.input", "input");
        assertThat(single(expression("req.hdr", List.of("input"), "add_item(;,txn.var,_suff_)"), traffic))
                .isEqualTo("input;var_content_suff_");
        assertThat(single(expression("req.hdr", List.of("input"), "add_item(;,txn.var)"), traffic))
                .isEqualTo("input;var_content");
        assertThat(single(expression("req.hdr", List.of("input"), "add_item(;,,_suff_)"), traffic))
                .isEqualTo("input;_suff_");
        // an empty input gets no delimiter
        assertThat(single(expression("req.hdr", List.of("nope"), "add_item(;,txn.var)"), traffic)).isNull();
        assertThat(single(expression("path", List.of(), "concat(<,txn.var,>)"), traffic)).isEqualTo("/<var_content>");
        assertThat(single(expression("req.hdr", List.of("input"), "strcmp(txn.input)"), traffic)).isEqualTo("0");
        assertThat(single(expression("req.hdr", List.of("input"), "strcmp(txn.var)"), traffic)).isNotEqualTo("0");
        assertThat(single(expression("req.hdr", List.of("input"), "strcmp(txn.none)"), traffic)).isNull();
    }

    @Test
    void fieldAndWordAsSampleDotCDoes() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/foo/bar/baz").header("X", "a,,b,c");
        // field.vtc (haproxy 2.6.12): path /foo/bar/baz, field(3,/) is bar; /foo has none
        assertThat(single(expression("path", List.of(), "field(3,/)"), traffic)).isEqualTo("bar");
        assertThat(single(expression("path", List.of(), "field(-1,/)"), traffic)).isEqualTo("baz");
        assertThat(single(expression("path", List.of(), "field(2,/,2)"), traffic)).isEqualTo("foo/bar");
        assertThat(single(expression("path", List.of(), "field(9,/)"), traffic)).isNull();
        assertThat(single(expression("req.hdr", List.of("x"), "field(2,;)"), traffic)).isNull();
        // empty fields count in field(), not in word()
        assertThat(single(expression("path", List.of(), "word(2,/)"), traffic)).isEqualTo("bar");
        assertThat(single(expression("path", List.of(), "word(-1,/)"), traffic)).isEqualTo("baz");
        assertThat(single(expression("path", List.of(), "word(1,/,2)"), traffic)).isEqualTo("foo/bar");
    }

    @Test
    void urlDecodeTurnsPlusIntoSpaceInTheQueryOrInForms() throws Exception {
        // url_dec.vtc (haproxy 2.6.12)
        TestingTraffic traffic = TestingTraffic.request("GET", "/bla+%20?foo%3Dbar%2B42+42%20");
        assertThat(single(expression("url", List.of(), "url_dec"), traffic)).isEqualTo("/bla+ ?foo=bar+42 42 ");
        assertThat(single(expression("url", List.of(), "url_dec(1)"), traffic)).isEqualTo("/bla  ?foo=bar+42 42 ");
        assertThat(single(expression("url", List.of(), "url_dec"), TestingTraffic.request("GET", "/%zz"))).isNull();
    }

    @Test
    void iifTrimsAndArithmetic() throws Exception {
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("count", "1").header("count", "2")
                .header("pad", "xxabcxx");
        // iif.vtc (haproxy 2.6.12): no header is ko, some are ok
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "iif(ok,ko)"), traffic)).isEqualTo("ok");
        assertThat(single(expression("req.hdr_cnt", List.of("none"), "iif(ok,ko)"), traffic)).isEqualTo("ko");
        assertThat(single(expression("req.hdr", List.of("pad"), "ltrim(x)"), traffic)).isEqualTo("abcxx");
        assertThat(single(expression("req.hdr", List.of("pad"), "rtrim(x)"), traffic)).isEqualTo("xxabc");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "add(40)"), traffic)).isEqualTo("42");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "sub(5)", "neg"), traffic)).isEqualTo("3");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "mul(21)", "div(0)"), traffic))
                .isEqualTo(Long.toString(Long.MAX_VALUE));
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "mod(0)"), traffic)).isEqualTo("0");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "xor(3)", "and(7)", "or(8)"), traffic))
                .isEqualTo("9");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "even"), traffic)).isEqualTo("true");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "odd"), traffic)).isEqualTo("false");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "not"), traffic)).isEqualTo("false");
        assertThat(single(expression("req.hdr_cnt", List.of("count"), "cpl"), traffic)).isEqualTo("-3");
        // a variable operand: no variables here, so no sample; a word that is neither is refused
        assertThat(single(expression("path", List.of(), "length", "add(txn.x)"), traffic)).isNull();
        assertThatThrownBy(() -> expression("path", List.of(), "length", "add(foo)"))
                .hasMessageContaining("expects an integer or a variable name");
    }

    @Test
    void hashesAreHaproxysBitForBit() throws Exception {
        // every value below came from haproxy 2.6.12: lf-string "%[str(hello),crc32] ..."
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("h", "hello").header("e", "")
                .header("u", "h\u00e9llo").header("l", "abcdefghijklmnopqrstuvwxyz0123456789");
        assertThat(single(expression("req.hdr", List.of("h"), "crc32"), traffic)).isEqualTo("907060870");
        assertThat(single(expression("req.hdr", List.of("h"), "crc32(1)"), traffic)).isEqualTo("3902247103");
        assertThat(single(expression("req.hdr", List.of("h"), "crc32c"), traffic)).isEqualTo("2591144780");
        assertThat(single(expression("req.hdr", List.of("h"), "crc32c(1)"), traffic)).isEqualTo("2290590055");
        assertThat(single(expression("req.hdr", List.of("h"), "djb2"), traffic)).isEqualTo("261238937");
        assertThat(single(expression("req.hdr", List.of("h"), "djb2(1)"), traffic)).isEqualTo("1119739105");
        assertThat(single(expression("req.hdr", List.of("h"), "sdbm"), traffic)).isEqualTo("684824882");
        assertThat(single(expression("req.hdr", List.of("h"), "sdbm(1)"), traffic)).isEqualTo("2061535398");
        assertThat(single(expression("req.hdr", List.of("h"), "wt6"), traffic)).isEqualTo("3538347703");
        assertThat(single(expression("req.hdr", List.of("h"), "wt6(1)"), traffic)).isEqualTo("140457739");
        assertThat(single(expression("req.hdr", List.of("e"), "crc32"), traffic)).isEqualTo("0");
        assertThat(single(expression("req.hdr", List.of("e"), "djb2"), traffic)).isEqualTo("5381");
        assertThat(single(expression("req.hdr", List.of("l"), "djb2"), traffic)).isEqualTo("2001498641");
    }

    @Test
    void binaryConvertersAsHaproxy() throws Exception {
        // values from haproxy 2.6.12 (lf-string "%[str(hello),hex] %[str(ff),hex2i] ...")
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("h", "hello").header("ff", "ff")
                .header("b", "aGVsbG8=").header("hell", "hell").header("q", "hello?").header("u", "aGVsbG8_")
                .header("bad", "-1a");
        assertThat(single(expression("req.hdr", List.of("h"), "hex"), traffic)).isEqualTo("68656C6C6F");
        assertThat(single(expression("req.hdr", List.of("ff"), "hex2i"), traffic)).isEqualTo("255");
        assertThat(single(expression("req.hdr", List.of("bad"), "hex2i"), traffic)).isNull();
        assertThat(single(expression("req.hdr", List.of("h"), "base64"), traffic)).isEqualTo("aGVsbG8=");
        assertThat(single(expression("req.hdr", List.of("hell"), "base64"), traffic)).isEqualTo("aGVsbA==");
        assertThat(single(expression("req.hdr", List.of("b"), "b64dec"), traffic)).isEqualTo("hello");
        assertThat(single(expression("req.hdr", List.of("q"), "ub64enc"), traffic)).isEqualTo("aGVsbG8_");
        assertThat(single(expression("req.hdr", List.of("u"), "ub64dec"), traffic)).isEqualTo("hello?");
        assertThat(single(expression("req.hdr", List.of("h"), "bytes(1,3)"), traffic)).isEqualTo("ell");
        // past the end: an empty value (haproxy 2.6.12)
        assertThat(single(expression("req.hdr", List.of("h"), "bytes(9)"), traffic)).isEqualTo("");
    }

    @Test
    void mapsMatchAsTheirMethodSays(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
        java.nio.file.Path hosts = temp.resolve("hosts.map");
        java.nio.file.Files.writeString(hosts, "# comment\n\nwww.example.com be_www\napi.example.com   be_api\n");
        java.nio.file.Path paths = temp.resolve("paths.map");
        java.nio.file.Files.writeString(paths, "/static/ 1\n/s 9\n/api/ 2\n");
        java.nio.file.Path nets = temp.resolve("nets.map");
        java.nio.file.Files.writeString(nets, "10.0.0.0/8 private\n10.1.0.0/16 inner\n");
        TestingTraffic traffic = TestingTraffic.request("GET", "/static/x").header("host", "api.example.com")
                .header("ip", "10.1.2.3").header("other", "10.9.9.9");
        assertThat(single(expression("req.hdr", List.of("host"), "map(" + hosts + ")"), traffic)).isEqualTo("be_api");
        assertThat(single(expression("path", List.of(), "map(" + hosts + ",none)"), traffic)).isEqualTo("none");
        assertThat(single(expression("path", List.of(), "map(" + hosts + ")"), traffic)).isNull();
        // beg: the first entry in file order
        assertThat(single(expression("path", List.of(), "map_beg_int(" + paths + ")"), traffic)).isEqualTo("1");
        // ip: the longest network
        assertThat(single(expression("req.hdr", List.of("ip"), "map_ip(" + nets + ")"), traffic)).isEqualTo("inner");
        assertThat(single(expression("req.hdr", List.of("other"), "map_ip(" + nets + ")"), traffic))
                .isEqualTo("private");
        assertThatThrownBy(() -> expression("path", List.of(), "map(" + temp.resolve("missing.map") + ")"))
                .hasMessageContaining("failed to open map file");
    }

    @Test
    void mapRegmPutsTheGroupsOfTheMatchInTheValue(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        // reg-tests/http-rules/map_regm_with_backref.vtc: example.org gives example_AND_org (haproxy 2.6.12)
        java.nio.file.Path rules = temp.resolve("regm.map");
        java.nio.file.Files.writeString(rules, "^(.*)\\.(.*)$ \\1_AND_\\2\n^x(y)z \\1\\\\\\9\n");
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("host", "www.example.org")
                .header("other", "xyz").header("none", "plain");
        assertThat(single(expression("req.hdr", List.of("host"), "map_regm(" + rules + ")"), traffic))
                .isEqualTo("www.example_AND_org");
        // \\ is one backslash, a group the regex does not have is nothing
        assertThat(single(expression("req.hdr", List.of("other"), "map_regm(" + rules + ")"), traffic))
                .isEqualTo("y\\");
        assertThat(single(expression("req.hdr", List.of("none"), "map_regm(" + rules + ",unknown)"), traffic))
                .isEqualTo("unknown");
    }

    @Test
    void regsubUrlEncIpmaskAsHaproxy() throws Exception {
        // values from haproxy 2.6.12: regsub(\.,_) "a_b.c", with g "a_b_c", with i on ABC "AxC", url_enc of
        // "a b&c/d" "a%20b%26c%2Fd", ipmask(16) of 10.1.2.3 "10.1.0.0", ipmask(255.255.255.0) "10.1.2.0"
        TestingTraffic traffic = TestingTraffic.request("GET", "/").header("d", "a.b.c").header("u", "ABC")
                .header("e", "a b&c/d").header("ip", "10.1.2.3").header("g", "hello world");
        assertThat(single(expression("req.hdr", List.of("d"), "regsub(\\.;_)".replace(';', ',')), traffic))
                .isEqualTo("a_b.c");
        assertThat(single(expression("req.hdr", List.of("d"), "regsub(\\.;_;g)".replace(';', ',')), traffic))
                .isEqualTo("a_b_c");
        assertThat(single(expression("req.hdr", List.of("u"), "regsub(b;x;i)".replace(';', ',')), traffic))
                .isEqualTo("AxC");
        assertThat(single(expression("req.hdr", List.of("g"), "regsub(o(.);<\\1>;g)".replace(';', ',')), traffic))
                .isEqualTo("hell< >w<r>ld");
        assertThat(single(expression("req.hdr", List.of("e"), "url_enc"), traffic)).isEqualTo("a%20b%26c%2Fd");
        assertThat(single(expression("req.hdr", List.of("ip"), "ipmask(16)"), traffic)).isEqualTo("10.1.0.0");
        assertThat(single(expression("req.hdr", List.of("ip"), "ipmask(255.255.255.0)"), traffic)).isEqualTo("10.1.2.0");
    }
}
