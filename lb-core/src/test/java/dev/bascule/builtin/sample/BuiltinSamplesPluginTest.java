package dev.bascule.builtin.sample;

import dev.bascule.api.ApiVersion;
import dev.bascule.api.Plugin;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.core.plugin.LoadedPlugin;
import dev.bascule.core.plugin.PluginLoader;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

final class BuiltinSamplesPluginTest {
    private final Plugin plugin = new BuiltinSamplesPlugin();

    @Test
    void servesTheFetchKeywords() {
        java.util.Set<String> stick = StickFetches.all().stream().map(SampleFetchFactory::keyword)
                .collect(Collectors.toSet());
        // 20 counters in sc_, sc0_ to sc2_ and src_ forms, the four *_tracked, table_cnt and table_avl
        assertThat(stick).hasSize(106).contains("sc_http_req_rate", "sc0_conn_cur", "sc2_get_gpc0", "src_conn_rate",
                "src_inc_gpc0", "sc1_kbytes_out", "sc_tracked", "sc2_tracked", "table_cnt", "table_avl");
        assertThat(plugin.sampleFetches()).extracting(SampleFetchFactory::keyword).filteredOn(name -> !stick.contains(name))
                .containsExactlyInAnyOrder(
                "req.hdr", "hdr", "req.fhdr", "req.hdr_val", "hdr_val", "req.hdr_cnt", "hdr_cnt", "req.fhdr_cnt",
                "path", "url", "query", "method", "req.ver", "req_ver", "src", "src_port", "dst", "dst_port",
                "ssl_fc", "ssl_fc_sni", "ssl_fc_cipher", "ssl_fc_protocol",
                "ssl_c_s_dn", "ssl_c_i_dn", "ssl_c_serial", "ssl_c_notbefore", "ssl_c_notafter", "ssl_c_sha1", "ssl_c_der",
                "ssl_c_version", "ssl_f_s_dn", "ssl_f_i_dn", "ssl_f_serial", "ssl_f_notbefore", "ssl_f_notafter",
                "ssl_f_sha1", "ssl_f_der", "ssl_f_version", "ssl_c_used", "ssl_fc_has_crt", "ssl_c_verify", "ssl_c_err",
                "ssl_c_ca_err", "ssl_c_sig_alg", "ssl_c_key_alg", "ssl_c_chain_der", "ssl_f_sig_alg", "ssl_f_key_alg",
                "ssl_s_s_dn", "ssl_s_i_dn", "ssl_s_serial", "ssl_s_notbefore", "ssl_s_notafter", "ssl_s_sha1",
                "ssl_s_der", "ssl_s_version", "ssl_s_sig_alg", "ssl_s_key_alg", "ssl_s_chain_der", "always_true", "always_false", "var", "unique-id", "pathq", "str", "int", "bool", "uuid", "req.cook", "cook",
                "req.cook_cnt", "cook_cnt", "req.cook_val", "cook_val", "base", "baseq", "url_param", "urlp", "fe_name",
                "be_name", "srv_name", "res.hdr", "shdr", "res.fhdr", "res.hdr_cnt", "shdr_cnt", "res.fhdr_cnt",
                "res.hdr_val", "shdr_val", "status", "srv_id", "env",
                "res.cook", "scook", "res.cook_cnt", "scook_cnt", "res.cook_val", "scook_val", "urlp_val",
                "req.body_param", "req.body", "req.body_len", "req.body_size", "req.hdrs", "req.hdr_names",
                "res.hdr_names", "res.ver", "resp_ver", "capture.req.hdr", "capture.res.hdr", "capture.req.method",
                "capture.req.uri", "capture.req.ver", "capture.res.ver", "fc_rcvd_proxy", "fc_pp_authority", "fc_pp_unique_id",
                "fc_src", "fc_dst",
                "fc_src_port",
                "fc_dst_port", "http_first_req", "fe_id", "be_id", "date", "date_us", "rand", "hostname", "bin",
                "meth", "ipv4", "ipv6", "nbsrv", "fe_conn", "be_conn", "srv_conn", "queue", "avg_queue", "connslots",
                "be_conn_free", "srv_queue", "srv_conn_free", "req.hdr_ip", "hdr_ip",
                "res.hdr_ip", "shdr_ip", "http_auth", "http_auth_group", "http_auth_type", "http_auth_user",
                "http_auth_pass", "http_auth_bearer", "req.len", "req_len", "req.payload", "payload", "req.payload_lv",
                "payload_lv", "req.ssl_hello_type", "req_ssl_hello_type", "req.ssl_sni", "req_ssl_sni", "req.ssl_alpn",
                "wait_end", "res.len", "res.payload", "res.payload_lv", "res.ssl_hello_type", "rep_ssl_hello_type",
                "req.ssl_ver", "req_ssl_ver", "req.rdp_cookie", "rdp_cookie", "req.rdp_cookie_cnt", "rdp_cookie_cnt",
                "req.ssl_ec_ext", "req.ssl_st_ext");
    }

