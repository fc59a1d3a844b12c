package dev.bascule.config.haproxy;

import static dev.bascule.config.haproxy.Loading.load;
import static dev.bascule.config.haproxy.Loading.render;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.GlobalConfig;
import dev.bascule.api.config.LbConfig;
import dev.bascule.api.config.TlsSettings;
import dev.bascule.api.loader.LoadResult;
import dev.bascule.config.haproxy.testing.TestCertificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The global TLS defaults and the TLS options of {@code bind}: what they resolve to, and
 * HAProxy's messages for bad values (compared with {@code haproxy -c} 2.6.12 on the same lines).
 */
final class TlsOptionsTest {
    private static final String DEBIAN_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
            + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
            + "ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";

    private static String config(String global, String bindOptions) {
        return "global\n"
                + global
                + "defaults\n"
                + "    timeout client 5s\n"
                + "    timeout server 5s\n"
                + "    timeout connect 5s\n"
                + "frontend fe\n"
                + "    bind 127.0.0.1:8443 " + bindOptions + "\n"
                + "    default_backend be\n"
                + "backend be\n"
                + "    server s1 127.0.0.1:8080\n";
    }

    private static TlsSettings tlsOf(LoadResult result) {
        LbConfig config = result.config().orElseThrow(() -> new AssertionError(render(result)));
        return config.frontends().get(0).binds().get(0).tls().orElseThrow();
    }

    @Test
    void debiansDefaultsApplyToEverySslBind(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        String global = "    ca-base /etc/ssl/certs\n"
                + "    crt-base " + directory + "\n"
                + "    ssl-default-bind-ciphers " + DEBIAN_CIPHERS + "\n"
                + "    ssl-default-bind-ciphersuites TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:"
                + "TLS_CHACHA20_POLY1305_SHA256\n"
                + "    ssl-default-bind-options ssl-min-ver TLSv1.2 no-tls-tickets\n";
        LoadResult result = load(config(global, "ssl crt " + pem.getFileName()));
        assertThat(render(result)).isEmpty();
        TlsSettings tls = tlsOf(result);
        assertThat(tls.defaultCertificate().file()).isEqualTo(pem.toString());
        assertThat(tls.protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tls.ciphers()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
                "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384");
        assertThat(tls.tls13Ciphers()).containsExactly("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384",
                "TLS_CHACHA20_POLY1305_SHA256");
        assertThat(tls.options()).isEqualTo(new TlsSettings.Options(false, false, false));
    }

    @Test
    void theBindsOwnOptionsWinOverTheDefaults(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        String global = "    ssl-default-bind-ciphers ECDHE-RSA-AES128-GCM-SHA256\n"
                + "    ssl-default-bind-options ssl-min-ver TLSv1.2 prefer-client-ciphers\n";
        TlsSettings tls = tlsOf(load(config(global, "ciphers HIGH:!aNULL:!DSS:!DHE:!CAMELLIA:!ARIA:!AESCCM:!SHA1"
                + ":!SHA256:!SHA384:!PSK ssl crt " + pem + " ssl-max-ver TLSv1.2 curves X25519:secp384r1 strict-sni")));
        assertThat(tls.protocols()).containsExactly("TLSv1.2");
        assertThat(tls.ciphers()).containsExactly("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
                "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
                "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384",
                "TLS_RSA_WITH_AES_128_GCM_SHA256"); // as 'openssl ciphers' 3.0 lists them
        assertThat(tls.curves()).containsExactly("X25519", "P-384");
        assertThat(tls.options()).isEqualTo(new TlsSettings.Options(true, true, true));
    }

