package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.ConverterContext;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.Variables;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.VariableStore;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

/**
 * The variables a configuration names reach the host through the context the fetch or converter
 * is created with: {@code var()}, {@code set-var()} and {@code unset-var()} declare them there,
 * and nowhere else.
 */
final class VariableContextTest {
    /** A context recording what it is asked to declare. */
    private static final class Recording implements ConverterContext {
        final List<String> declared = new ArrayList<>();

        @Override
        public void declareVariable(String name) {
            declared.add(name);
        }
    }

    @Test
    void fetchesAndConvertersDeclareTheVariablesTheyName() throws Exception {
        Recording context = new Recording();
        Samples.fetchFactory("var").create(List.of("proc.fetched", "none"), context);
        Samples.REGISTRY.sampleConverter("set-var").orElseThrow().create(List.of("proc.set", "ifexists"), context);
        Samples.REGISTRY.sampleConverter("unset-var").orElseThrow().create(List.of("txn.unset"), context);
        // a converter that only reads a variable declares nothing
        Samples.REGISTRY.sampleConverter("concat").orElseThrow().create(List.of("a", "proc.read"), context);
        assertThat(context.declared).containsExactly("proc.fetched", "proc.set", "txn.unset");
    }

    @Test
    void aDeclaredProcessVariableExistsOnlyInItsConfiguration() throws Exception {
        SampleHost first = new SampleHost();
        SampleHost second = new SampleHost();
        Samples.fetchFactory("var").create(List.of("proc.shared"),
                first.context(new SourceLocation("a.cfg", 3), false));
        Sample value = new Sample().setInteger(7);
        // set-var(proc.shared,ifexists): the first configuration named it, the second did not
        assertThat(new VariableStore(first.variables()).set("proc.shared", value, Variables.IF_EXISTS)).isTrue();
        assertThat(new VariableStore(second.variables()).set("proc.shared", value, Variables.IF_EXISTS)).isFalse();
        // another connection of the first configuration sees the value, the runtime API too
        Sample read = new Sample();
        assertThat(new VariableStore(first.variables()).get("proc.shared", read)).isTrue();
        assertThat(read.integer()).isEqualTo(7);
        assertThat(first.variables().get("proc.shared", new Sample())).isTrue();
        assertThat(second.variables().get("proc.shared", new Sample())).isFalse();
    }

    @Test
    void withoutAContextNothingIsDeclared() throws Exception {
        SampleHost host = new SampleHost();
        Samples.fetchFactory("var").create(List.of("proc.nowhere"));
        assertThat(new VariableStore(host.variables()).set("proc.nowhere", new Sample().setInteger(1),
                Variables.IF_EXISTS)).isFalse();
    }
}
