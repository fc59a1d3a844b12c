package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.StatsPage;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Which requests the statistics page takes: HAProxy 2.6's http_stats_check_uri(). */
final class StatsUriTest {
    private static StatsPage page(String uri) {
        return new StatsPage(uri, Optional.empty(), false, false, Optional.empty(), Optional.empty(), List.of(),
                new SourceLocation("test.cfg", 1));
    }

    private static boolean takes(String prefix, HttpMethod method, String uri) {
        return StatsApplet.requested(page(prefix), new DefaultHttpRequest(HttpVersion.HTTP_1_1, method,
                uri));
    }

    @Test
    void thePrefixStartsTheTarget() {
        assertThat(takes("/stats", HttpMethod.GET, "/stats")).isTrue();
        assertThat(takes("/stats", HttpMethod.GET, "/stats;csv;norefresh")).isTrue();
        // a prefix, not a path: HAProxy takes /stats-and-more too
        assertThat(takes("/stats", HttpMethod.GET, "/stats-and-more")).isTrue();
        assertThat(takes("/stats", HttpMethod.GET, "/stat")).isFalse();
        assertThat(takes("/stats", HttpMethod.GET, "/x/stats")).isFalse();
        assertThat(takes("/haproxy?stats", HttpMethod.GET, "/haproxy?stats;csv")).isTrue();
        assertThat(takes("/haproxy?stats", HttpMethod.GET, "/haproxy")).isFalse();
    }

    @Test
    void onlyGetHeadAndPost() {
        assertThat(takes("/stats", HttpMethod.HEAD, "/stats")).isTrue();
        assertThat(takes("/stats", HttpMethod.POST, "/stats")).isTrue();
        assertThat(takes("/stats", HttpMethod.PUT, "/stats")).isFalse();
        assertThat(takes("/stats", HttpMethod.DELETE, "/stats")).isFalse();
    }

    @Test
    void aPrefixWithASlashIsComparedWithThePathOfAnAbsoluteTarget() {
        assertThat(takes("/stats", HttpMethod.GET, "http://example.com/stats;csv")).isTrue();
        assertThat(takes("/stats", HttpMethod.GET, "http://example.com")).isFalse();
        assertThat(takes("/stats", HttpMethod.GET, "http://example.com/other")).isFalse();
        // another prefix is compared with the whole target
        assertThat(takes("http://example.com/s", HttpMethod.GET, "http://example.com/stats")).isTrue();
    }
}
