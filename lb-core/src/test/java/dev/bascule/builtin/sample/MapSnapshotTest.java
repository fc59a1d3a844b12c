package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.PatternEntry;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.pattern.PatternRef;
import dev.bascule.core.sample.pattern.PatternRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Map converters read a shared pattern reference, and follow its changes through a new snapshot. */
final class MapSnapshotTest {
    private static final BuiltinSamplesPlugin PLUGIN = new BuiltinSamplesPlugin();

    private static SampleConverterFactory converter(String keyword) {
        return PLUGIN.sampleConverters().stream().filter(f -> f.keyword().equals(keyword)).findFirst().orElseThrow();
    }

    private static String convert(SampleConverter converter, String input) {
        Sample sample = new Sample().setString(input);
        if (!converter.convert(TestingTraffic.connection(), sample)) {
            return null;
        }
        return sample.castTo(dev.bascule.api.sample.SampleType.STRING)
                ? sample.text().subSequence(sample.start(), sample.end()).toString() : null;
    }

    @Test
    void changesToTheReferenceReachTheConverter(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("ports.map");
        Files.writeString(file, "  # comment\n\na 1\nb   2  \n");
        PatternRegistry registry = new PatternRegistry();
        SampleConverter converter = converter("map_str_int").create(List.of(file.toString()),
                at(registry, "test.cfg", 7, false));
        registry.finish();
        PatternRef ref = registry.find("#0");
        assertThat(registry.find(file.toString())).isSameAs(ref);
        assertThat(ref.entries()).extracting(PatternEntry::key, PatternEntry::value)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("a", "1"), org.assertj.core.groups.Tuple.tuple("b", "2"));
        assertThat(convert(converter, "b")).isEqualTo("2");

        ref.add("c", "3");
        assertThat(convert(converter, "c")).isEqualTo("3");
        assertThat(ref.set("a", "10")).isTrue();
        assertThat(convert(converter, "a")).isEqualTo("10");
        assertThat(ref.set("zz", "10")).isFalse();
        long idOfB = ref.entries().get(1).id();
        assertThat(ref.set(idOfB, "20")).isTrue();
        assertThat(convert(converter, "b")).isEqualTo("20");
        assertThat(ref.delete("a")).isTrue();
        assertThat(ref.delete("a")).isFalse();
        assertThat(convert(converter, "a")).isNull();

        // a value the converter cannot take is refused, and nothing changes
        assertThatThrownBy(() -> ref.add("d", "four")).hasMessage("unable to parse 'four'");
        assertThat(ref.entries()).extracting(PatternEntry::key).containsExactly("b", "c");
        assertThat(convert(converter, "d")).isNull();

