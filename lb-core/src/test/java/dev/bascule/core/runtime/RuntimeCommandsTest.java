package dev.bascule.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.sample.MatchOptions;
import dev.bascule.api.sample.Sample;
import dev.bascule.core.plugin.PluginRegistry;
import dev.bascule.core.plugin.Plugins;
import dev.bascule.core.rules.RuleCompiler;
import dev.bascule.core.sample.ProcessVariables;
import dev.bascule.core.sample.SampleHost;
import dev.bascule.core.sample.VariableStore;
import dev.bascule.core.sample.pattern.PatternRegistry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

/** The map, ACL and variable commands answer as HAProxy 2.6.12 does (outputs taken from it). */
final class RuntimeCommandsTest {
    @Test
    void mapsAndAclsAsHaproxy(@TempDir Path temp) throws Exception {
        Path hosts = temp.resolve("hosts.map");
        Files.writeString(hosts, "www.example.com be_a\napi.example.com be_b\n");
        PluginRegistry plugins = Plugins.load(RuntimeCommandsTest.class.getClassLoader(), Optional.empty());
        SampleHost host = new SampleHost();
        PatternRegistry patterns = host.patterns();
        RuleCompiler compiler = new RuleCompiler(plugins, host, new HashMap<>());
        compiler.declare(new AclConfig("blocked", "path", List.of(), "beg", new MatchOptions(false), List.of("/x"),
                new SourceLocation("t.cfg", 3), List.of(), "path_beg", List.of()));
        plugins.sampleConverter("map").orElseThrow().create(List.of(hosts.toString()),
                host.context(new SourceLocation("t.cfg", 5), false));
        patterns.finish();
        RuntimeCommands commands = new RuntimeCommands(patterns, host.variables());

        assertThat(run(commands, "show map")).isEqualTo("# id (file) description\n1 (" + hosts + ") pattern loaded"
                + " from file '" + hosts + "' used by map at file 't.cfg' line 5. curr_ver=0 next_ver=0 entry_cnt=2\n");
        assertThat(run(commands, "show acl")).isEqualTo("# id (file) description\n"
                + "0 () acl 'path_beg' file 't.cfg' line 3. curr_ver=0 next_ver=0 entry_cnt=1\n");
        String entries = run(commands, "show map " + hosts);
        assertThat(entries.replaceAll("0x[0-9a-f]+", "ID"))
                .isEqualTo("ID www.example.com be_a\nID api.example.com be_b\n");
        assertThat(run(commands, "show map #0")).isEqualTo("Unknown map identifier. Please use #<id> or <file>.\n");
        assertThat(run(commands, "show acl #1")).isEqualTo("Unknown ACL identifier. Please use #<id> or <file>.\n");

        assertThat(run(commands, "add map @1 #1 new.example.com be_b")).isEqualTo("Version number in the future,"
                + " please use 'prepare map' before.\n");
        assertThat(run(commands, "add map @0 #1 new.example.com be_b")).isEmpty();
        assertThat(run(commands, "del map #1 new.example.com")).isEmpty();
        assertThat(run(commands, "add map #1 new.example.com be_b")).isEmpty();
        assertThat(run(commands, "get map #1 new.example.com")).isEqualTo("type=str, case=sensitive, found=yes,"
                + " idx=tree, key=\"new.example.com\", value=\"be_b\", type=\"str\"\n");
        assertThat(run(commands, "set map #1 new.example.com be_a")).isEmpty();
        assertThat(run(commands, "get map #1 new.example.com")).contains("value=\"be_a\"");
        assertThat(run(commands, "get map #1 nope")).isEqualTo("type=str, case=sensitive, found=no\n");
        assertThat(run(commands, "set map #1 nope x")).isEqualTo("entry not found.\n");
        assertThat(run(commands, "set map #1 #0x99999 x")).isEqualTo("key or pattern not found.\n");
        assertThat(run(commands, "set map #1 #0xzz x")).isEqualTo("Malformed identifier. Please use #<id> or <file>.\n");
        assertThat(run(commands, "set map #1 a")).isEqualTo("'set map' expects three parameters: map identifier,"
                + " key and value.\n");
        assertThat(run(commands, "add map #1 a")).isEqualTo("'add map' expects three parameters (map identifier,"
                + " key and value) or one parameter (map identifier) and a payload\n");
        String firstId = entries.substring(0, entries.indexOf(' '));
        assertThat(run(commands, "del map #1 #" + firstId)).isEmpty();
        assertThat(run(commands, "del map #1 #" + firstId)).isEqualTo("Key not found.\n");
        assertThat(run(commands, "del map #1 api.example.com")).isEmpty();
        assertThat(run(commands, "show map #1").replaceAll("0x[0-9a-f]+", "ID")).isEqualTo("ID new.example.com be_a\n");
        assertThat(run(commands, "del map #1")).isEqualTo("This command expects two parameters: map identifier and"
                + " key.\n");
        assertThat(run(commands, "clear map")).isEqualTo("Missing map identifier.\n");
        assertThat(run(commands, "clear map " + hosts)).isEmpty();
        assertThat(run(commands, "show map #1")).isEmpty();

        assertThat(run(commands, "add acl #1 x")).isEqualTo("This ACL is shared with a map containing samples. You"
                + " must use the command 'add map' to add values.\n");
        assertThat(run(commands, "add acl #0 /admin")).isEmpty();
        assertThat(run(commands, "get acl #0 /admin/panel")).isEqualTo("type=beg, case=sensitive, match=yes,"
                + " idx=tree, pattern=\"/admin\"\n");
        assertThat(run(commands, "get acl #0 /other")).isEqualTo("type=beg, case=sensitive, match=no\n");
        assertThat(run(commands, "del acl #0 /admin")).isEmpty();
        assertThat(run(commands, "del acl #0 /admin")).isEqualTo("Key not found.\n");
        // HAProxy 2.6 names a map even for an ACL here
        assertThat(run(commands, "del acl #7 /admin")).isEqualTo("Unknown map identifier. Please use #<id> or"
                + " <file>.\n");
        assertThat(run(commands, "clear acl #0")).isEmpty();
        assertThat(run(commands, "show acl #0")).isEmpty();
    }

