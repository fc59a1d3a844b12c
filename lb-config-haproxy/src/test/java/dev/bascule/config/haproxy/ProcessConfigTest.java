package dev.bascule.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.CpuMap;
import dev.bascule.api.config.ProcessConfig;
import dev.bascule.api.loader.AccountLookupException;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.Diagnostic;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.api.loader.LoaderContext;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalLong;

/** The process keywords of {@code global} ({@code user}, {@code chroot}, {@code spread-checks}...) into the model. */
final class ProcessConfigTest {
    private static final String FRONTEND = "frontend f\n  bind 127.0.0.1:8080\n  mode http\n  timeout client 1s\n";

    private static ProcessConfig process(LoaderContext context, String global) {
        LoadResult result = Loading.load(context, new ConfigSource("test.cfg", "global\n" + global + FRONTEND));
        assertThat(result.diagnostics()).filteredOn(d -> d.severity() == Diagnostic.Severity.ALERT).isEmpty();
        return result.config().orElseThrow().global().process();
    }

    @Test
    void noProcessKeywordKeepsTheProcessAsItIs() {
        assertThat(process(TestingLoaderContext.plain(), "  daemon\n")).isEqualTo(ProcessConfig.DEFAULT);
        assertThat(ProcessConfig.DEFAULT.confined()).isFalse();
    }

    /** The stock Debian global block's own keywords. */
    @Test
    void debianGlobalBlock() {
        ProcessConfig process = process(TestingLoaderContext.plain(),
                "\tchroot /var/lib/haproxy\n\tuser nobody\n\tgroup nogroup\n\tdaemon\n");
        assertThat(process.uid()).isEqualTo(65534);
        assertThat(process.gid()).isEqualTo(65534);
        assertThat(process.chroot()).contains("/var/lib/haproxy");
        assertThat(process.confined()).isTrue();
    }

    @Test
    void everyProcessKeyword() {
        ProcessConfig process = process(TestingLoaderContext.plain(), "  uid 1234\n  gid 4321\n  quiet\n"
                + "  description  the   front door\n  node lb-1.example\n  spread-checks 20\n  hard-stop-after 1m\n"
                + "  ulimit-n 4096\n");
        assertThat(process).isEqualTo(new ProcessConfig(1234, 4321, Optional.empty(), true,
                Optional.of("the front door"), Optional.of("lb-1.example"), 20, Optional.of(Duration.ofMinutes(1)),
                OptionalLong.of(4096), CpuMap.NONE));
    }

    /** {@code cpu-map}: the whole process (no thread, or thread 1 alone), or each thread of a set. */
    @Test
    void cpuMap() {
        CpuMap process = process(TestingLoaderContext.plain(), "  cpu-map 1 0-3\n").cpuMap();
        assertThat(process).isEqualTo(new CpuMap(Set.of(0, 1, 2, 3), Map.of()));
        assertThat(process(TestingLoaderContext.plain(), "  cpu-map 1/1 2 5\n").cpuMap())
                .isEqualTo(new CpuMap(Set.of(2, 5), Map.of()));
        CpuMap threads = process(TestingLoaderContext.plain(), "  cpu-map 1 0-2\n  cpu-map 1/2-3 1-3\n"
                + "  cpu-map auto:1/5-6 6-7\n  cpu-map auto:1 9\n").cpuMap();
        assertThat(threads).isEqualTo(new CpuMap(Set.of(9), Map.of(2, Set.of(1, 2, 3), 3, Set.of(1, 2, 3),
                5, Set.of(6), 6, Set.of(7))));
        assertThat(threads.thread(2)).as("within the process's set").isEqualTo(Set.of());
        assertThat(threads.thread(4)).isEmpty();
        assertThat(new CpuMap(Set.of(0, 1), Map.of(1, Set.of(1, 2))).thread(1)).isEqualTo(Set.of(1));
        assertThat(process(TestingLoaderContext.plain(), "  cpu-map odd 0-\n").cpuMap().process()).hasSize(1024);
        assertThat(process(TestingLoaderContext.plain(), "  cpu-map 1/even 0\n").cpuMap().threads()).hasSize(32)
                .containsEntry(64, Set.of(0)).doesNotContainKey(1);
    }

    /** {@code user root} is uid 0, which HAProxy reads as "leave the user as it is". */
    @Test
    void rootIsNoChange() {
        ProcessConfig process = process(TestingLoaderContext.plain(), "  user root\n  group root\n  hard-stop-after 0\n");
        assertThat(process.confined()).isFalse();
        assertThat(process.hardStopAfter()).isEmpty();
    }

    /** The host's account database answers {@code user} and {@code group}, and its errno is reported. */
    @Test
    void namesAreLookedUpThroughTheHost() {
        LoaderContext context = new LoaderContext() {
            @Override
            public dev.bascule.api.loader.KeywordRegistry registry() {
                return TestingLoaderContext.ROUND_ROBIN;
            }

            @Override
            public Map<String, String> environment() {
                return Map.of();
            }

            @Override
            public int userId(String name) throws AccountLookupException {
                if (name.equals("proxy")) {
                    return 77;
                }
                throw new AccountLookupException(2, "No such file or directory");
            }

            @Override
            public int groupId(String name) {
                return 88;
            }
        };
        assertThat(process(context, "  user proxy\n  group anything\n").uid()).isEqualTo(77);
        LoadResult result = Loading.load(context, new ConfigSource("test.cfg", "global\n  user ldap\n" + FRONTEND));
        assertThat(result.diagnostics()).extracting(Diagnostic::message)
                .containsExactly("cannot find user id for 'ldap' (2:No such file or directory)");
    }
}
