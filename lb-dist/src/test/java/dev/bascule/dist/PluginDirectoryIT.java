package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.Plugin;
import dev.bascule.core.plugin.PluginException;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/** A plugin jar built here, dropped into plugins/demo/, serves a balance algorithm a config then uses. */
@Timeout(60)
final class PluginDirectoryIT {
    private static final String SOURCE = String.join("\n",
            "package demo;",
            "import dev.bascule.api.Plugin;",
            "import dev.bascule.api.balance.*;",
            "import java.util.*;",
            "public final class LastServerPlugin implements Plugin {",
            "    @Override public Collection<BalancingAlgorithmFactory> balancingAlgorithms() {",
            "        return List.of(new BalancingAlgorithmFactory() {",
            "            public String name() { return \"last-server\"; }",
            "            public BalancingAlgorithm create(List<String> arguments) {",
            "                return (snapshot, previous) -> {",
            "                    Server last = snapshot.servers().get(snapshot.servers().size() - 1);",
            "                    return context -> last;",
            "                };",
            "            }",
            "        });",
            "    }",
            "}",
            "");

    @Test
    void aDroppedInPluginAddsABalanceAlgorithmThatAConfigUses(@TempDir Path temp) throws Exception {
        Path plugins = temp.resolve("plugins");
        buildPlugin(temp, plugins.resolve("demo"), "demo", "1.0");
        PluginRegistry registry = Embedded.registry(Optional.of(plugins));
        assertThat(registry.balancingAlgorithmNames()).contains("last-server", "roundrobin");
        assertThat(registry.balancingAlgorithm("last-server").orElseThrow().getClass().getClassLoader().getName())
                .isEqualTo("plugin-demo");

        int port = Embedded.freePort();
        try (TestOrigin first = new TestOrigin("first"); TestOrigin last = new TestOrigin("last");
             Embedded bascule = Embedded.start(registry, String.join("\n",
                     "defaults",
                     "    mode http",
                     "    timeout connect 5s",
                     "    timeout client 10s",
                     "    timeout server 10s",
                     "listen px",
                     "    bind 127.0.0.1:" + port,
                     "    balance last-server",
                     "    server first 127.0.0.1:" + first.port(),
                     "    server last 127.0.0.1:" + last.port(),
                     ""))) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(response.headers().firstValue("x-origin")).hasValue("last");
            }
            assertThat(first.connections()).isZero();
        }
    }

    @Test
    void aPluginBuiltForAnotherApiMajorIsRefusedReadably(@TempDir Path temp) throws Exception {
        Path plugins = temp.resolve("plugins");
        buildPlugin(temp, plugins.resolve("demo"), "demo", "2.0");
        assertThatThrownBy(() -> Plugins.load(PluginDirectoryIT.class.getClassLoader(), Optional.of(plugins)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'demo'")
                .hasMessageContaining("was built for plugin API 2.0, but this Bascule provides plugin API "
                        + dev.bascule.api.ApiVersion.string());
    }

    @Test
    void twoPluginsServingOneKeywordAreRefusedNamingBoth(@TempDir Path temp) throws Exception {
        Path plugins = temp.resolve("plugins");
        buildPlugin(temp, plugins.resolve("demo"), "demo", "1.0");
        buildPlugin(temp.resolve("again"), plugins.resolve("demo2"), "demo2", "1.0");
        assertThatThrownBy(() -> Plugins.load(PluginDirectoryIT.class.getClassLoader(), Optional.of(plugins)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("plugin 'demo' 1.0.0 (" + plugins.resolve("demo") + ") and plugin 'demo2' 1.0.0 ("
                        + plugins.resolve("demo2") + ") both serve balance algorithm 'last-server'");
    }

    /** An upgrade that kept the old directory: the message names both directories, not the same name twice. */
    @Test
    void theSamePluginInTwoDirectoriesIsRefusedNamingBothDirectories(@TempDir Path temp) throws Exception {
        Path plugins = temp.resolve("plugins");
        buildPlugin(temp, plugins.resolve("my-plugin"), "my-plugin", "1.0");
        buildPlugin(temp.resolve("again"), plugins.resolve("my-plugin-old"), "my-plugin", "1.0");
        assertThatThrownBy(() -> Plugins.load(PluginDirectoryIT.class.getClassLoader(), Optional.of(plugins)))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'my-plugin' 1.0.0 (" + plugins.resolve("my-plugin") + ") and plugin 'my-plugin'"
                        + " 1.0.0 (" + plugins.resolve("my-plugin-old") + ") both serve balance algorithm 'last-server':"
                        + " plugin 'my-plugin' is installed twice, keep one of the two directories");
    }

    /** Compiles the demo plugin against lb-api and jars it with its descriptor into {@code directory}. */
    static void buildPlugin(Path work, Path directory, String name, String apiVersion) throws IOException {
        Path sources = work.resolve("src/demo");
        Path classes = work.resolve("classes");
        Files.createDirectories(sources);
        Files.createDirectories(classes);
        Path source = sources.resolve("LastServerPlugin.java");
        Files.writeString(source, SOURCE);
        String api = Path.of(URI.create(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toString()))
                .toString();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        int status = compiler.run(null, null, null, "--release", "17", "-cp", api, "-d", classes.toString(),
                source.toString());
        assertThat(status).isZero();
        Files.createDirectories(directory);
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(directory.resolve("demo-plugin.jar")))) {
            jar.putNextEntry(new JarEntry(Plugin.DESCRIPTOR));
            jar.write(("name=" + name + "\nversion=1.0.0\napi-version=" + apiVersion + "\nscan-packages=demo\n")
                    .getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    jar.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                    Files.copy(file, jar);
                    jar.closeEntry();
                }
            }
        }
    }
}
