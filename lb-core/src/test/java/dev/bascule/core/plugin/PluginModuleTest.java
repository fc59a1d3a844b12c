package dev.bascule.core.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bascule.api.Plugin;
import dev.bascule.api.balance.BalancingAlgorithm;
import dev.bascule.api.balance.BalancingAlgorithmFactory;
import dev.bascule.api.balance.ServerPicker;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;

import org.junit.jupiter.api.Test;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The start-up check that every keyword is served by one plugin only. */
final class PluginModuleTest {
    /** Serves {@code balance pin} and the fetch {@code pin.depth}, as one plugin jar would. */
    public static final class PinPlugin implements Plugin {
        @Override
        public Collection<BalancingAlgorithmFactory> balancingAlgorithms() {
            return List.of(new BalancingAlgorithmFactory() {
                @Override
                public String name() {
                    return "pin";
                }

                @Override
                public BalancingAlgorithm create(List<String> arguments) {
                    return (snapshot, previous) -> ServerPicker.EMPTY;
                }
            });
        }

        @Override
        public Collection<SampleFetchFactory> sampleFetches() {
            return List.of(new SampleFetchFactory() {
                @Override
                public String keyword() {
                    return "pin.depth";
                }

                @Override
                public SampleType outputType() {
                    return SampleType.INTEGER;
                }

                @Override
                public Set<Phase> availableIn() {
                    return Set.of(Phase.HTTP_REQUEST);
                }

                @Override
                public SampleFetch create(List<String> arguments) {
                    return (traffic, out) -> false;
                }
            });
        }
    }

    private static LoadedPlugin plugin(String name, String version, String origin) {
        return new LoadedPlugin(new PluginDescriptor(name, version, "1.0", List.of("pin"), origin),
                PluginModuleTest.class.getClassLoader(), List.of(new PinPlugin()));
    }

    @Test
    void theSamePluginDroppedInTwoDirectoriesIsReportedWithBothDirectories() {
        List<LoadedPlugin> plugins = List.of(plugin("my-plugin", "1.0.0", "/opt/bascule/plugins/my-plugin"),
                plugin("my-plugin", "1.0.0", "/opt/bascule/plugins/my-plugin-old"));
        assertThatThrownBy(() -> PluginModule.of(plugins))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'my-plugin' 1.0.0 (/opt/bascule/plugins/my-plugin) and plugin 'my-plugin' 1.0.0"
                        + " (/opt/bascule/plugins/my-plugin-old) both serve balance algorithm 'pin', sample fetch"
                        + " 'pin.depth': plugin 'my-plugin' is installed twice, keep one of the two directories");
    }

    @Test
    void twoPluginsServingOneKeywordAreNamedWithTheirDirectories() {
        List<LoadedPlugin> plugins = List.of(plugin("pins", "1.0.0", "/opt/bascule/plugins/pins"),
                plugin("pinning", "2.1", "/opt/bascule/plugins/pinning"));
        assertThatThrownBy(() -> PluginModule.of(plugins))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'pins' 1.0.0 (/opt/bascule/plugins/pins) and plugin 'pinning' 2.1"
                        + " (/opt/bascule/plugins/pinning) both serve balance algorithm 'pin', sample fetch"
                        + " 'pin.depth'");
    }

    @Test
    void everyClashingPairIsReportedAndALongListIsCut() {
        Plugin aclKeywords = new Plugin() {
            @Override
            public Collection<BalancingAlgorithmFactory> balancingAlgorithms() {
                return new PinPlugin().balancingAlgorithms();
            }

            @Override
            public Collection<AclKeyword> aclKeywords() {
                return Stream.of("k1", "k2", "k3", "k4", "k5", "k6", "k7")
                        .map(name -> new AclKeyword(name, "src", "ip")).toList();
            }
        };
        List<LoadedPlugin> plugins = List.of(plugin("a", "1", "/p/a"), plugin("b", "1", "/p/b"),
                new LoadedPlugin(new PluginDescriptor("many", "1", "1.0", List.of("x"), "/p/many"),
                        PluginModuleTest.class.getClassLoader(), List.of(aclKeywords)),
                new LoadedPlugin(new PluginDescriptor("more", "1", "1.0", List.of("x"), "/p/more"),
                        PluginModuleTest.class.getClassLoader(), List.of(new Plugin() {
                            @Override
                            public Collection<AclKeyword> aclKeywords() {
                                return aclKeywords.aclKeywords();
                            }
                        })));
        assertThatThrownBy(() -> PluginModule.of(plugins))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'a' 1 (/p/a) and plugin 'b' 1 (/p/b) both serve balance algorithm 'pin', sample"
                        + " fetch 'pin.depth'; plugin 'a' 1 (/p/a) and plugin 'many' 1 (/p/many) both serve balance"
                        + " algorithm 'pin'; plugin 'many' 1 (/p/many) and plugin 'more' 1 (/p/more) both serve ACL"
                        + " keyword 'k1', ACL keyword 'k2', ACL keyword 'k3', ACL keyword 'k4', ACL keyword 'k5'"
                        + " and 2 more");
    }

    @Test
    void aPluginServingAKeywordTwiceIsToldSo() {
        List<LoadedPlugin> plugins = List.of(new LoadedPlugin(
                new PluginDescriptor("dup", "1", "1.0", List.of("x"), "/p/dup"),
                PluginModuleTest.class.getClassLoader(), List.of(new PinPlugin(), new PinPlugin())));
        assertThatThrownBy(() -> PluginModule.of(plugins))
                .isInstanceOf(PluginException.class)
                .hasMessage("plugin 'dup' 1 (/p/dup) serves more than once balance algorithm 'pin', sample fetch"
                        + " 'pin.depth'");
    }

    @Test
    void distinctKeywordsLoad() throws PluginException {
        assertThat(PluginModule.of(List.of(plugin("my-plugin", "1.0.0", "/opt/bascule/plugins/my-plugin"))))
                .isNotNull();
    }
}