        assertThat(ref.delete(idOfB)).isTrue();
        assertThat(convert(converter, "b")).isNull();
        ref.clear();
        assertThat(ref.entries()).isEmpty();
        assertThat(convert(converter, "c")).isNull();
    }

    @Test
    void lookupsAllocateNothing(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("hosts.map");
        Files.writeString(file, "www.example.com be_a\napi.example.com be_b\n");
        PatternRegistry registry = new PatternRegistry();
        SampleConverter exact = converter("map").create(List.of(file.toString()),
                at(registry, "t", 1, false));
        SampleConverter prefix = converter("map_beg").create(List.of(file.toString()),
                at(registry, "t", 2, false));
        registry.finish();
        registry.find("#0").add("new.example.com", "be_c");
        String host = "xx api.example.com";
        Sample sample = new Sample();
        TestingTraffic traffic = TestingTraffic.connection();
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up
            before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20_000; i++) {
                sample.setString(host, 3, host.length());
                exact.convert(traffic, sample);
                sample.setString(host, 3, host.length());
                prefix.convert(traffic, sample);
            }
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as("bytes allocated by 40,000 lookups").isLessThan(4_096);
        assertThat(convert(exact, "new.example.com")).isEqualTo("be_c");
    }

    @Test
    void entryIdsStayUniqueAndStable(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("a.map");
        Files.writeString(file, "k1 v1\nk2 v2\n");
        PatternRegistry registry = new PatternRegistry();
        converter("map").create(List.of(file.toString()), at(registry, "t", 1, false));
        registry.finish();
        PatternRef ref = registry.find(file.toString());
        long first = ref.entries().get(0).id();
        ref.add("k3", "v3");
        ref.set("k1", "changed");
        assertThat(ref.entries().get(0).id()).isEqualTo(first);
        assertThat(ref.entries().stream().map(PatternEntry::id).distinct().count()).isEqualTo(3);
        assertThat(ref.entries().get(0).printedId()).isEqualTo("0x" + Long.toHexString(first));
    }

    @Test
    void oneReferencePerFileNumberedInConfigurationOrder(@TempDir Path temp) throws Exception {
        Path hosts = temp.resolve("hosts.map");
        Files.writeString(hosts, "www be_a\n");
        Path other = temp.resolve("other.map");
        Files.writeString(other, "x y\n");
        Path paths = temp.resolve("paths.acl");
        PatternRegistry registry = new PatternRegistry();
        // compiled in Bascule's order (backends first), numbered in HAProxy's (file order, use_backend last)
        SampleConverter inBackend = converter("map").create(List.of(hosts.toString()),
                at(registry, "t.cfg", 21, false));
        SampleConverter inUseBackend = converter("map").create(List.of(hosts.toString()),
                at(registry, "t.cfg", 18, true));
        converter("map_beg").create(List.of(other.toString()),
                at(registry, "t.cfg", 19, false));
        registry.aclFile(paths.toString(), List.of("/admin"), new PatternRegistry.Use(new SourceLocation("t.cfg", 14),
                false, false));
        registry.aclInline("path_beg", List.of(), new PatternRegistry.Use(new SourceLocation("t.cfg", 14), false, false));
        registry.finish();

        assertThat(registry.references()).extracting(PatternRef::id, PatternRef::file, PatternRef::isMap).containsExactly(
                org.assertj.core.groups.Tuple.tuple(0, paths.toString(), false),
                org.assertj.core.groups.Tuple.tuple(1, "", false),
                org.assertj.core.groups.Tuple.tuple(2, other.toString(), true),
                org.assertj.core.groups.Tuple.tuple(3, hosts.toString(), true));
        assertThat(registry.find("#3").display()).isEqualTo("pattern loaded from file '" + hosts
                + "' used by map at file 't.cfg' line 21, by map at file 't.cfg' line 18");
        assertThat(registry.find("#1").display()).isEqualTo("acl 'path_beg' file 't.cfg' line 14");
        assertThat(registry.find("")).isNull();
        assertThat(registry.find("#4")).isNull();
        assertThat(registry.find("#1x")).isNull();

        // both converters of the file see a change
        registry.find("#3").add("api", "be_b");
        assertThat(convert(inBackend, "api")).isEqualTo("be_b");
        assertThat(convert(inUseBackend, "api")).isEqualTo("be_b");

        assertThatThrownBy(() -> registry.aclFile(hosts.toString(), List.of(),
                new PatternRegistry.Use(new SourceLocation("t.cfg", 30), false, false)))
                .hasMessage("The file \"" + hosts + "\" is already used as two column file and cannot be used by"
                        + " as one column file.");
        assertThatThrownBy(() -> registry.mapFile(paths.toString(),
                new PatternRegistry.Use(new SourceLocation("t.cfg", 30), false, true)))
                .hasMessage("The file \"" + paths + "\" is already used as one column file and cannot be used by"
                        + " as two column file.");
    }

    @Test
    void outsideAConfigurationTheFileIsReadAlone(@TempDir Path temp) throws Exception {
        Path file = temp.resolve("a.map");
        Files.writeString(file, "10.0.0.0/8 private\n10.1.0.0/16 inner\n");
        // the plugin has no file of its own to offer: the host's standalone context reads it (a loader's check)
        assertThatThrownBy(() -> converter("map_ip").create(List.of(file.toString())))
                .hasMessage("pattern files are not available here");
        SampleConverter converter = converter("map_ip").create(List.of(file.toString()), SampleHost.standalone());
        Sample sample = new Sample().setString("10.1.2.3");
        assertThat(sample.castTo(dev.bascule.api.sample.SampleType.ADDRESS)).isTrue();
        assertThat(converter.convert(TestingTraffic.connection(), sample)).isTrue();
        assertThat(sample.text().subSequence(sample.start(), sample.end()).toString()).isEqualTo("inner");
    }

    /** The context of a converter written at {@code file:line} of a configuration whose references are {@code registry}. */
    private static ConverterContext at(PatternRegistry registry, String file, int line, boolean deferred) {
        return new SampleHost(registry, new ProcessVariables()).context(new SourceLocation(file, line), deferred);
    }
}