    @Test
    void servesTheMatchMethods() {
        assertThat(plugin.aclMatchers()).extracting(AclMatcherFactory::name).containsExactlyInAnyOrder(
                "found", "bool", "int", "ip", "str", "beg", "end", "sub", "dir", "dom", "reg", "len", "bin", "dotted_ver");
    }

    @Test
    void everyAclKeywordNamesAFetchAndAMatcherOfThisPlugin() {
        Set<String> fetches = plugin.sampleFetches().stream().map(SampleFetchFactory::keyword).collect(Collectors.toSet());
        Set<String> matchers = plugin.aclMatchers().stream().map(AclMatcherFactory::name).collect(Collectors.toSet());
        assertThat(plugin.aclKeywords()).allSatisfy(keyword -> {
            assertThat(fetches).contains(keyword.fetch());
            assertThat(matchers).contains(keyword.matcher());
        });
        assertThat(plugin.aclKeywords()).extracting(AclKeyword::name).doesNotHaveDuplicates().contains(
                "hdr", "hdr_beg", "hdr_dir", "hdr_dom", "hdr_end", "hdr_len", "hdr_reg", "hdr_sub",
                "path", "path_beg", "path_end", "url_sub", "url_len", "req_ver", "ssl_fc_sni_end", "ssl_fc_sni_reg");
        assertThat(plugin.aclKeywords()).contains(new AclKeyword("hdr_dom", "req.hdr", "dom"));
        // HAProxy 2.6's acl_kws (http_acl.c)
        for (String prefix : List.of("base", "cook", "scook", "shdr", "urlp")) {
            assertThat(plugin.aclKeywords()).extracting(AclKeyword::name).contains(prefix, prefix + "_beg",
                    prefix + "_dir", prefix + "_dom", prefix + "_end", prefix + "_len", prefix + "_reg", prefix + "_sub");
        }
        assertThat(plugin.aclKeywords()).contains(new AclKeyword("cook_sub", "req.cook", "sub"),
                new AclKeyword("scook_beg", "res.cook", "beg"), new AclKeyword("shdr_end", "res.hdr", "end"),
                new AclKeyword("urlp_len", "urlp", "len"), new AclKeyword("base_dir", "base", "dir"),
                new AclKeyword("resp_ver", "res.ver", "str"));
    }

    @Test
    void namesAreUnique() {
        List<String> fetches = plugin.sampleFetches().stream().map(SampleFetchFactory::keyword).toList();
        assertThat(fetches).doesNotHaveDuplicates();
        List<String> matchers = plugin.aclMatchers().stream().map(AclMatcherFactory::name).toList();
        assertThat(matchers).doesNotHaveDuplicates();
    }

    @Test
    void descriptorIsFilteredAndScansTheBuiltinRoot() throws Exception {
        Properties descriptor = null;
        for (URL url : Collections.list(getClass().getClassLoader().getResources(Plugin.DESCRIPTOR))) {
            Properties candidate = new Properties();
            try (InputStream in = url.openStream()) {
                candidate.load(in);
            }
            if ("samples".equals(candidate.getProperty("name"))) {
                descriptor = candidate;
            }
        }
        assertThat(descriptor).isNotNull();
        assertThat(descriptor.getProperty("version")).isNotBlank().doesNotContain("${");
        assertThat(descriptor.getProperty("api-version")).isEqualTo(ApiVersion.string());
        // the root of every built-in package: the samples and the rule actions
        assertThat(descriptor.getProperty("scan-packages")).isEqualTo("dev.bascule.builtin");
        assertThat(BuiltinSamplesPlugin.class.getPackageName()).startsWith("dev.bascule.builtin.");
        assertThat(dev.bascule.builtin.action.BuiltinActionsPlugin.class.getPackageName())
                .startsWith("dev.bascule.builtin.");
    }

    @Test
    void theHostLoadsItFromTheClassPath() throws Exception {
        List<LoadedPlugin> plugins = new PluginLoader(getClass().getClassLoader()).loadClasspath();
        assertThat(plugins).filteredOn(loaded -> loaded.name().equals("samples")).singleElement()
                .satisfies(loaded -> assertThat(loaded.instances()).extracting(Object::getClass)
                        .containsExactlyInAnyOrder(BuiltinSamplesPlugin.class,
                                dev.bascule.builtin.action.BuiltinActionsPlugin.class));
    }
}
