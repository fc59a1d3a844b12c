package dev.bascule.config.haproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.ApiVersion;
import dev.bascule.api.Plugin;
import dev.bascule.api.loader.ConfigLoader;
import dev.bascule.api.loader.ConfigLoaderFactory;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;

final class HaproxyConfigPluginTest {
    @Test
    void servesTheHaproxyFormatOnly() {
        Plugin plugin = new HaproxyConfigPlugin();
        assertThat(plugin.configLoaders()).singleElement().extracting(ConfigLoaderFactory::format)
                .isEqualTo("haproxy");
        assertThat(plugin.balancingAlgorithms()).isEmpty();
        assertThat(plugin.healthChecks()).isEmpty();
        assertThat(plugin.sampleFetches()).isEmpty();
        assertThat(plugin.aclMatchers()).isEmpty();
    }

    @Test
    void theFactoryCreatesAWorkingLoader() {
        ConfigLoaderFactory factory = new HaproxyConfigPlugin().configLoaders().iterator().next();
        ConfigLoader loader = factory.create(TestingLoaderContext.plain());
        LoadResult result = loader.load(List.of(new ConfigSource("empty.cfg", "")));
        assertThat(result.diagnostics()).isEmpty();
        assertThat(result.config()).hasValueSatisfying(config -> {
            assertThat(config.frontends()).isEmpty();
            assertThat(config.backends()).isEmpty();
        });
    }

    @Test
    void descriptorNamesThePluginAndItsPackage() throws IOException {
        Properties descriptor = new Properties();
        try (InputStream in = HaproxyConfigPlugin.class.getClassLoader().getResourceAsStream(Plugin.DESCRIPTOR)) {
            assertThat(in).as(Plugin.DESCRIPTOR).isNotNull();
            descriptor.load(in);
        }
        assertThat(descriptor.getProperty("name")).isEqualTo("haproxy-config");
        assertThat(descriptor.getProperty("version")).isNotBlank().doesNotContain("${");
        assertThat(descriptor.getProperty("api-version")).isEqualTo(ApiVersion.string());
        assertThat(descriptor.getProperty("scan-packages"))
                .isEqualTo(HaproxyConfigPlugin.class.getPackageName());
    }
}
