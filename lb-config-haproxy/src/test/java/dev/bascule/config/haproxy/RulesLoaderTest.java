package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.AclConfig;
import dev.bascule.api.config.AclTerm;
import dev.bascule.api.config.ActionCall;
import dev.bascule.api.config.BackendConfig;
import dev.bascule.api.config.Condition;
import dev.bascule.api.config.ConverterCall;
import dev.bascule.api.config.CookieConfig;
import dev.bascule.api.config.ForwardFor;
import dev.bascule.api.config.FrontendConfig;
import dev.bascule.api.config.HttpPolicy;
import dev.bascule.api.config.HttpRequestRule;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.loader.ConfigSource;
import dev.bascule.api.loader.LoadResult;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

/** ACLs, conditions and HTTP rules as the loader models them. */
final class RulesLoaderTest {
    private static LoadResult loadText(String text) {
        return load(TestingLoaderContext.plain(), new ConfigSource("rules.cfg", text));
    }

    private static LbConfig valid(String text) {
        LoadResult result = loadText(text);
        assertThat(result.config()).as(render(result)).isPresent();
        return result.config().orElseThrow();
    }

    private static final String HEAD = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 1s",
            "    timeout client 1s",
            "    timeout server 1s",
            "");

    @Test
    void aclLinesOfOneNameAreOneAclEvenWhenDeclaredAfterTheCondition() {
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl site hdr(host) -i a.example",
                "    use_backend be if site !{ path_beg /admin } || { ssl_fc }",
                "    acl site hdr_end(host) -i .b.example",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8081",
                ""));
        Condition condition = config.frontend("fe").orElseThrow().useBackendRules().get(0).condition().orElseThrow();
        assertThat(condition.unless()).isFalse();
        assertThat(condition.alternatives()).hasSize(2);
        List<AclTerm> first = condition.alternatives().get(0);
        assertThat(first).extracting(AclTerm::negated).containsExactly(false, true);
        assertThat(first.get(0).acls()).extracting(AclConfig::fetch, AclConfig::matcher, AclConfig::patterns)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("req.hdr", "str", List.of("a.example")),
                        org.assertj.core.groups.Tuple.tuple("req.hdr", "end", List.of(".b.example")));
        assertThat(first.get(0).acls().get(0).options().ignoreCase()).isTrue();
        assertThat(first.get(0).acls().get(0).fetchArguments()).containsExactly("host");
        assertThat(first.get(1).acls()).singleElement().satisfies(acl -> {
            assertThat(acl.fetch()).isEqualTo("path");
            assertThat(acl.matcher()).isEqualTo("beg");
        });
        assertThat(condition.alternatives().get(1)).singleElement()
                .satisfies(term -> assertThat(term.acls().get(0).matcher()).isEqualTo("bool"));
    }

    @Test
    void predefinedAclsAndExplicitMatchMethods() {
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl p path -m beg -- -dash",
                "    http-request deny deny_status 429 if METH_GET p",
                "    http-request deny unless TRUE",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8081",
                ""));
        List<HttpRequestRule> rules = config.frontend("fe").orElseThrow().http().requestRules();
        assertThat(rules.get(0).action()).isEqualTo(new ActionCall("deny", List.of("deny_status", "429")));
        List<AclTerm> terms = rules.get(0).condition().orElseThrow().alternatives().get(0);
        assertThat(terms.get(0).acls().get(0).patterns()).containsExactly("GET", "HEAD");
        assertThat(terms.get(1).acls().get(0).patterns()).containsExactly("-dash");
        assertThat(rules.get(1).condition().orElseThrow().unless()).isTrue();
    }

    @Test
    void patternFilesAreReadAtLoad(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
        java.nio.file.Path file = temp.resolve("hosts.lst");
        java.nio.file.Files.writeString(file, "# blocked hosts\n  a.example  \n\nb.example\n");
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl blocked hdr(host) -i -f " + file + " c.example",
                "    http-request deny if blocked",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8081",
                ""));
        AclConfig acl = config.frontend("fe").orElseThrow().http().requestRules().get(0).condition().orElseThrow()
                .alternatives().get(0).get(0).acls().get(0);
        assertThat(acl.patterns()).containsExactly("a.example", "b.example", "c.example");
        assertThat(acl.options().ignoreCase()).isTrue();
    }

    @Test
    void reqaddRunsAfterTheHttpRequestRulesWithAWarning() {
        LoadResult result = loadText(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    reqadd X-Forwarded-Proto:\\ https",
                "    http-request del-header X-Debug -m beg",
                "    redirect scheme https code 301 if !{ ssl_fc }",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8081",
                ""));
        assertThat(render(result)).isEqualTo("rules.cfg:8: WARNING: The 'reqadd' directive is not supported anymore"
                + " since HAProxy 2.1; Bascule runs it as 'http-request add-header X-Forwarded-Proto https'. Use"
                + " 'http-request add-header' instead.");
        FrontendConfig fe = result.config().orElseThrow().frontend("fe").orElseThrow();
        assertThat(fe.http().requestRules()).extracting(HttpRequestRule::action).containsExactly(
                new ActionCall("del-header", List.of("X-Debug", "-m", "beg")),
                new ActionCall("add-header", List.of("X-Forwarded-Proto", "https")));
        assertThat(fe.http().redirectRules()).singleElement().satisfies(rule -> {
            assertThat(rule.action()).isEqualTo(new ActionCall("redirect", List.of("scheme", "https", "code", "301")));
            assertThat(rule.condition().orElseThrow().alternatives().get(0).get(0).negated()).isTrue();
        });
    }

    @Test
    void aRedirectLinesTargetIsPlainTextAnActionsALogFormat() {
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    http-request redirect location /%[path] code 303 if { path /x }",
                "    redirect location /a%20b set-cookie c=%1",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8081",
                ""));
        HttpPolicy http = config.frontend("fe").orElseThrow().http();
        assertThat(http.requestRules().get(0).action())
                .isEqualTo(new ActionCall("redirect", List.of("location", "/%[path]", "code", "303")));
        // HAProxy reads a redirect line's target as it is: its '%' escaped for the action
        assertThat(http.redirectRules().get(0).action())
                .isEqualTo(new ActionCall("redirect", List.of("location", "/a%%20b", "set-cookie", "c=%1")));
    }

    @Test
    void forwardForIsInheritedAndCookiesAreParsed() {
        LbConfig config = valid(HEAD + String.join("\n",
                "    option forwardfor except 10.0.0.0/8 header X-Real-IP if-none",
                "frontend fe",
                "    bind :8080",
                "    default_backend be",
                "backend be",
                "    cookie SRV insert indirect nocache httponly",
                "    server s1 127.0.0.1:8081 cookie one",
                ""));
        ForwardFor forwardFor = config.frontend("fe").orElseThrow().http().forwardFor().orElseThrow();
        assertThat(forwardFor.header()).isEqualTo("X-Real-IP");
        assertThat(forwardFor.ifNone()).isTrue();
        assertThat(forwardFor.except().orElseThrow().toString()).isEqualTo("10.0.0.0/8");
        BackendConfig be = config.backend("be").orElseThrow();
        assertThat(be.http().forwardFor()).contains(forwardFor);
        CookieConfig cookie = be.cookie().orElseThrow();
        assertThat(cookie.mode()).isEqualTo(CookieConfig.Mode.INSERT);
        assertThat(cookie.indirect() && cookie.nocache() && cookie.httpOnly()).isTrue();
        assertThat(be.servers().get(0).cookie()).contains("one");
    }

    @Test
    void httpBufferRequestIsInheritedAndCanBeTurnedOff() {
        LbConfig config = valid(HEAD + String.join("\n",
                "    option http-buffer-request",
                "frontend fe",
                "    bind :8080",
                "    default_backend be",
                "frontend quick",
                "    bind :8081",
                "    no option http-buffer-request",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8082",
                ""));
        assertThat(config.frontend("fe").orElseThrow().http().bufferRequest()).isTrue();
        assertThat(config.frontend("quick").orElseThrow().http().bufferRequest()).isFalse();
        assertThat(config.backend("be").orElseThrow().http().bufferRequest()).isTrue();
        LoadResult bad = loadText(HEAD + "frontend fe\n    bind :8080\n    option http-buffer-request now\n");
        assertThat(bad.config()).isEmpty();
        assertThat(render(bad)).contains("rules.cfg:8", "'option http-buffer-request' cannot handle unexpected argument 'now'");
    }

    @Test
    void convertersFollowTheFetchAndChangeItsType() {
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl host req.hdr(host),lower,field(1,:) -m str example.com",
                "    use_backend be if host",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8082",
                ""));
        List<AclConfig> acls = config.frontend("fe").orElseThrow().useBackendRules().get(0).condition().orElseThrow()
                .alternatives()
                .get(0).stream().flatMap(term -> term.acls().stream()).toList();
        assertThat(acls.get(0).converters()).containsExactly(new ConverterCall("lower", List.of()),
                new ConverterCall("field", List.of("1", ":")));
        // length makes an integer, which 'beg' cannot match
        LoadResult wrongType = loadText(HEAD + "frontend fe\n    bind :8080\n    acl a path,length -m beg x\n");
        assertThat(render(wrongType)).contains("rules.cfg:8", "matching method 'beg' cannot be used");
        LoadResult unknown = loadText(HEAD + "frontend fe\n    bind :8080\n    acl a path,nosuch /x\n");
        assertThat(render(unknown)).contains("rules.cfg:8", "unknown converter 'nosuch'");
        LoadResult missing = loadText(HEAD + "frontend fe\n    bind :8080\n    acl a path,crc32 /x\n");
        assertThat(render(missing)).contains("rules.cfg:8", "converter 'crc32' is not implemented yet by Bascule");
        LoadResult badArgs = loadText(HEAD + "frontend fe\n    bind :8080\n    acl a path,lower(x) /x\n");
        assertThat(render(badArgs)).contains("invalid args in converter 'lower'");
    }

    @Test
    void errorFilesAndHttpErrorsSections(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp) throws Exception {
        java.nio.file.Path page = temp.resolve("503.http");
        java.nio.file.Files.writeString(page, "HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nContent-Length: 4\r\n\r\nbusy");
        LbConfig config = valid("http-errors site\n    errorfile 503 " + page + "\n    errorfile 500 /dev/null\n"
                + HEAD + String.join("\n",
                "    errorfiles site 503",
                "frontend fe",
                "    bind :8080",
                "    errorfiles site",
                "    http-error status 404 content-type text/plain string gone",
                "    http-error status 503 default-errorfiles",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8082",
                ""));
        var replies = config.frontend("fe").orElseThrow().http().errorReplies();
        assertThat(replies.keySet()).containsExactlyInAnyOrder(500, 404);
        assertThat(replies.get(500)).isEmpty();
        assertThat(replies.get(404).orElseThrow().body().map(String::new)).contains("gone");
        assertThat(config.backend("be").orElseThrow().http().errorReplies().get(503).orElseThrow().status())
                .isEqualTo(503);
        LoadResult bad = loadText(HEAD + "frontend fe\n    bind :8080\n    errorfile 418 /dev/null\n"
                + "    errorfile 503 /nonexistent\n");
        assertThat(render(bad)).contains("rules.cfg:8: ALERT: status code '418' not handled.",
                "rules.cfg:9: ALERT: error opening file '/nonexistent'.");
        LoadResult unknown = loadText(HEAD + "frontend fe\n    bind :8080\n    errorfiles nosuch\n");
        assertThat(render(unknown)).contains("rules.cfg:8: ALERT: unknown http-errors section 'nosuch' (at 'errorfiles').");
    }

    @Test
    void replyPayloadsAreBoundByTheGlobalBufferSize(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws Exception {
        java.nio.file.Path page = temp.resolve("big.http");
        java.nio.file.Files.writeString(page, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                + "Content-Length: 20000\r\n\r\n" + "x".repeat(20000));
        String proxies = HEAD + "    errorfile 503 " + page + "\n"
                + "frontend fe\n    bind :8080\n"
                + "    http-request return status 200 content-type text/plain file " + page + " if { path /x }\n";
        // haproxy 2.6.12 -c: valid with tune.bufsize 32768; with the default 16384 it truncates the errorfile
        // (so its length no longer matches) and refuses the return file
        LbConfig large = valid("global\n    tune.bufsize 32768\n" + proxies);
        assertThat(large.frontend("fe").orElseThrow().http().errorReplies().get(503).orElseThrow().body()
                .orElseThrow()).hasSize(20000);
        LoadResult small = loadText(proxies);
        assertThat(small.config()).isEmpty();
        assertThat(render(small)).contains(
                "rules.cfg:6: WARNING: custom error message file '" + page + "' larger than 16384 bytes. Truncating.",
                "rules.cfg:6: ALERT: '" + page
                        + "': payload size does not match the announced content-length (16299 != 20000)",
                "file '" + page + "' exceeds the buffer size (20085 > 16384).");
    }

    @Test
    void userlistSectionsAndHttpRequestAuth() {
        LbConfig config = valid(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl good http_auth(L1)",
                "    acl admins http_auth_group(L1) G1",
                "    http-request auth realm \"my realm\" if !good",
                "    http-request auth if !admins",
                "    default_backend be",
                "backend be",
                "    server s1 127.0.0.1:8082",
                "userlist L1",
                "    group G1 users tiger",
                "    group G2",
                "    user tiger password $1$abc$iCQ2D3nhptRYi27fDYv2s1 groups G2",
                "    user scott insecure-password elgato groups G1,G2",
                ""));
        var rules = config.frontend("fe").orElseThrow().http().requestRules();
        assertThat(rules.get(0).action()).isEqualTo(new ActionCall("auth", List.of("realm", "my realm")));
        assertThat(rules.get(1).action()).isEqualTo(new ActionCall("auth", List.of()));
        var userlist = config.userlists().get(0);
        assertThat(userlist.name()).isEqualTo("L1");
        assertThat(userlist.groups()).containsExactly("G1", "G2");
        assertThat(userlist.users()).extracting(dev.bascule.api.config.UserlistConfig.User::name)
                .containsExactly("tiger", "scott");
        // a user's groups: those of its line, then those naming it
        assertThat(userlist.users().get(0).groups()).containsExactly("G2", "G1");
        assertThat(userlist.users().get(0).insecure()).isFalse();
        assertThat(userlist.users().get(1).groups()).containsExactly("G1", "G2");
        assertThat(userlist.users().get(1).password()).isEqualTo("elgato");
    }

    @Test
    void payloadFetchesOfModeTcpAreRefusedNotIgnored() {
        // HAProxy reads req.len on a tcp stream's buffer; Bascule does not, and says so
        LoadResult result = loadText(HEAD + "frontend fe\n    mode tcp\n    bind :8080\n"
                + "    tcp-request content reject if { req.len -m found }\n");
        assertThat(result.config()).isEmpty();
        assertThat(render(result)).contains("rules.cfg:9: ALERT: fetch 'req.len' in 'frontend tcp-request content rule'"
                + " of a mode tcp proxy is not implemented yet by Bascule (it inspects no payload)");
    }

    @Test
    void userlistMistakesAreReportedAsHaproxyReportsThem() {
        // haproxy 2.6.12 -c on the same lines gives these words (it prints the last five without file:line)
        LoadResult result = loadText(HEAD + String.join("\n",
                "frontend fe",
                "    bind :8080",
                "    acl a1 http_auth(L9)",
                "    acl a2 http_auth_group(L1) G7",
                "    acl a4 http_auth_group(L1)",
                "    http-request auth if !a1 || a2 || a4",
                "    http-request auth realm",
                "userlist L1",
                "    group G1 users tiger,nobody",
                "    group G1",
                "    user tiger insecure-password x groups G2",
                "    user tiger insecure-password y",
                "    user b foo",
                "    group G3 foo",
                "    other",
                "userlist L1",
                "userlist",
                "userlist a b",
                "userlist a$",
                ""));
        assertThat(result.config()).isEmpty();
        assertThat(render(result)).contains(
                "rules.cfg:12: ALERT: error detected in frontend 'fe' while parsing 'http-request auth' rule :"
                        + " missing realm value.",
                "rules.cfg:15: WARNING: ignoring duplicated group 'G1' in userlist 'L1'.",
                "rules.cfg:17: WARNING: ignoring duplicated user 'tiger' in userlist 'L1'.",
                "rules.cfg:18: ALERT: 'user' only supports 'password', 'insecure-password' and 'groups' options.",
                "rules.cfg:19: ALERT: 'group' only supports 'users' option.",
                "rules.cfg:20: ALERT: unknown keyword 'other' in 'users' section",
                "rules.cfg:21: WARNING: ignoring duplicated userlist 'L1'.",
                "rules.cfg:22: ALERT: 'userlist' expects <name> as arguments.",
                "rules.cfg:23: ALERT: 'userlist' cannot handle unexpected argument 'b'.",
                "rules.cfg:24: ALERT: character '$' is not permitted in 'userlist' name 'a$'.",
                "rules.cfg:16: ALERT: userlist 'L1': no such group 'G2' specified in user 'tiger'",
                "rules.cfg:14: ALERT: userlist 'L1': no such user 'nobody' specified in group 'G1'",
                "rules.cfg:8: ALERT: unable to find userlist 'L9' referenced in arg 1 of ACL keyword 'http_auth' in"
                        + " proxy 'fe'.",
                "rules.cfg:9: ALERT: proxy fe: acl a2 http_auth_group(): invalid group 'G7'.",
                "rules.cfg:10: ALERT: proxy fe: acl a4 http_auth_group(): no groups specified.");
        LoadResult missing = loadText(HEAD + "frontend fe\n    bind :8080\n    acl a1 http_auth\n"
                + "    http-request auth if !a1\n");
        assertThat(render(missing)).contains("rules.cfg:8: ALERT: missing userlist name in arg 1 of ACL keyword"
                + " 'http_auth' in proxy 'fe'.");
    }

    @Test
    void fetchArgumentErrorsWordedAsHaproxysAreShownAsTheyAre() {
        // haproxy 2.6.12's words for bool(yes) in a rule and in an ACL; the third is the shape of its parse errors
        // in ACLs (as for int(x): "fetch method 'int' : failed to parse ... in ACL expression 'int(x)'")
        LoadResult result = loadText(HEAD + "frontend fe\n    bind :8080\n"
                + "    http-request set-var(txn.x) bool(yes)\n"
                + "    acl a bool(yes) -m found\n"
                + "    acl b bool -m found\n");
        assertThat(render(result)).contains(
                "rules.cfg:8: ALERT: error detected in frontend 'fe' while parsing 'http-request set-var(txn.x)' rule :"
                        + " invalid args in fetch method 'bool' : Expects 'true', 'false', '0' or '1'",
                "rules.cfg:9: ALERT: error detected while parsing ACL 'a' : invalid args in fetch method 'bool' :"
                        + " Expects 'true', 'false', '0' or '1' in ACL expression 'bool(yes)'.",
                "rules.cfg:10: ALERT: error detected while parsing ACL 'b' : fetch method 'bool' : expected type"
                        + " 'string' at position 1, but got nothing in ACL expression 'bool'.");
    }

    @Test
    void namedDefaultsWithRulesHaveHaproxysRestrictions() {
        String head = String.join("\n",
                "defaults rules",
                "    mode http",
                "    timeout connect 1s",
                "    timeout client 1s",
                "    timeout server 1s",
                "    http-request set-header X-A 1",
                "");
        assertThat(render(loadText(head + "defaults other from rules\n"))).contains(
                "rules.cfg:7: ALERT: a defaults section cannot inherit from a defaults section defining TCP/HTTP rules"
                        + " (defaults section at rules.cfg:1).");
        assertThat(render(loadText(head + "listen li from rules\n    bind :8080\n    server s 127.0.0.1:80\n")))
                .contains("rules.cfg:7: ALERT: a listen section cannot inherit from a defaults section defining TCP/HTTP"
                        + " rules.");
        assertThat(render(loadText(head + "frontend fe from rules\n    bind :8080\n    default_backend be\n"
                + "backend be from rules\n    server s 127.0.0.1:80\n"))).contains(
                "rules.cfg:10: ALERT: frontends and backends cannot inherit from the same defaults section if it defines"
                        + " TCP/HTTP rules (defaults section at rules.cfg:1).");
        LbConfig config = valid(head + "defaults plain\n    mode http\n    timeout connect 1s\n    timeout client 1s\n"
                + "    timeout server 1s\nfrontend fe from rules\n    bind :8080\n    http-request set-header X-B 2\n"
                + "    default_backend be\nbackend be\n    server s 127.0.0.1:80\n");
        assertThat(config.frontend("fe").orElseThrow().http().requestRules()).hasSize(2);
    }
}
