package dev.bascule.builtin.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.rules.CompiledCondition;
import dev.bascule.core.rules.RuleCompiler;
import dev.bascule.core.sample.pattern.PatternRef;
import dev.bascule.core.sample.pattern.PatternRegistry;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** An ACL's -f file and inline patterns are references; changing one recompiles the ACL's matcher. */
final class LiveAclTest {
    @Test
    void addAndDeleteChangeWhatTheAclMatches() throws Exception {
        PatternRegistry patterns = new PatternRegistry();
        RuleCompiler compiler = new RuleCompiler(Samples.REGISTRY, patterns, new HashMap<>());
        AclConfig acl = new AclConfig("blocked", "path", List.of(), "beg", new MatchOptions(true),
                List.of("/admin", "/x"), new SourceLocation("t.cfg", 4), List.of(), "path_beg",
                List.of(new AclConfig.PatternFile("/etc/paths.acl", List.of("/admin"))));
        CompiledCondition condition = compiler.condition(Optional.of(new Condition(false,
                List.of(List.of(new AclTerm(false, "blocked", List.of(acl)))))));
        compiler.declare(acl); // declared and used: one set of references
        patterns.finish();
        assertThat(patterns.references()).extracting(PatternRef::file).containsExactly("/etc/paths.acl", "");
        PatternRef file = patterns.find("/etc/paths.acl");
        PatternRef inline = patterns.find("#1");
        assertThat(file.display()).isEqualTo(
                "pattern loaded from file '/etc/paths.acl' used by acl at file 't.cfg' line 4");
        assertThat(inline.display()).isEqualTo("acl 'path_beg' file 't.cfg' line 4");

        assertThat(matches(condition, "/ADMIN/panel")).isTrue();
        assertThat(matches(condition, "/x/1")).isTrue();
        assertThat(matches(condition, "/secret")).isFalse();
        file.add("/secret", null);
        assertThat(matches(condition, "/Secret/1")).isTrue();
        assertThat(file.delete("/admin")).isTrue();
        assertThat(matches(condition, "/admin")).isFalse();
        inline.clear();
        assertThat(matches(condition, "/x/1")).isFalse();
        assertThat(matches(condition, "/secret")).isTrue();
    }

    private static boolean matches(CompiledCondition condition, String path) {
        return condition.test(TestingTraffic.request("GET", path), new Sample());
    }
}
