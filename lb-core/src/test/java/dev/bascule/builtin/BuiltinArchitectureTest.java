package dev.bascule.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.builtin.sample.BuiltinSamplesPlugin;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The built-ins are plugins written against lb-api alone, as a third-party one would be: no class
 * under {@code dev.bascule.builtin} may reference {@code dev.bascule.core}, in a signature or a
 * method body. What they need from the host comes through the SPI's contexts.
 */
final class BuiltinArchitectureTest {
    private static final String BUILTIN = "dev.bascule.builtin";
    private static final String CORE = "dev.bascule.core";

    @Test
    void builtinsReferenceNothingOfTheCore() {
        // lb-core's main classes only (the tests of the built-ins may use the core to build contexts)
        URL classes = BuiltinSamplesPlugin.class.getProtectionDomain().getCodeSource().getLocation();
        List<String> offences = new ArrayList<>();
        int checked = 0;
        try (ScanResult scan = new ClassGraph().overrideClasspath(classes).acceptPackages("dev.bascule")
                .enableInterClassDependencies().enableExternalClasses().scan()) {
            for (ClassInfo builtin : scan.getAllClasses()) {
                if (!builtin.getName().startsWith(BUILTIN + ".")) {
                    continue;
                }
                checked++;
                for (ClassInfo dependency : builtin.getClassDependencies()) {
                    if (dependency.getName().startsWith(CORE + ".")) {
                        offences.add(builtin.getName() + " -> " + dependency.getName());
                    }
                }
            }
        }
        assertThat(checked).as("built-in classes found in " + classes).isGreaterThan(40);
        assertThat(offences).as("classes under " + BUILTIN + " referencing " + CORE).isEmpty();
    }
}
