package dev.bascule.core.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.loader.KeywordRegistry;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverter;
import dev.bascule.api.sample.TrafficView;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The registry a loader checks with: the plugins' own, its converters checked with the host's pattern files. */
final class CheckingRegistryTest {
    private static final TrafficView NO_TRAFFIC = new TrafficView() {
        @Override
        public InetSocketAddress source() {
            return new InetSocketAddress(0);
        }

        @Override
        public InetSocketAddress destination() {
            return new InetSocketAddress(0);
        }
    };

    @Test
    void aMapConverterTheLoaderChecksReadsItsFile(@TempDir Path temp) throws Exception {
        Path hosts = temp.resolve("hosts.map");
        Files.writeString(hosts, "www.example.com be_www\n");
        PluginRegistry plugins = Plugins.load(CheckingRegistryTest.class.getClassLoader(), Optional.empty());
        KeywordRegistry checking = new CheckingRegistry(plugins);

        SampleConverter map = checking.sampleConverter("map").orElseThrow().create(List.of(hosts.toString()));
        Sample sample = new Sample().setString("www.example.com");
        assertThat(map.convert(NO_TRAFFIC, sample)).isTrue();
        assertThat(sample.toString()).isEqualTo("be_www");
        assertThatThrownBy(() -> checking.sampleConverter("map").orElseThrow()
                .create(List.of(temp.resolve("missing.map").toString())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("failed to open map file");
        // the plugin alone, without the host, has no pattern files to offer
        assertThatThrownBy(() -> plugins.sampleConverter("map").orElseThrow().create(List.of(hosts.toString())))
                .isInstanceOf(InvalidArgumentException.class)
                .hasMessageContaining("pattern files are not available here");
        assertThat(checking.sampleConverterNames()).isEqualTo(plugins.sampleConverterNames());
        assertThat(checking.sampleFetch("src")).isEqualTo(plugins.sampleFetch("src"));
    }

    @Test
    void everyMethodOfTheRegistryIsDelegated() {
        // a method added to KeywordRegistry with a default would otherwise hide the plugins' keywords from the loader
        List<String> missing = new ArrayList<>();
        for (Method method : KeywordRegistry.class.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            try {
                CheckingRegistry.class.getDeclaredMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                missing.add(method.getName());
            }
        }
        assertThat(missing).as("KeywordRegistry methods CheckingRegistry does not delegate").isEmpty();
    }
}