    @Test
    void versionOptionsResolveAsHaproxy(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        assertThat(tlsOf(load(config("", "ssl crt " + pem))).protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(tlsOf(load(config("", "ssl crt " + pem + " no-tlsv12"))).protocols()).containsExactly("TLSv1.3");
        assertThat(tlsOf(load(config("", "ssl crt " + pem + " force-tlsv12"))).protocols()).containsExactly("TLSv1.2");
        assertThat(tlsOf(load(config("", "ssl crt " + pem + " ssl-min-ver TLSv1.0"))).protocols())
                .containsExactly("TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3");
        LoadResult ambiguous = load(config("", "ssl crt " + pem + " ssl-max-ver TLSv1.1"));
        assertThat(tlsOf(ambiguous).protocols()).containsExactly("TLSv1.1");
        assertThat(render(ambiguous)).isEqualTo("WARNING: Proxy 'fe': Ambiguous configuration for bind"
                + " '127.0.0.1:8443' at [test.cfg:7]: the ssl-min-ver value is not configured and the ssl-max-ver"
                + " value is lower than the default ssl-min-ver value (TLSv1.2). Setting the ssl-min-ver to"
                + " TLSv1.1. Use 'ssl-min-ver' to fix this.");
        LoadResult ignored = load(config("", "ssl crt " + pem + " no-tlsv12 ssl-min-ver TLSv1.2"));
        assertThat(tlsOf(ignored).protocols()).containsExactly("TLSv1.2", "TLSv1.3");
        assertThat(render(ignored)).isEqualTo("WARNING: Proxy 'fe': no-sslv3/no-tlsv1x are ignored for bind"
                + " '127.0.0.1:8443' at [test.cfg:7]. Use only 'ssl-min-ver' and 'ssl-max-ver' to fix.");
    }

    @Test
    void badValuesGiveHaproxysAlerts(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        String bind = "ssl crt " + pem;
        assertThat(render(load(config("", bind + " ssl-min-ver TLSv1.4")))).contains("test.cfg:7")
                .contains("ALERT: 'bind 127.0.0.1:8443' in section 'frontend' : 'TLSv1.4' : unknown ssl/tls version");
        assertThat(render(load(config("", bind + " ssl-max-ver"))))
                .contains("ALERT: 'bind 127.0.0.1:8443' in section 'frontend' : 'ssl-max-ver' : missing the ssl/tls"
                        + " version");
        assertThat(render(load(config("", bind + " no-tlsv12 no-tlsv13")))).isEqualTo(
                "ALERT: Proxy 'fe': all SSL/TLS versions are disabled for bind '127.0.0.1:8443' at [test.cfg:7].");
        assertThat(render(load(config("", bind + " ciphers FOO")))).isEqualTo(
                "ALERT: Proxy 'fe': unable to set SSL cipher list to 'FOO' for bind '127.0.0.1:8443' at [test.cfg:7].");
        assertThat(render(load(config("", bind + " ciphersuites FOO")))).isEqualTo(
                "ALERT: Proxy 'fe': unable to set TLS 1.3 cipher suites to 'FOO' for bind '127.0.0.1:8443' at"
                        + " [test.cfg:7].");
        assertThat(render(load(config("", bind + " curves FOO")))).isEqualTo(
                "ALERT: Proxy 'fe': unable to set SSL curves list to 'FOO' for bind '127.0.0.1:8443' at [test.cfg:7].");
        assertThat(render(load(config("", bind + " verify required")))).isEqualTo(
                "ALERT: Proxy 'fe': verify is enabled but no CA file specified for bind '127.0.0.1:8443' at"
                        + " [test.cfg:7].");
        assertThat(render(load(config("", bind + " verify foo")))).contains("'verify' : unknown verify method 'foo',"
                + " only 'none', 'optional', and 'required' are supported");
        assertThat(render(load(config("", bind + " ca-file " + directory + "/nope.pem"))))
                .startsWith("ALERT: Couldn't open the ca-file '" + directory + "/nope.pem' (No such file or directory).")
                .contains("'ca-file' : unable to load " + directory + "/nope.pem");
        // a restricted TLS 1.3 list is served by the JDK's TLS, which cannot take these two per listener
        assertThat(render(load(config("", bind + " ciphersuites TLS_AES_128_GCM_SHA256 curves X25519")))).isEqualTo(
                "ALERT: Proxy 'fe': 'curves' with a 'ciphersuites' that leaves out a TLS 1.3 suite is not implemented"
                        + " yet by Bascule for bind '127.0.0.1:8443' at [test.cfg:7].");
        assertThat(render(load(config("", bind + " ciphersuites TLS_AES_128_GCM_SHA256 no-tls-tickets"))))
                .contains("'no-tls-tickets' with a 'ciphersuites' that leaves out a TLS 1.3 suite");
        // unknown names in a list are skipped, as OpenSSL does
        assertThat(tlsOf(load(config("", bind + " ciphers FOO:ECDHE-RSA-AES128-GCM-SHA256 ciphersuites"
                + " FOO:TLS_AES_128_GCM_SHA256"))).ciphers()).containsExactly("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void globalKeywordsCheckTheirArguments() {
        assertThat(render(load(config("    ssl-default-bind-options ssl-min-ver TLSv1.4\n", ""))))
                .contains("ALERT: 'TLSv1.4' : unknown ssl/tls version on global statement 'ssl-default-bind-options'.");
        assertThat(render(load(config("    ssl-default-bind-options foo\n", ""))))
                .contains("ALERT: unknown option 'foo' on global statement 'ssl-default-bind-options'.");
        assertThat(render(load(config("    ssl-default-bind-options\n", ""))))
                .contains("ALERT: global statement 'ssl-default-bind-options' expects an option as an argument.");
        assertThat(render(load(config("    ssl-default-bind-options ssl-min-ver\n", "")))).contains("ALERT:"
                + " 'ssl-min-ver' : missing the ssl/tls version on global statement 'ssl-default-bind-options'.");
        assertThat(render(load(config("    ssl-default-bind-ciphers a b\n", ""))))
                .contains("ALERT: 'ssl-default-bind-ciphers' cannot handle unexpected argument 'b'.");
        assertThat(render(load(config("    ca-base /etc/ssl/certs\n    ca-base /x\n", ""))))
                .contains("ALERT: 'ca-base' already specified.");
        assertThat(render(load(config("    ssl-server-verify maybe\n", ""))))
                .contains("ALERT: 'ssl-server-verify' expects 'none' or 'required' as argument.");
        assertThat(render(load(config("    tune.ssl.default-dh-param 2048\n", ""))))
                .contains("WARNING: 'tune.ssl.default-dh-param' : Bascule's TLS library (BoringSSL) has no DHE");
        // as HAProxy, cipher strings are checked by the binds and servers that use them
        assertThat(render(load(config("    ssl-default-bind-ciphers FOO\n    ssl-default-server-ciphers FOO\n", ""))))
                .isEmpty();
    }

    @Test
    void serverDefaultsAreKept() {
        LoadResult result = load(config("    ssl-default-server-ciphers ECDHE-RSA-AES128-GCM-SHA256\n"
                + "    ssl-default-server-ciphersuites TLS_AES_128_GCM_SHA256\n"
                + "    ssl-default-server-options ssl-min-ver TLSv1.2 no-tlsv13 no-tls-tickets\n"
                + "    ssl-server-verify none\n", ""));
        assertThat(render(result)).isEmpty();
        GlobalConfig global = result.config().orElseThrow().global();
        assertThat(global.serverTls().ciphers()).isEqualTo("ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(global.serverTls().tls13Ciphers()).isEqualTo("TLS_AES_128_GCM_SHA256");
        assertThat(global.serverTls().minVersion()).isEqualTo("TLSv1.2");
        assertThat(global.serverTls().disabled()).containsExactly("TLSv1.3");
        assertThat(global.serverTls().tickets()).isFalse();
        assertThat(global.serverTls().verifyRequired()).isFalse();
        assertThat(render(load(config("    ssl-default-server-options prefer-client-ciphers\n", ""))))
                .contains("ALERT: unknown option 'prefer-client-ciphers' on global statement"
                        + " 'ssl-default-server-options'.");
    }

    @Test
    void verifyLoadsTheAuthoritiesUnderCaBase(@TempDir Path directory) throws Exception {
        Path pem = TestCertificates.pem(directory, "site", "ec", "www.example.com");
        Files.copy(directory.resolve("site.crt"), directory.resolve("ca.crt"));
        TlsSettings tls = tlsOf(load(config("    ca-base " + directory + "\n",
                "ssl crt " + pem + " verify optional ca-file ca.crt")));
        assertThat(tls.clientVerification().verify()).isEqualTo(TlsSettings.Verify.OPTIONAL);
        assertThat(tls.clientVerification().authorities()).hasSize(1);
        assertThat(tls.clientVerification().revocations()).isEmpty();
        assertThat(tlsOf(load(config("", "ssl crt " + pem))).clientVerification())
                .isEqualTo(TlsSettings.ClientVerification.NONE);
        assertThat(List.of(tls.clientVerification().authorities().get(0).getSubjectX500Principal().getName()))
                .containsExactly("CN=www.example.com");
    }

    @Test
    void aCrtListGivesEachCertificateItsFilters(@TempDir Path directory) throws Exception {
        TestCertificates.pem(directory, "default", "ec", "default.example");
        TestCertificates.pem(directory, "wild", "ec", "wild.example");
        Path list = directory.resolve("list.txt");
        Files.writeString(list, "default.pem !*\n# comment\n\n" + directory + "/wild.pem *.Domain.tld !secure.domain.tld\n");
        TlsSettings tls = tlsOf(load(config("    crt-base " + directory + "\n", "ssl crt-list " + list)));
        assertThat(tls.certificates()).extracting(certificate -> certificate.file() + " " + certificate.names() + " "
                + certificate.excluded()).containsExactly(directory + "/default.pem [] []",
                directory + "/wild.pem [*.domain.tld] [secure.domain.tld]");
        assertThat(render(load(config("", "ssl crt-list " + directory + "/nope.txt")))).contains("'bind 127.0.0.1:8443'"
                + " in section 'frontend' : 'crt-list' : cannot open file '" + directory + "/nope.txt' : No such file"
                + " or directory");
        Files.writeString(list, "wild.pem [alpn http/1.1] *.domain.tld\n");
        assertThat(render(load(config("    crt-base " + directory + "\n", "ssl crt-list " + list))))
                .contains("'crt-list' : parsing [" + list + ":1]: per-certificate options ('[...]') are not"
                        + " implemented yet by Bascule");
    }
}
