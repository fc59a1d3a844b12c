package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.core.plugin.PluginRegistry;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * docs/compatibility.md is generated from the plugin registry of the distribution and HAProxy
 * 2.6's keyword tables (the loader's resources), so it cannot drift: this test fails when the file
 * differs from what the registry says. Regenerate with
 * {@code mvn -o test -pl lb-dist -Dtest=CompatibilityDocTest -Dcompat.update=true}.
 */
final class CompatibilityDocTest {
    private static final Path DOC = Path.of("..", "docs", "compatibility.md");
    private static final String RESOURCES = "dev/bascule/config/haproxy/internal/";

    @Test
    void theDocumentSaysWhatTheRegistryServes() throws IOException {
        String generated = generate(Embedded.builtins());
        if (Boolean.getBoolean("compat.update")) {
            Files.createDirectories(DOC.getParent());
            Files.writeString(DOC, generated);
        }
        assertThat(Files.exists(DOC)).as("%s is missing: run with -Dcompat.update=true", DOC).isTrue();
        assertThat(Files.readString(DOC)).as("%s is out of date: run with -Dcompat.update=true", DOC)
                .isEqualTo(generated);
    }

    static String generate(PluginRegistry registry) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# Compatibility with HAProxy 2.6\n\n")
                .append("Generated from Bascule's plugin registry and HAProxy 2.6's keyword tables by\n")
                .append("`CompatibilityDocTest` (lb-dist); do not edit by hand. Regenerate with\n")
                .append("`mvn -o test -pl lb-dist -Dtest=CompatibilityDocTest -Dcompat.update=true`.\n\n")
                .append("A keyword HAProxy has and Bascule lacks makes the configuration fail to load, with an\n")
                .append("`[ALERT]` at its `file:line` saying it is not implemented yet.\n\n");
        section(out, "Sample fetches", registry.sampleFetchNames(), haproxy("haproxy-fetches.txt"));
        section(out, "Converters", registry.sampleConverterNames(), haproxy("haproxy-converters.txt"));
        section(out, "ACL keywords", registry.aclKeywordNames(), haproxy("haproxy-acl-keywords.txt"));
        out.append("## ACL match methods\n\nServed: ").append(codes(registry.aclMatcherNames())).append("\n\n");
        out.append("## Balancing algorithms\n\nServed: ").append(codes(registry.balancingAlgorithmNames())).append("\n\n");
        out.append("## Health checks\n\nServed: ").append(codes(registry.healthCheckNames())).append("\n");
        return out.toString();
    }

    private static void section(StringBuilder out, String title, SortedSet<String> served, SortedSet<String> haproxy) {
        SortedSet<String> missing = new TreeSet<>(haproxy);
        missing.removeAll(served);
        SortedSet<String> supported = new TreeSet<>(served);
        supported.retainAll(haproxy);
        SortedSet<String> extra = new TreeSet<>(served);
        extra.removeAll(haproxy);
        out.append("## ").append(title).append("\n\n")
                .append(supported.size()).append(" of HAProxy's ").append(haproxy.size()).append(" are served.\n\n")
                .append("Served: ").append(codes(supported)).append("\n\n")
                .append("Not implemented yet: ").append(codes(missing)).append("\n\n");
        if (!extra.isEmpty()) {
            out.append("Served by plugins beyond HAProxy's table: ").append(codes(extra)).append("\n\n");
        }
    }

    private static String codes(SortedSet<String> names) {
        if (names.isEmpty()) {
            return "none.";
        }
        List<String> quoted = new ArrayList<>();
        for (String name : names) {
            quoted.add("`" + name + "`");
        }
        return String.join(", ", quoted) + ".";
    }

    private static SortedSet<String> haproxy(String resource) throws IOException {
        SortedSet<String> names = new TreeSet<>();
        try (InputStream in = CompatibilityDocTest.class.getClassLoader().getResourceAsStream(RESOURCES + resource)) {
            assertThat(in).as("resource %s", resource).isNotNull();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    names.add(line.strip());
                }
            }
        }
        return names;
    }
}
