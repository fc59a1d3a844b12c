package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.ApiVersion;
import dev.bascule.api.Plugin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * docs/plugins.md shows a pom, a descriptor and a plugin class to copy: they must stay what works
 * with this Bascule. The pom is the example plugin's (which ExamplePluginIT builds and runs), the
 * versions are this build's, and the class compiles against lb-api.
 */
final class PluginsDocTest {
    private static final Path GUIDE = Path.of("..", "docs", "plugins.md");
    private static final Path EXAMPLE_POM = Path.of("src", "it", "example-plugin", "pom.xml");
    private static final Path EXAMPLE_DESCRIPTOR =
            Path.of("src", "it", "example-plugin", "src", "main", "resources", Plugin.DESCRIPTOR);

    @Test
    void theGuidesPomIsTheExamplesPomForThisVersion() throws IOException {
        String guidePom = block(Files.readString(GUIDE), "xml");
        String examplePom = Files.readString(EXAMPLE_POM);
        // the example's pom, from <project> on, but for its artifactId
        String exampleProject = examplePom.substring(examplePom.indexOf("<project"))
                .replace("<artifactId>bascule-example-plugin</artifactId>", "<artifactId>my-plugin</artifactId>");
        assertThat(guidePom).startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<project")
                .endsWith(exampleProject);
        assertThat(guidePom).contains("<bascule.version>" + projectVersion() + "</bascule.version>");
    }

    @Test
    void everyVersionTheGuideNamesIsThisBuilds() throws IOException {
        String guide = Files.readString(GUIDE);
        Matcher versions = Pattern.compile("\\d+\\.\\d+\\.\\d+-SNAPSHOT").matcher(guide);
        int found = 0;
        while (versions.find()) {
            assertThat(versions.group()).isEqualTo(projectVersion());
            found++;
        }
        assertThat(found).isPositive();
        assertThat(Files.readString(Path.of("..", "README.md"))).contains(projectVersion());
    }

    @Test
    void theDescriptorsDeclareThisApiVersion() throws IOException {
        String guide = block(Files.readString(GUIDE), "properties");
        for (String text : List.of(guide, Files.readString(EXAMPLE_DESCRIPTOR))) {
            Properties descriptor = new Properties();
            descriptor.load(new StringReader(text));
            assertThat(descriptor.getProperty("api-version")).isEqualTo(ApiVersion.string());
            assertThat(descriptor.stringPropertyNames()).contains("name", "version", "scan-packages");
        }
    }

    @Test
    void theGuidesPluginCompilesAgainstTheApi(@TempDir Path temp) throws IOException {
        String source = block(Files.readString(GUIDE), "java");
        Matcher pkg = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE).matcher(source);
        assertThat(pkg.find()).isTrue();
        Path file = temp.resolve(pkg.group(1).replace('.', '/')).resolve("MyPlugin.java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source);
        String api = Path.of(URI.create(Plugin.class.getProtectionDomain().getCodeSource().getLocation().toString()))
                .toString();
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter messages = new StringWriter();
        boolean compiled;
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
            compiled = compiler.getTask(messages, files, null, List.of("--release", "17", "-Xlint:all", "-Werror",
                    "-cp", api, "-d", temp.resolve("classes").toString()), null,
                    files.getJavaFileObjects(file)).call();
        }
        assertThat(compiled).as("javac:%n%s", messages).isTrue();
    }

    /** The first fenced block of {@code language} in {@code markdown}. */
    private static String block(String markdown, String language) {
        Matcher block = Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        assertThat(block.find()).as("a ```%s block", language).isTrue();
        return block.group(1);
    }

    /** The version of the root pom, which every module and the lb-api jar carry. */
    private static String projectVersion() throws IOException {
        Matcher version = Pattern.compile("<artifactId>bascule-parent</artifactId>\\s*<version>([^<]+)</version>")
                .matcher(Files.readString(Path.of("..", "pom.xml")));
        assertThat(version.find()).isTrue();
        return version.group(1);
    }
}
