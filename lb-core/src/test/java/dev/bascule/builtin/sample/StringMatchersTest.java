package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.sample.AclMatcher;
import dev.bascule.api.sample.Sample;
import org.junit.jupiter.api.Test;

import java.util.stream.IntStream;

import static dev.bascule.builtin.sample.Samples.matcher;
import static dev.bascule.builtin.sample.Samples.text;
import static org.assertj.core.api.Assertions.assertThat;

final class StringMatchersTest {
    @Test
    void strComparesTheWholeRange() throws InvalidArgumentException {
        AclMatcher str = matcher("str", "example.com", "www.example.com");
        assertThat(str.matches(text("example.com"))).isTrue();
        assertThat(str.matches(text("www.example.com"))).isTrue();
        assertThat(str.matches(text("Example.com"))).isFalse();
        assertThat(str.matches(text("example.co"))).isFalse();
        assertThat(str.matches(text(""))).isFalse();
        assertThat(matcher("str", true, "Example.COM").matches(text("eXample.com"))).isTrue();
        assertThat(matcher("str", "").matches(text(""))).isTrue();
    }

    @Test
    void strWithManyPatternsUsesItsSet() throws InvalidArgumentException {
        String[] hosts = IntStream.range(0, 1000).mapToObj(i -> "host" + i + ".example.com").toArray(String[]::new);
        AclMatcher str = matcher("str", true, hosts);
        assertThat(str.matches(text("HOST999.example.com"))).isTrue();
        assertThat(str.matches(text("host0.example.com"))).isTrue();
        assertThat(str.matches(text("host1000.example.com"))).isFalse();
    }

    @Test
    void methodSamplesMatchAsStrings() throws InvalidArgumentException {
        assertThat(matcher("str", "GET", "HEAD").matches(new Sample().setMethod("HEAD"))).isTrue();
        assertThat(matcher("beg", "PO").matches(new Sample().setMethod("POST"))).isTrue();
    }

    @Test
    void nonTextSamplesDoNotMatch() throws InvalidArgumentException {
        assertThat(matcher("str", "1").matches(new Sample().setInteger(1))).isFalse();
        assertThat(matcher("sub", "1").matches(new Sample().setBoolean(true))).isFalse();
    }

    @Test
    void withoutPatternsNothingMatches() throws InvalidArgumentException {
        for (String method : new String[] {"str", "beg", "end", "sub", "dir", "dom", "reg", "len", "int", "ip"}) {
            assertThat(matcher(method).matches(text(""))).as(method).isFalse();
            assertThat(matcher(method).matches(new Sample().setInteger(0))).as(method).isFalse();
        }
    }

    @Test
    void begEndSub() throws InvalidArgumentException {
        assertThat(matcher("beg", "/api/", "/static").matches(text("/api/v1"))).isTrue();
        assertThat(matcher("beg", "/api/").matches(text("/ap"))).isFalse();
        assertThat(matcher("beg", true, "/API").matches(text("/api/v1"))).isTrue();
        assertThat(matcher("end", ".jpg", ".png").matches(text("/logo.png"))).isTrue();
        assertThat(matcher("end", ".PNG").matches(text("/logo.png"))).isFalse();
        assertThat(matcher("end", true, ".PNG").matches(text("/logo.png"))).isTrue();
        assertThat(matcher("end", "longer-than-sample").matches(text("sample"))).isFalse();
        assertThat(matcher("sub", "admin").matches(text("/x/admin/y"))).isTrue();
        assertThat(matcher("sub", "admin").matches(text("/x/admi"))).isFalse();
        assertThat(matcher("sub", true, "ADMIN").matches(text("/x/Admin"))).isTrue();
    }

    @Test
    void matchersReadOnlyTheSampleRange() throws InvalidArgumentException {
        // text() pads the value with "#~" and "~#": none of these may see the padding
        assertThat(matcher("beg", "#").matches(text("abc"))).isFalse();
        assertThat(matcher("end", "#").matches(text("abc"))).isFalse();
        assertThat(matcher("sub", "c~").matches(text("abc"))).isFalse();
        assertThat(matcher("str", "#~abc~#").matches(text("abc"))).isFalse();
    }

    @Test
    void dirMatchesWholeSegmentsBetweenSlashesAndQuestionMarks() throws InvalidArgumentException {
        AclMatcher dir = matcher("dir", "img");
        assertThat(dir.matches(text("/img/logo.png"))).isTrue();
        assertThat(dir.matches(text("/static/img"))).isTrue();
        assertThat(dir.matches(text("img"))).isTrue();
        assertThat(dir.matches(text("/a?img"))).isTrue();
        assertThat(dir.matches(text("/images/x"))).isFalse();
        assertThat(dir.matches(text("/xim/img2"))).isFalse();
        assertThat(matcher("dir", "/img/").matches(text("/img/x"))).isTrue();
        assertThat(matcher("dir", "static/img").matches(text("/static/img/x"))).isTrue();
        assertThat(matcher("dir", "logo.png").matches(text("/img/logo.png"))).isTrue();
        assertThat(matcher("dir", "logo").matches(text("/img/logo.png"))).isFalse();
        assertThat(matcher("dir", true, "IMG").matches(text("/img/x"))).isTrue();
        assertThat(matcher("dir", "/").matches(text("/"))).isFalse();
    }

    @Test
    void domMatchesWholeLabels() throws InvalidArgumentException {
        AclMatcher dom = matcher("dom", "example.com");
        assertThat(dom.matches(text("example.com"))).isTrue();
        assertThat(dom.matches(text("www.example.com"))).isTrue();
        assertThat(dom.matches(text("www.example.com:8080"))).isTrue();
        assertThat(dom.matches(text("http://example.com/x"))).isTrue();
        assertThat(dom.matches(text("myexample.com"))).isFalse();
        assertThat(dom.matches(text("example.community"))).isFalse();
        assertThat(matcher("dom", "com").matches(text("a.b.com"))).isTrue();
        assertThat(matcher("dom", ".example.").matches(text("www.example.org"))).isTrue();
        assertThat(matcher("dom", true, "EXAMPLE.com").matches(text("WWW.example.COM"))).isTrue();
    }

    @Test
    void lenComparesTheLengthAgainstIntegerPatterns() throws InvalidArgumentException {
        assertThat(matcher("len", "3").matches(text("abc"))).isTrue();
        assertThat(matcher("len", "gt", "3").matches(text("abc"))).isFalse();
        assertThat(matcher("len", "ge", "3").matches(text("abc"))).isTrue();
        assertThat(matcher("len", "0:2", "10:").matches(text("abc"))).isFalse();
        assertThat(matcher("len", "0").matches(text(""))).isTrue();
    }
}
