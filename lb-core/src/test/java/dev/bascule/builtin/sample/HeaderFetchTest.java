package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import org.junit.jupiter.api.Test;

import static dev.bascule.builtin.sample.Samples.all;
import static dev.bascule.builtin.sample.Samples.fetch;
import static dev.bascule.builtin.sample.Samples.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class HeaderFetchTest {
    private static final TestingTraffic TRAFFIC = TestingTraffic.request("GET", "/")
            .header("Host", "example.com")
            .header("X-Forwarded-For", "a,  b ")
            .header("Accept", "text/html")
            .header("x-forwarded-for", "c");

    @Test
    void aclCallerGetsEveryCommaSeparatedValueOfEveryLine() throws InvalidArgumentException {
        assertThat(all(fetch("req.hdr", "X-Forwarded-For"), TRAFFIC)).containsExactly("a", "b", "c");
        assertThat(all(fetch("hdr", "x-forwarded-for"), TRAFFIC)).containsExactly("a", "b", "c");
    }

    @Test
    void iterationSetsMoreOnlyWhileAnotherValueFollows() throws InvalidArgumentException {
        SampleFetch fetch = fetch("req.hdr", "x-forwarded-for");
        Sample sample = new Sample().reset(true);
        assertThat(fetch.fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.more()).isTrue();
        assertThat(fetch.fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("b");
        assertThat(sample.more()).isTrue();
        assertThat(fetch.fetch(TRAFFIC, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("c");
        assertThat(sample.more()).isFalse();
        // a caller that ignores more() and calls until there is no value stops here too
        assertThat(fetch.fetch(TRAFFIC, sample)).isFalse();
        assertThat(fetch.fetch(TRAFFIC, sample.reset(true))).isTrue();
        assertThat(sample.toString()).isEqualTo("a");
    }

    @Test
    void valuesAreRangesOfTheHeaderValueWithoutBlanks() throws InvalidArgumentException {
        Sample sample = new Sample().reset(true);
        SampleFetch fetch = fetch("req.hdr", "x-forwarded-for");
        fetch.fetch(TRAFFIC, sample);
        fetch.fetch(TRAFFIC, sample);
        assertThat(sample.type()).isEqualTo(SampleType.STRING);
        assertThat(sample.text()).isSameAs(TRAFFIC.requestHeaderValue(1));
        assertThat(sample.start()).isEqualTo(4);
        assertThat(sample.end()).isEqualTo(5);
    }

    @Test
    void singleValueCallerGetsTheLastValue() throws InvalidArgumentException {
        assertThat(single(fetch("req.hdr", "x-forwarded-for"), TRAFFIC)).isEqualTo("c");
        assertThat(single(fetch("req.hdr", "host"), TRAFFIC)).isEqualTo("example.com");
        assertThat(single(fetch("req.hdr", "missing"), TRAFFIC)).isNull();
        assertThat(all(fetch("req.hdr", "missing"), TRAFFIC)).isEmpty();
    }

    @Test
    void occurrenceCountsFromTheStartOrFromTheEnd() throws InvalidArgumentException {
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "1"), TRAFFIC)).isEqualTo("a");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "2"), TRAFFIC)).isEqualTo("b");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "3"), TRAFFIC)).isEqualTo("c");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "4"), TRAFFIC)).isNull();
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "-1"), TRAFFIC)).isEqualTo("c");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "-2"), TRAFFIC)).isEqualTo("b");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "-3"), TRAFFIC)).isEqualTo("a");
        assertThat(single(fetch("req.hdr", "x-forwarded-for", "-4"), TRAFFIC)).isNull();
    }

    @Test
    void anExplicitOccurrenceGivesOneValueEvenToAnAclCaller() throws InvalidArgumentException {
        assertThat(all(fetch("req.hdr", "x-forwarded-for", "2"), TRAFFIC)).containsExactly("b");
        assertThat(all(fetch("req.hdr", "x-forwarded-for", "-1"), TRAFFIC)).containsExactly("c");
    }

    @Test
    void commasInsideQuotesDoNotSplitAndEmptyElementsAreValues() throws InvalidArgumentException {
        TestingTraffic traffic = TestingTraffic.request("GET", "/")
                .header("X", "\"a,b\", c")
                .header("X", "d,,e,")
                .header("X", "");
        assertThat(all(fetch("req.hdr", "x"), traffic)).containsExactly("\"a,b\"", "c", "d", "", "e", "", "");
        assertThat(single(fetch("req.hdr_cnt", "x"), traffic)).isEqualTo("7");
    }

    @Test
    void fullHeaderKeepsLinesWhole() throws InvalidArgumentException {
        assertThat(all(fetch("req.fhdr", "x-forwarded-for"), TRAFFIC)).containsExactly("a,  b", "c");
        assertThat(single(fetch("req.fhdr", "x-forwarded-for"), TRAFFIC)).isEqualTo("c");
        assertThat(single(fetch("req.fhdr", "x-forwarded-for", "1"), TRAFFIC)).isEqualTo("a,  b");
        assertThat(single(fetch("req.fhdr", "x-forwarded-for", "-2"), TRAFFIC)).isEqualTo("a,  b");
    }

    @Test
    void countsValuesOrLinesOfOneHeaderOrOfAll() throws InvalidArgumentException {
        assertThat(single(fetch("req.hdr_cnt", "X-Forwarded-For"), TRAFFIC)).isEqualTo("3");
        assertThat(single(fetch("hdr_cnt", "missing"), TRAFFIC)).isEqualTo("0");
        assertThat(single(fetch("hdr_cnt"), TRAFFIC)).isEqualTo("5");
        assertThat(single(fetch("req.fhdr_cnt", "x-forwarded-for"), TRAFFIC)).isEqualTo("2");
        assertThat(single(fetch("req.fhdr_cnt"), TRAFFIC)).isEqualTo("4");
    }

    @Test
    void headerValueReadsIntegersAsHaproxyDoes() throws InvalidArgumentException {
        TestingTraffic traffic = TestingTraffic.request("GET", "/")
                .header("Content-Length", "42")
                .header("X-Num", "-7, 12abc");
        Sample sample = new Sample().reset(false);
        assertThat(fetch("req.hdr_val", "content-length").fetch(traffic, sample)).isTrue();
        assertThat(sample.type()).isEqualTo(SampleType.INTEGER);
        assertThat(sample.integer()).isEqualTo(42);
        assertThat(all(fetch("hdr_val", "x-num"), traffic)).containsExactly("-7", "12");
    }

    @Test
    void withoutANameThereIsNoValue() throws InvalidArgumentException {
        assertThat(single(fetch("req.hdr"), TRAFFIC)).isNull();
        assertThat(all(fetch("hdr"), TRAFFIC)).isEmpty();
    }

    @Test
    void anEmptyOccurrenceIsAbsent() throws InvalidArgumentException {
        assertThat(single(fetch("req.hdr", "x-forwarded-for", ""), TRAFFIC)).isEqualTo("c");
    }

    @Test
    void argumentsAreCheckedAsHaproxyDoes() {
        assertThatThrownBy(() -> fetch("req.hdr", "x", "-11"))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessage("invalid args in fetch method 'req.hdr' : header occurrence must be >= -10");
        assertThatThrownBy(() -> fetch("hdr", "x", "two"))
                .hasMessage("fetch method 'hdr' : failed to parse 'two' as type 'integer' at position 2");
        assertThatThrownBy(() -> fetch("req.fhdr", "x", "1", "2"))
                .hasMessage("fetch method 'req.fhdr' : expected ')' before ',2'");
        assertThatThrownBy(() -> fetch("req.hdr_cnt", "x", "1"))
                .hasMessage("fetch method 'req.hdr_cnt' : expected ')' before ',1'");
    }
}