    @Test
    void getVarReadsProcessVariablesFromOperatorUp() {
        ProcessVariables variables = new ProcessVariables();
        RuntimeCommands commands = new RuntimeCommands(new PatternRegistry(), variables);
        // two connections of the configuration
        new VariableStore(variables).set("proc.cli_test", new Sample().setString("a\tb"));
        new VariableStore(variables).set("proc.cli_count", new Sample().setInteger(42));
        assertThat(run(commands, "get var proc.cli_test", "user")).isEqualTo("Permission denied\n");
        assertThat(run(commands, "get var proc.cli_test", "operator")).isEqualTo("proc.cli_test: type=str value=<a.b>");
        assertThat(run(commands, "get var proc.cli_count")).isEqualTo("proc.cli_count: type=sint value=<42>");
        assertThat(run(commands, "get var proc.none")).isEqualTo("Variable not found.\n");
        // another configuration's variables are not these
        assertThat(run(new RuntimeCommands(new PatternRegistry(), new ProcessVariables()), "get var proc.cli_count"))
                .isEqualTo("Variable not found.\n");
        assertThat(run(commands, "get var txn.cli_test")).isEqualTo("Variable not found.\n");
        assertThat(run(commands, "get var")).isEqualTo("Missing process-wide variable identifier.\n");
        StringBuilder out = new StringBuilder();
        assertThat(commands.execute(List.of("set", "var", "x", "y"), "admin", out)).isFalse();
        assertThat(commands.execute(List.of("show", "info"), "admin", out)).isFalse();
    }

    private static String run(RuntimeCommands commands, String line) {
        return run(commands, line, "admin");
    }

    private static String run(RuntimeCommands commands, String line, String level) {
        StringBuilder out = new StringBuilder();
        assertThat(commands.execute(Arrays.asList(line.split(" ")), level, out)).as(line).isTrue();
        return out.toString();
    }
}
