package dev.bascule.core.sample.builtin;

import static dev.bascule.core.sample.builtin.Samples.all;
import static dev.bascule.core.sample.builtin.Samples.expression;
import static dev.bascule.core.sample.builtin.Samples.single;
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
}
