package dev.bascule.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bascule.config.haproxy.testing.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * ACLs, routing and HTTP rules run by the real HAProxy (Debian's package) and by Bascule on the
 * same configuration: for every request, the same status line, the same response headers
 * (Location, Set-Cookie, rewritten ones), the same server, and the same header lines received by
 * that server.
 */
@Timeout(120)
final class RulesDifferentialIT {
    private static final Path HAPROXY = Path.of("/usr/sbin/haproxy");

    private static final String DEFAULTS = String.join("\n",
            "defaults",
            "    mode http",
            "    timeout connect 5s",
            "    timeout client 10s",
            "    timeout server 10s",
            "");

    /**
     * One request: from which client address, and its head (without the final blank line); over
     * TLS with that SNI name to {@code ${TLS_PORT}} when {@code sni} is not null, else in clear to
     * {@code ${PORT}}.
     */
    record Request(String client, String head, String sni, String body, String tlsCipher) {
        Request(String client, String head, String sni, String body) {
            this(client, head, sni, body, null);
        }

        /** The same request over TLS, offering only {@code cipher} (a JDK name) with its protocol. */
        Request overTls(String sni, String cipher) {
            return new Request(client, head, sni, body, cipher);
        }

        static Request get(String target, String... headers) {
            return of("127.0.0.1", "GET", target, headers);
        }

        static Request of(String client, String method, String target, String... headers) {
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
            for (String header : headers) {
                head.append(header).append("\r\n");
            }
            head.append("Connection: close\r\n");
            return new Request(client, head.toString(), null, "");
        }

        /** The same request over TLS, sending {@code sni}. */
        Request overTls(String sni) {
            return new Request(client, head, sni, body);
        }

        /** A POST with {@code body}, sent with its Content-Length. */
        static Request post(String target, String body, String... headers) {
            String[] all = java.util.Arrays.copyOf(headers, headers.length + 1);
            all[headers.length] = "Content-Length: " + body.length();
            Request request = of("127.0.0.1", "POST", target, all);
            return new Request(request.client(), request.head(), null, body);
        }
    }

    @Test
    void aclRouting(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    acl host_a hdr(host) -i a.example",
                "    acl host_a hdr(host) -i alias.example",
                "    acl api path_beg /api/ /v2/",
                "    acl img path_end .png .jpg",
                "    acl post method POST",
                "    acl sub_b hdr_end(host) -i .b.example",
                "    acl two_tokens hdr(x-list) -m str beta",
                "    use_backend be_api if api !post",
                "    use_backend be_api if post api || { hdr(x-force) api }",
                "    use_backend be_a if host_a",
                "    use_backend be_b if sub_b or img",
                "    use_backend be_api if two_tokens",
                "    use_backend be_a unless { hdr_beg(host) www }",
                "    default_backend be_b",
                "backend be_a",
                "    server a ${S1}",
                "backend be_b",
                "    server b ${S2}",
                "backend be_api",
                "    server api ${S3}",
                "");
        compare(temp, config, 3, List.of(
                Request.get("/", "Host: a.example"),
                Request.get("/", "Host: ALIAS.example"),
                Request.get("/api/users", "Host: www.example"),
                Request.of("127.0.0.1", "POST", "/api/users", "Host: www.example", "Content-Length: 0"),
                Request.of("127.0.0.1", "POST", "/other", "Host: www.example", "Content-Length: 0"),
                Request.get("/v2/", "Host: www.example"),
                Request.get("/pic.png", "Host: www.example"),
                Request.get("/", "Host: x.b.example"),
                Request.get("/", "Host: www.example", "X-Force: api"),
                Request.get("/", "Host: www.example", "X-List: alpha, beta"),
                Request.get("/", "Host: www.example", "X-List: alpha", "X-List: beta"),
                Request.get("/", "Host: www.example"),
                Request.get("/", "Host: example.org"),
                Request.get("http://a.example/absolute", "Host: a.example")));
    }

    @Test
    void denyAllowAndReturn(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    acl admin path_beg /admin",
                "    acl trusted hdr(x-token) secret",
                "    http-request allow if trusted",
                "    http-request deny if admin",
                "    http-request deny deny_status 429 if { path_beg /slow }",
                "    http-request deny deny_status 400 if { path /bad }",
                "    http-request return status 200 content-type text/plain string pong if { path /ping }",
                "    http-request deny if { method TRACE }",
                "    http-request deny if { src 127.0.0.3 }",
                "    http-request deny deny_status 405 if { path /405 }",
                "    http-request deny deny_status 500 if { path /500 }",
                "    http-request deny deny_status 502 if { path /502 }",
                "    http-request deny deny_status 504 if { path /504 }",
                "    http-request deny deny_status 408 if { path /408 }",
                "    default_backend be",
                "backend be",
                "    http-request deny deny_status 503 if { path_beg /closed }",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/admin/panel", "Host: h"),
                Request.get("/admin/panel", "Host: h", "X-Token: secret"),
                Request.get("/slow/down", "Host: h"),
                Request.get("/bad", "Host: h"),
                Request.get("/badge", "Host: h"),
                Request.get("/ping", "Host: h"),
                Request.of("127.0.0.1", "TRACE", "/", "Host: h"),
                Request.of("127.0.0.3", "GET", "/", "Host: h"),
                Request.get("/closed/now", "Host: h"),
                Request.get("/405", "Host: h"),
                Request.get("/500", "Host: h"),
                Request.get("/502", "Host: h"),
                Request.get("/504", "Host: h"),
                Request.get("/408", "Host: h")));
    }

    @Test
    void basicAuthenticationAgainstUserlists(@TempDir Path temp) throws Exception {
        // hashes from `openssl passwd -6 -salt saltsalt secret` and `openssl passwd -1 -salt abc secret`
        String config = DEFAULTS + String.join("\n",
                "userlist L1",
                "    group G1 users tiger,scott",
                "    group G2",
                "    user tiger password $6$saltsalt$TVLlQcbpFVof5W3Yz4DTP6gRstiNuHwwTt6GLc1E5n0U0aDehy0S5knV8wiOQSpT0Y77vw"
                        + "PZN.Pq.H91p5hVO1 groups G2",
                "    user scott insecure-password elgato",
                "    user md5 password $1$abc$iCQ2D3nhptRYi27fDYv2s1",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    acl good http_auth(L1)",
                "    acl g2 http_auth_group(L1) G2",
                "    http-request auth realm \"my realm\" if !good { path_beg /a }",
                "    http-request auth if { path_beg /g } !g2",
                "    http-request set-header x-user %[http_auth_user]",
                "    http-request set-header x-pass %[http_auth_pass]",
                "    http-request set-header x-type %[http_auth_type]",
                "    http-request set-header x-group %[http_auth_group(L1)]",
                "    http-request set-header x-bearer %[http_auth_bearer]",
                "    default_backend be",
                "backend be",
                "    http-request auth if { path_beg /b }",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/a", "Host: h"),
                Request.get("/a", "Host: h", "Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("/a", "Host: h", "Authorization: Basic dGlnZXI6c2VjcmV0"),
                Request.get("/a", "Host: h", "Authorization: Basic dGlnZXI6YmFk"),
                Request.get("/a", "Host: h", "Authorization: Basic bWQ1OnNlY3JldA=="),
                Request.get("/g", "Host: h", "Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("/g", "Host: h", "Authorization: Basic dGlnZXI6c2VjcmV0"),
                Request.get("/b", "Host: h", "Authorization: Basic dGlnZXI6c2VjcmV0"),
                Request.get("/x", "Host: h", "Authorization: bas  c2NvdHQ6ZWxnYXRv, x"),
                Request.get("/x", "Host: h", "Authorization: Basic c2NvdHQ="),
                Request.get("/x", "Host: h", "Authorization: Bearer tok123")));
    }

    /**
     * {@code option http-use-proxy-header}: a request to a proxy (absolute URI) has its credentials
     * read from Proxy-Authorization and is challenged with a 407 and Proxy-Authenticate; an origin
     * request (path URI) is still a 401 and Authorization. The stats page's own auth does the same.
     */
    @Test
    void proxyAuthenticationWithHttpUseProxyHeader(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "userlist L1",
                "    user scott insecure-password elgato",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    option http-use-proxy-header",
                "    acl good http_auth(L1)",
                "    http-request auth realm px if !good !{ path_beg /stats }",
                "    http-request set-header x-user %[http_auth_user]",
                "    http-request set-header x-bearer %[http_auth_bearer]",
                "    stats enable",
                "    stats uri /stats",
                "    stats auth admin:pw",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("http://h/a", "Host: h"),
                Request.get("http://h/a", "Host: h", "Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("http://h/a", "Host: h", "Proxy-Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("/a", "Host: h", "Proxy-Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("/a", "Host: h", "Authorization: Basic c2NvdHQ6ZWxnYXRv"),
                Request.get("http://h/stats", "Host: h"),
                Request.get("/stats", "Host: h")));
    }

    @Test
    void ownRepliesCarryHaproxysReasonsAndRenderedValues(@TempDir Path temp) throws Exception {
        // a value rendered with a leading blank once closed the connection without an answer
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request return status 234 content-type text/plain string body if { path /234 }",
                "    http-request return status 408 if { path /408 }",
                "    http-request return status 422 if { path /422 }",
                "    http-request return status 302 hdr location /x if { path /302 }",
                "    http-after-response set-header x-v \"%[res.fhdr(x-none)] tail\"",
                "    http-after-response set-status 299 if { path /set }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/234", "Host: h"),
                Request.get("/408", "Host: h"),
                Request.get("/422", "Host: h"),
                Request.get("/302", "Host: h"),
                Request.get("/set", "Host: h")));
    }

    @Test
    void requestLengthAsHaproxysHtxCountsIt(@TempDir Path temp) throws Exception {
        // req.len sums HAProxy's HTX blocks: it is computed, not the bytes on the wire
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header x-len %[req.len]",
                "    http-request set-header x-len2 %[req_len]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/a/b?c=d", "Host: h", "X-Long-Name: yyyyyyyyyyyy", "Connection: keep-alive"),
                Request.get("http://a.example/x", "Host: a.example"),
                Request.post("/form", "a=1&b=2", "Host: h")));
    }

    @Test
    void redirectTargetsAreLogFormatStrings(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request redirect prefix / if { path_beg /p1 }",
                "    http-request redirect prefix %[hdr(x-pre)] if { path_beg /p3 }",
                "    http-request redirect location %[hdr(x-loc)] ignore-empty if { path_beg /l1 }",
                "    http-request redirect location %[hdr(x-loc)] if { path_beg /l2 }",
                "    http-request redirect scheme %[hdr(x-sch)] if { path_beg /s1 }",
                "    http-request redirect location https://%[hdr(host)]%[capture.req.uri] code 308 if { path_beg /l3 }",
                "    http-request redirect prefix %[hdr(x-pre)] ignore-empty if { path_beg /p4 }",
                "    http-response redirect location /r/%[status] ignore-empty if { path_beg /r }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/p1/x", "Host: h"),
                Request.get("/p3/x", "Host: h", "X-Pre: /pp"),
                Request.get("/p3/x", "Host: h"),
                Request.get("/l1", "Host: h", "X-Loc: /there"),
                Request.get("/l1", "Host: h"),
                Request.get("/l2", "Host: h"),
                Request.get("/s1/y?q", "Host: h", "X-Sch: https"),
                Request.get("/s1/y", "Host: h"),
                Request.get("/l3?a=1", "Host: h"),
                Request.get("/p4/z", "Host: h"),
                Request.get("/p4/z", "Host: h", "X-Pre: http://e.x"),
                Request.get("/r", "Host: h")));
    }

    @Test
    void formatOptionsAndHttpEncoding(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    unique-id-format %{+X}o%ci_%rt_%{-X}o%rt_%f_%{+Q}f",
                "    http-request set-var-fmt(txn.q) \"%{+Q}[hdr(x-in)]|%{+Q}[hdr(x-none)]|%{+M}[hdr(x-none)]|%{+E}[hdr(x-in)]\"",
                "    http-request return status 200 hdr X-Id %[unique-id] hdr X-Hex \"%{+X}o%ci-%{-X}o%ci\""
                        + " hdr X-Dec %[path,url_dec] hdr X-E %{+E}[hdr(x-in)] hdr X-Qh %{+Q}[hdr(x-in)]"
                        + " hdr X-Q %[var(txn.q)] hdr X-Rt %{+X}o%rt",
                "");
        compare(temp, config, 0, List.of(
                Request.get("/a%01b%7Fc%0Ad%09e%25", "Host: h", "X-In: a\"b]c\\d"),
                Request.get("/plain", "Host: h")));
    }

    @Test
    void tlsSessionFetches(@TempDir Path temp) throws Exception {
        Path pem = TestCertificates.pem(temp, "tls", "rsa", "tls.example");
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    bind 127.0.0.1:${TLS_PORT} ssl crt " + pem,
                "    http-request return status 200 hdr X-C \"%[ssl_fc_cipher]\" hdr X-P \"%[ssl_fc_protocol]\""
                        + " hdr X-N \"%[ssl_fc_cipher,length]\"",
                "");
        compare(temp, config, 0, List.of(
                Request.get("/", "Host: h"),
                Request.get("/", "Host: h").overTls("tls.example", "TLS_AES_128_GCM_SHA256"),
                Request.get("/", "Host: h").overTls("tls.example", "TLS_AES_256_GCM_SHA384"),
                Request.get("/", "Host: h").overTls("tls.example", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                Request.get("/", "Host: h").overTls("tls.example", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
                Request.get("/", "Host: h").overTls("tls.example", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")));
    }

    /**
     * {@code pool-max-conn 0}: no idle server connection is kept, so even {@code http-reuse always}
     * opens one per request (the receiving proxy tells with {@code http_first_req}). The receiver
     * listens on the port the harness keeps for TLS, in clear.
     */
    @Test
    void poolMaxConnZeroKeepsNoIdleConnection(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "listen sender",
                "    bind 127.0.0.1:${PORT}",
                "    http-reuse always",
                "    server receiver 127.0.0.1:${TLS_PORT} pool-max-conn 0",
                "listen receiver",
                "    bind 127.0.0.1:${TLS_PORT}",
                "    http-request return status 200 hdr first %[http_first_req]",
                "");
        List<Request> requests = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            requests.add(Request.get("/" + i, "Host: h"));
        }
        List<String> outcomes = compare(temp, config, 0, requests);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome).contains("< first: 1"));
    }

    /** Names in traffic formats: %b is the frontend until a backend is chosen, %s {@code <NOSRV>} before a server. */
    @Test
    void proxyNamesInHeaderFormats(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Front \"%b|%s|%ft|%{+Q}f\"",
                "    http-request return status 200 hdr X-Ret \"%b|%s|%{+Q}ft\" if { path /ret }",
                "    default_backend be",
                "backend be",
                "    http-request set-header X-Back \"%b|%s|%{+Q}b\"",
                "    http-response set-header X-Res \"%b|%s|%{+Q}s|%{+X}o%{-Q}s\"",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(Request.get("/", "Host: h"), Request.get("/ret", "Host: h")));
    }

    @Test
    void redirects(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request redirect location /moved code 301 if { path /old }",
                "    redirect scheme https if { hdr(host) -i secure.example }",
                "    redirect prefix /new drop-query if { path_beg /legacy }",
                "    redirect prefix https://other.example code 308 if { path_beg /perm }",
                "    redirect location /login set-cookie SEEN=1 if { path /cookie }",
                "    redirect location /bye clear-cookie SEEN= code 303 if { path /logout }",
                "    redirect prefix / append-slash if { path_beg /dir }",
                "    redirect scheme https code 307 if { path_beg /keep }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/old", "Host: h"),
                Request.get("/old?x=1", "Host: h"),
                Request.get("/page?a=b", "Host: secure.example"),
                Request.get("/legacy/a?q=1", "Host: h"),
                Request.get("/perm/x?y=2", "Host: h"),
                Request.get("/cookie", "Host: h"),
                Request.get("/logout", "Host: h"),
                Request.get("/dir", "Host: h"),
                Request.get("/keep/it", "Host: h"),
                Request.get("/keep/it"),
                Request.get("/elsewhere", "Host: h")));
    }

    @Test
    void headerRewritesAndForwardFor(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "    option forwardfor except 127.0.0.2",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request add-header X-Added one",
                "    http-request add-header X-Added two",
                "    http-request set-header X-Set replaced",
                "    http-request del-header X-Secret",
                "    http-request del-header x-drop- -m beg",
                "    http-request set-header X-Cond yes if { hdr(x-want) 1 }",
                "    http-response add-header X-Resp added",
                "    http-response del-header x-str1",
                "    http-response set-header X-Keep kept if { path_beg /keep }",
                "    use_backend be2 if { path_beg /two }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "backend be2",
                "    option forwardfor header X-Client if-none",
                "    http-request add-header X-Backend be2",
                "    http-response add-header X-Backend-Resp be2",
                "    http-response del-header x-beg -m beg",
                "    server s2 ${S2}",
                "");
        compare(temp, config, 2, List.of(
                Request.get("/", "Host: h", "X-Secret: s", "X-Drop-A: 1", "x-drop-b: 2", "X-Set: old", "X-Set: older"),
                Request.get("/", "Host: h", "X-Want: 1", "X-Forwarded-For: 10.0.0.1"),
                Request.of("127.0.0.2", "GET", "/", "Host: h"),
                Request.get("/keep", "Host: h", "X-Reply-X-Str1: gone", "X-Reply-X-Keep: original"),
                Request.get("/two", "Host: h", "X-Reply-X-Beg1: gone"),
                Request.get("/two", "Host: h", "X-Client: 1.2.3.4"),
                Request.of("127.0.0.2", "GET", "/two", "Host: h")));
    }

    @Test
    void headerValuesWithLogFormatExpressions(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Host %[req.hdr(host),lower]",
                "    http-request add-header X-Path \"path=%[path,upper] len=%[path,length] 100%%\"",
                "    http-request add-header X-From %ci",
                "    http-request set-header X-Missing [%[req.hdr(nope)]]",
                "    http-request set-header X-Each %[req.hdr(x-id)]",
                "    http-response set-header X-Resp-From %[src]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/Index.HTML", "Host: WWW.Example.COM", "X-Id: a", "X-Id: b"),
                Request.get("/", "Host: h")));
    }

    @Test
    void variables(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-var(txn.host) req.hdr(host),lower",
                "    http-request set-var-fmt(txn.both) \"%[path]-%[req.hdr(host)]\"",
                "    http-request set-var(sess.first) path if !{ var(sess.first) -m found }",
                "    http-request unset-var(txn.both) if { path_beg /unset }",
                "    http-request set-var(txn.port) src_port",
                "    http-request set-header X-Seen %[var(txn.host)] if { var(txn.host) -m str h }",
                "    http-request set-header X-Default %[var(txn.none,dflt)]",
                "    http-response set-header X-Host %[var(txn.host)]",
                "    http-response set-header X-Both [%[var(txn.both)]]",
                "    http-response set-header X-First %[var(sess.first)]",
                "    http-response set-header X-Port-Type %[var(txn.port),length]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/a", "Host: H"),
                Request.get("/unset", "Host: other"),
                Request.get("/", "Host: h")));
    }

    @Test
    void requestLineAndHeaderReplacements(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-path /new%[path] if { path_beg /p }",
                "    http-request set-query a=%[req.hdr(x-q)] if { path_beg /q }",
                "    http-request replace-uri ^/u/(.*) /replaced/\\1",
                "    http-request set-method PUT if { path_beg /m }",
                "    http-request replace-header X-Agent (.*)/(\\d+) \\2-\\1",
                "    http-request replace-value X-List ^b(.*) B\\1",
                "    http-response replace-header X-Reply-Echo ^(.*)$ <\\1>",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/p/x?k=v", "Host: h"),
                Request.get("/q?old=1", "Host: h", "X-Q: 42"),
                Request.get("/u/a/b?c", "Host: h"),
                Request.get("/m", "Host: h"),
                Request.get("/", "Host: h", "X-Agent: curl/8", "X-Agent: none"),
                Request.get("/", "Host: h", "X-List: a,b1 , bb,c"),
                Request.get("/", "Host: h", "X-Reply-X-Reply-Echo: hi")));
    }

    @Test
    void requestAndProxyFetches(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Base %[base]",
                "    http-request set-header X-Baseq %[baseq]",
                "    http-request set-header X-P %[url_param(p)]",
                "    http-request set-header X-First %[urlp]",
                "    http-request set-header X-Semi %[url_param(b,;)]",
                "    http-request set-header X-Names %[fe_name]",
                "    http-request set-header X-Crc %[path,crc32]",
                "    http-response set-header X-Resp-Names %[fe_name]/%[be_name]/%[srv_name]",
                "    default_backend be",
                "backend be",
                "    http-request set-header X-Be-Names %[fe_name]/%[be_name]",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/a/b?p=1&q=2&p=3", "Host: Example.com"),
                Request.get("/x?a=1;b=2", "Host: h"),
                Request.get("/nohost")));
    }

    @Test
    void convertersAndTheirArguments(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Regsub %[req.hdr(x-in),regsub(\\\"o(.)\\\",\\\"<\\\\1>\\\",g)]",
                "    http-request set-header X-Dot '%[req.hdr(x-in),regsub(\\.,_,g)]'",
                "    http-request set-header X-Quoted \"%[str('a,b')]|%[str(\\\"c d\\\")]\"",
                "    http-request set-header X-Json \"%[req.hdr(x-in),json(utf8s)]\"",
                "    http-request set-header X-Hashes %[req.hdr(x-in),xxh32]/%[req.hdr(x-in),xxh64]/%[req.hdr(x-in),sha1,hex]",
                "    http-request set-header X-Sha2 %[req.hdr(x-in),sha2(224),hex]/%[req.hdr(x-in),digest(md5),base64]",
                "    http-request set-header X-Host %[req.hdr(host),host_only]/%[req.hdr(host),port_only]",
                "    http-request set-header X-Date %[int(1700000000123),http_date(0,ms)]/%[int(-1),utime(%Y)]",
                "    http-request set-header X-Be %[req.hdr(x-in),be2dec(.,2)]/%[req.hdr(x-in),be2hex(:,3,1)]",
                "    http-request set-header X-Int %[int(1),hex]/%[src,hex]/%[int(1094795585),htonl,lower]",
                "    http-request set-header X-Arith %[int(-1),add(-1)]/%[int(-9223372036854775808),neg]",
                "    http-request set-header X-Word [%[req.hdr(x-in),word(9,/)]]/[%[req.hdr(x-in),bytes(99)]]",
                "    http-request set-header X-B64 [%[str(Y===),b64dec]]/%[str(YQ=),ub64dec,hex]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        List<String> outcomes = compare(temp, config, 1, List.of(
                Request.get("/", "Host: WWW.Example.COM:8080", "X-In: hello world/a.b"),
                Request.get("/", "Host: [::1]", "X-In: caf\u00c3\u00a9 \"x\" \u00ff"),
                Request.get("/")));
        // the same as haproxy's, and not trivially so
        assertThat(outcomes.get(0).toLowerCase(Locale.ROOT)).contains("x-regsub: hell< >w<r>ld/a.b",
                "x-dot: hello world/a_b", "x-quoted: a,b|c d", "x-arith: 9223372036854775807/9223372036854775807",
                "x-host: www.example.com/8080");
    }

    @Test
    void responseFetchesAndSetStatus(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-response set-header X-Status %[status]",
                "    http-response set-header X-Echo-Seen %[res.hdr(x-echo)]",
                "    http-response set-header X-Count %[res.hdr_cnt(x-echo)]",
                "    http-response set-status 299 reason Fine if { res.hdr(x-echo) -m str yes }",
                "    http-response set-status 298 if { status 200 } { path_beg /plain }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h", "X-Reply-X-Echo: yes"),
                Request.get("/plain", "Host: h"),
                Request.get("/other", "Host: h", "X-Reply-X-Echo: no")));
    }

    @Test
    void afterResponseRulesRunOnEveryReply(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request deny deny_status 429 if { path_beg /deny }",
                "    http-request return status 200 content-type text/plain string ok if { path_beg /return }",
                "    http-request redirect location /elsewhere if { path_beg /redir }",
                "    http-response set-header X-Resp %[status]",
                "    http-after-response set-header X-After %[status]/%[res.hdr(x-resp)]",
                "    http-after-response set-var(txn.seen) status",
                "    http-after-response allow if { status 302 }",
                "    http-after-response set-status 203 if { status 200 }",
                "    http-after-response add-header X-Var %[var(txn.seen)]",
                "    http-after-response del-header content-type if { path_beg /return }",
                "    default_backend be",
                "backend be",
                "    http-request deny if { path_beg /be-deny }",
                "    http-after-response set-header X-Be-After %[be_name]",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/deny", "Host: h"),
                Request.get("/return", "Host: h"),
                Request.get("/redir", "Host: h"),
                Request.get("/be-deny", "Host: h")));
    }

    @Test
    void globalSetVar(@TempDir Path temp) throws Exception {
        String config = String.join("\n",
                "global",
                "    set-var proc.a str(primary)",
                "    set-var proc.b int(100),add(5)",
                "    set-var proc.c var(proc.b),mul(2)",
                "    set-var-fmt proc.d \"x-%[var(proc.a)]-%[str(y),upper]\"",
                "") + DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-var(proc.b) int(7) if { path /seven }",
                "    http-request return status 200 content-type text/plain lf-string"
                        + " \"a=%[var(proc.a)] b=%[var(proc.b)] c=%[var(proc.c)] d=%[var(proc.d)]\"",
                "");
        compare(temp, config, 0, List.of(
                Request.get("/", "Host: h"),
                Request.get("/seven", "Host: h"),
                Request.get("/", "Host: h")));
    }

    @Test
    void capturesConnectionAndProxyFetches(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    capture request header Host len 5",
                "    capture request header X-A len 20",
                "    capture response header X-Echo len 3",
                "    http-request set-src ipv4(10.1.2.3)",
                "    http-request set-header X-Cap %[capture.req.hdr(0)]/%[capture.req.hdr(1)]/%[capture.req.method]/%[capture.req.uri]/%[capture.req.ver]",
                "    http-request set-header X-Fc %[fc_src]/%[fc_dst]/%[src]/%[http_first_req]/%[fe_id]",
                "    http-request set-header X-Names %[req.hdr_names(;)]",
                "    http-request set-header X-Misc %[bin(4142)]/%[meth(GET)]/%[int(+12)]/%[bool(TRUE)]/%[str()]/%[ipv4(1.2.3.4)]",
                "    http-response set-header X-Res %[capture.res.hdr(0)]/%[capture.res.ver]/%[res.ver]/%[resp_ver]",
                "    http-response set-header X-Res-Names %[res.hdr_names]/%[res.hdr_cnt(connection)]",
                "    default_backend be",
                "backend be",
                "    http-request set-header X-Be %[fe_id]/%[be_id]",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/a?b", "Host: example.com", "X-A: 1", "X-A: 2", "X-Reply-X-Echo: yes"),
                Request.get("http://ex.com/p?q", "Host: ex.com"),
                Request.get("/only"),
                Request.get("/close", "Host: h", "X-Reply-Connection: close"),
                Request.get("/upgrade", "Host: h", "X-Reply-Connection: keep-alive, Upgrade")));
    }

    @Test
    void usableServers(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Nb %[nbsrv(be)]/%[nbsrv(bk)]",
                "    default_backend be",
                "backend be",
                "    http-request set-header X-Nb-Be %[nbsrv]",
                "    server s1 ${S1}",
                "    server s2 ${S1}",
                "    server s3 ${S1} weight 0",
                "backend bk",
                "    server b1 ${S1} backup",
                "    server b2 ${S1} backup",
                "");
        compare(temp, config, 1, List.of(Request.get("/", "Host: h")));
    }

    @Test
    void cookiesAndUrlParameters(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    acl q9 cook(a) -m str 9",
                "    acl q1 cook_beg(a) q",
                "    acl xb urlp(x) -m str b",
                "    http-request set-header X-Cook %[cook(a)]|%[cook_cnt()]|%[cook_cnt(a)]|%[cook()]|%[cook_val(a)]",
                "    http-request set-header X-Urlp %[urlp(x)]|%[urlp(x,:)]|%[urlp()]|%[urlp_val(x)]",
                "    http-request set-header X-Acl q9 if q9",
                "    http-request add-header X-Acl q1 if q1",
                "    http-request add-header X-Acl xb if xb",
                "    http-response set-header X-Scook %[res.cook(a)]|%[res.cook_cnt]|%[scook_val(a)]|%[res.hdr_names]",
                "    http-response set-header X-Scook-Acl yes if { scook(c) -m found }",
                "    http-request add-header X-Kw base_beg if { base_beg h/p }",
                "    http-request add-header X-Kw urlp_len if { urlp_len(x) 1 }",
                "    http-request add-header X-Kw cook_sub if { cook_sub(a) 1 }",
                "    http-response add-header X-Kw scook_sub if { scook_sub(c) 4 }",
                "    http-response add-header X-Kw shdr_beg if { shdr_beg(x-origin) s }",
                "    http-response add-header X-Kw resp_ver if { resp_ver 1.1 }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/p?x=a:x=b", "Host: h", "Cookie: a=q1, a=9"),
                Request.get("/p?y&x&z=3", "Host: h", "Cookie: x=1;a=", "Cookie: a=2"),
                Request.get("/p?x=a&x=b", "Host: h", "Cookie: a=+12; b=\"x,y\"",
                        "X-Reply-Set-Cookie: a=3, c=4; x=5")));
    }

    @Test
    void bufferedBody(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    option http-buffer-request",
                "    http-request set-header X-Body %[req.body]|%[req.body_len]|%[req.body_size]|%[req.body_param(x)]|%[req.body_param]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.post("/form", "y&x=1&x=2", "Host: h"),
                Request.get("/none", "Host: h")));
    }

    @Test
    void monitorFail(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    acl failing req.hdr(x-fail) -m found",
                "    monitor-uri /alive",
                "    monitor fail if failing",
                "    monitor fail unless { nbsrv(be) ge 1 }",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/alive", "Host: h"),
                Request.get("/alive", "Host: h", "X-Fail: 1"),
                Request.get("/other", "Host: h", "X-Fail: 1")));
    }

    @Test
    void responseRedirect(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-after-response set-header X-After %[status]",
                "    default_backend be",
                "backend be",
                "    http-response redirect location /moved code 301 if { res.hdr(x-keep) -m str move }",
                "    http-response redirect location /elsewhere set-cookie seen=1 if { res.hdr(x-keep) -m str go }",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/a", "Host: h", "X-Reply-X-Keep: move"),
                Request.get("/b", "Host: h", "X-Reply-X-Keep: go"),
                Request.get("/c", "Host: h")));
    }

    @Test
    void ignorePersist(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    default_backend be",
                "backend be",
                "    balance roundrobin",
                "    cookie SRV insert indirect nocache",
                "    ignore-persist if { path_beg /ign }",
                "    ignore-persist unless { req.hdr(x-keep) -m found } || { path_beg /ign }",
                "    server s1 ${S1} cookie s1",
                "    server s2 ${S2} cookie s2",
                "");
        compare(temp, config, 2, List.of(
                Request.get("/a", "Host: h", "Cookie: SRV=s2", "X-Keep: 1"),
                Request.get("/ign", "Host: h", "Cookie: SRV=s2", "X-Keep: 1"),
                Request.get("/ign", "Host: h", "Cookie: SRV=s2", "X-Keep: 1"),
                Request.get("/b", "Host: h", "Cookie: SRV=s2", "X-Keep: 1"),
                Request.get("/c", "Host: h", "Cookie: SRV=s2"),
                Request.get("/d", "Host: h", "Cookie: SRV=s2")));
    }

    @Test
    void tarpitAndResponseReturn(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    timeout tarpit 50ms",
                "    http-request tarpit if { path /t }",
                "    http-request tarpit deny_status 429 if { path /t429 }",
                "    http-request tarpit status 403 content-type text/plain lf-string \"no %[path]\" if { path /own }",
                "    http-request set-var(txn.p) path",
                "    http-after-response set-header X-After %[status]",
                "    default_backend be",
                "backend be",
                "    http-response return status 201 content-type text/plain string ok hdr X-A b"
                        + " if { var(txn.p) -m str /ret }",
                "    http-response return status 503 if { var(txn.p) -m str /page }",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/t", "Host: h"),
                Request.get("/t429", "Host: h"),
                Request.get("/own", "Host: h"),
                Request.get("/ret", "Host: h"),
                Request.get("/page", "Host: h"),
                Request.get("/other", "Host: h")));
    }

    @Test
    void waitForBody(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Before %[req.body_len]",
                "    http-request wait-for-body time 2s at-least 4 if { method POST }",
                "    http-request set-header X-After %[req.body]|%[req.body_len]",
                "    http-request deny deny_status 403 if { req.body_len gt 8 }",
                "    default_backend be",
                "backend be",
                "    http-request wait-for-body time 2s",
                "    http-request set-header X-Be %[req.body_size]",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.post("/form", "a=1&b=2", "Host: h"),
                Request.post("/form", "is forbidden", "Host: h"),
                Request.get("/none", "Host: h")));
    }

    @Test
    void variablesAsArithmeticOperands(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-var(txn.n) str(12)",
                "    http-request set-var(txn.s) str(abc)",
                "    http-request set-var(sess.k) req.hdr(x-k)",
                "    http-request return status 200 content-type text/plain lf-string"
                        + " \"%[int(5),add(txn.n)]|%[int(5),mul(txn.none)]|%[int(5),sub(txn.s)]|%[int(100),div(txn.n)]"
                        + "|[%[int(5),add(txn.none),add(1)]]|%[int(7),mod(sess.k)]|%[int(6),and(sess.k)]\"",
                "");
        compare(temp, config, 0, List.of(
                Request.get("/", "Host: h", "X-K: 4"),
                Request.get("/", "Host: h")));
    }

    @Test
    void conditionalSetVar(@TempDir Path temp) throws Exception {
        // reg-tests/sample_fetches/cond_set_var.vtc's cases, without its req.len and set-var converter
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "    http-response set-var(proc.cond_exists,ifexists) int(12)",
                "    http-response set-var(sess.cond_exists,ifexists) int(5)",
                "    http-response set-var(res.cond_notexists,ifnotexists) str(toto)",
                "    http-response set-var(res.cond_empty) str(was)",
                "    http-response set-var(res.cond_empty,ifempty) str(toto)",
                "    http-response set-var(res.cond_empty_int) int(5)",
                "    http-response set-var(res.cond_empty_int,ifempty) int(7)",
                "    http-response set-var(res.cond_notempty,ifnotempty) str()",
                "    http-response set-var(res.cond_set,ifset) str(first)",
                "    http-response set-var(res.cond_set2) int(5)",
                "    http-response unset-var(res.cond_set2)",
                "    http-response set-var(res.cond_set2,ifnotset) str(again)",
                "    http-response set-var(res.cond_gt) int(5)",
                "    http-response set-var(res.cond_gt,ifgt) int(55)",
                "    http-response set-var(res.cond_gt2) int(5)",
                "    http-response set-var(res.cond_gt2,ifgt) int(2)",
                "    http-response set-var(res.cond_lt) int(5)",
                "    http-response set-var(res.cond_lt,iflt) int(55)",
                "    http-response set-var(res.cond_mixed) str(text)",
                "    http-response set-var(res.cond_mixed,iflt) int(1)",
                "    http-response set-var(res.cond_combined,ifnotset,ifnotempty) str(yes)",
                "    http-response set-header x-var \"%[var(proc.cond_exists)]|%[var(sess.cond_exists)]|"
                        + "%[var(res.cond_notexists)]|%[var(res.cond_empty)]|%[var(res.cond_empty_int)]|"
                        + "%[var(res.cond_notempty)]|%[var(res.cond_set)]|%[var(res.cond_set2)]|%[var(res.cond_gt)]|"
                        + "%[var(res.cond_gt2)]|%[var(res.cond_lt)]|%[var(res.cond_mixed)]|%[var(res.cond_combined)]\"",
                "");
        compare(temp, config, 1, List.of(Request.get("/", "Host: h"), Request.get("/again", "Host: h")));
    }

    @Test
    void setVarAndUnsetVarConverters(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request deny if { req.hdr(x-cust),set-var(sess.x_cust,ifnotempty,ifnotset),length -m int 0 }",
                "    http-request set-header X-Len %[req.hdr(x-n),set-var(txn.n),add(1)]",
                "    http-request set-header X-Vars %[var(sess.x_cust)]/%[var(txn.n)]",
                "    http-request set-header X-Gone %[str(a),unset-var(txn.n)]/%[var(txn.n)]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h", "X-Cust: abc", "X-N: 41"),
                Request.get("/", "Host: h", "X-Cust:", "X-N: 1"),
                Request.get("/", "Host: h")));
    }

    @Test
    void connectionCounts(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Fe %[fe_conn]",
                // in a frontend, HAProxy wants the backend named
                "    http-response set-header X-Res %[fe_conn]/%[be_conn(be)]/%[srv_conn(be/s1)]",
                "    default_backend be",
                "backend be",
                "    http-request set-header X-Be %[be_conn]/%[srv_conn(be/s1)]/%[be_conn(other)]",
                "    server s1 ${S1}",
                "backend other",
                "    server s2 ${S2}",
                "");
        compare(temp, config, 2, List.of(Request.get("/", "Host: h"), Request.get("/b", "Host: h")), 300);
    }

    @Test
    void headerAddresses(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Last %[req.hdr_ip(x-ip)]",
                "    http-request set-header X-First %[req.hdr_ip(x-ip,1)]",
                "    http-request set-header X-Private yes if { req.hdr_ip(x-ip) 10.0.0.0/8 }",
                "    http-response set-header X-Res %[res.hdr_ip(x-origin)]",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h", "X-Ip: 192.0.2.1:8080, 10.1.2.3"),
                Request.get("/", "Host: h", "X-Ip: ::1", "X-Ip: 2001:db8::7"),
                Request.get("/", "Host: h", "X-Ip: garbage"),
                Request.get("/", "Host: h", "X-Ip: 10.0.0.1x"),
                Request.get("/", "Host: h", "X-Ip: [2001:db8::1], 10.0.0.9:70000")));
    }

    @Test
    void bufferSizesAndHeaderCount(@TempDir Path temp) throws Exception {
        String config = String.join("\n",
                "global",
                "    tune.bufsize 32768",
                "    tune.maxrewrite 2048",
                "    tune.http.maxhdr 12",
                "") + DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    default_backend be",
                "backend be",
                "    server s1 ${S1}",
                "");
        String[] eleven = new String[11];
        String[] twelve = new String[12];
        for (int i = 0; i < twelve.length; i++) {
            twelve[i] = "X-H" + i + ": " + i;
            if (i < eleven.length) {
                eleven[i] = i == 0 ? "Host: h" : "X-H" + i + ": " + i;
            }
        }
        twelve[0] = "Host: h";
        compare(temp, config, 1, List.of(
                // beyond the default 15 360 bytes, within 32768 - 2048
                Request.get("/big", "Host: h", "X-Big: " + "a".repeat(25_000)),
                Request.get("/too-big", "Host: h", "X-Big: " + "a".repeat(31_000)),
                Request.get("/eleven", eleven),
                Request.get("/twelve", twelve)));
    }

    @Test
    void maps(@TempDir Path temp) throws Exception {
        Files.writeString(temp.resolve("hosts.map"), "# hosts\nwww.example.com be_www\napi.example.com be_api\n");
        Files.writeString(temp.resolve("paths.map"), "/static/ 1\n/api/ 2\n");
        Files.writeString(temp.resolve("nets.map"), "10.0.0.0/8 private\n10.1.0.0/16 inner\n127.0.0.1 local\n");
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Host-Map %[req.hdr(host),lower,map(" + temp.resolve("hosts.map") + ",none)]",
                "    http-request set-header X-Path-Map %[path,map_beg_int(" + temp.resolve("paths.map") + ",0)]",
                "    http-request set-header X-Src-Map %[src,map_ip(" + temp.resolve("nets.map") + ")]",
                "    http-request set-header X-Hdr-Map %[req.hdr(x-ip),map_ip(" + temp.resolve("nets.map") + ",public)]",
                "    acl known_host req.hdr(host),lower -M -f " + temp.resolve("hosts.map"),
                "    http-request set-header X-Known-Host yes if known_host",
                "    use_backend %[req.hdr(host),lower,map(" + temp.resolve("hosts.map") + ")]",
                "    default_backend be_www",
                "backend be_www",
                "    server s1 ${S1}",
                "backend be_api",
                "    server s2 ${S2}",
                "");
        compare(temp, config, 2, List.of(
                Request.get("/static/a", "Host: WWW.example.com", "X-Ip: 10.1.2.3"),
                Request.get("/api/v1", "Host: api.example.com", "X-Ip: 10.2.0.1"),
                Request.get("/other", "Host: nope", "X-Ip: 192.0.2.1")));
    }

    @Test
    void rulesOfNamedDefaultsRunFirst(@TempDir Path temp) throws Exception {
        String config = String.join("\n",
                "defaults common",
                "    mode http",
                "    timeout connect 2s",
                "    timeout client 2s",
                "    timeout server 2s",
                "defaults def_front from common",
                "    http-request set-header X-Def front",
                "    http-request allow if { path_beg /allowed }",
                "    http-response set-header X-Def-Resp front",
                "defaults def_back from common",
                "    http-request set-header X-Def-Back back",
                "frontend fe from def_front",
                "    bind 127.0.0.1:${PORT}",
                "    http-request set-header X-Own fe",
                "    http-request deny if { path_beg /allowed }",
                "    default_backend be",
                "backend be from def_back",
                "    server s1 ${S1}",
                "");
        compare(temp, config, 1, List.of(
                Request.get("/", "Host: h"),
                Request.get("/allowed", "Host: h")));
    }

    @Test
    void dynamicBackendNames(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    use_backend be_%[req.hdr(x-be),lower] if { req.hdr(x-be) -m found }",
                "    use_backend be_b if { path_beg /b }",
                "    default_backend be_c",
                "backend be_a",
                "    server s1 ${S1}",
                "backend be_b",
                "    server s2 ${S2}",
                "backend be_c",
                "    server s3 ${S3}",
                "");
        compare(temp, config, 3, List.of(
                Request.get("/", "Host: h", "X-Be: A"),
                Request.get("/", "Host: h", "X-Be: b"),
                // an unknown name: no other rule, default_backend
                Request.get("/b", "Host: h", "X-Be: nosuch"),
                Request.get("/b", "Host: h"),
                Request.get("/", "Host: h")));
    }

    @Test
    void cookiePersistence(@TempDir Path temp) throws Exception {
        String config = DEFAULTS + String.join("\n",
                "frontend fe",
                "    bind 127.0.0.1:${PORT}",
                "    use_backend be_prefix if { path_beg /prefix }",
                "    use_backend be_rewrite if { path_beg /rewrite }",
                "    default_backend be_insert",
                "backend be_insert",
                "    cookie SRV insert indirect nocache httponly secure domain .example.com",
                "    server s1 ${S1} cookie one",
                "    server s2 ${S2} cookie two",
                "backend be_prefix",
                "    cookie JSESSIONID prefix",
                "    server s1 ${S1} cookie a",
                "    server s2 ${S2} cookie b",
                "backend be_rewrite",
                "    cookie SERVERID rewrite",
                "    server s1 ${S1} cookie one",
                "    server s2 ${S2} cookie two",
                "");
        compare(temp, config, 2, List.of(
                Request.get("/", "Host: h"),
                Request.get("/", "Host: h", "Cookie: SRV=two"),
                Request.get("/", "Host: h", "Cookie: a=1; SRV=two; b=2"),
                Request.get("/", "Host: h", "Cookie: SRV=one", "Cookie: other=x"),
                Request.get("/", "Host: h", "Cookie: SRV=bogus"),
                Request.of("127.0.0.1", "POST", "/", "Host: h", "Content-Length: 0"),
                Request.get("/prefix", "Host: h", "Cookie: JSESSIONID=b~xyz"),
                Request.get("/prefix", "Host: h", "X-Reply-Set-Cookie: JSESSIONID=abc; path=/"),
                Request.get("/rewrite", "Host: h", "X-Reply-Set-Cookie: SERVERID=anything; path=/"),
                Request.get("/rewrite", "Host: h", "Cookie: SERVERID=two")));
    }

    /**
     * The project's seed configuration, ../shared/configs/seed-example-local.cfg, as it is: TLS on
     * one port, clear HTTP redirected to https, Host-based routing, a deny, forwardfor and the
     * X-Forwarded-Proto header, health-checked servers.
     */
    @Test
    void seedExampleLocal(@TempDir Path temp) throws Exception {
        Path file = Path.of("..", "..", "shared", "configs", "seed-example-local.cfg");
        assumeTrue(Files.isRegularFile(file), file + " is not available");
        Path pem = TestCertificates.pem(temp, "seed", "ec", "www.backend2.co.kr", "www.backend1.co.kr", "localhost");
        String config = Files.readString(file)
                .replace("${SEED_HTTP_PORT}", "${PORT}")
                .replace("${SEED_HTTPS_PORT}", "${TLS_PORT}")
                .replace("${SEED_PEM}", pem.toString())
                .replace("${SEED_BACK1}", "${S1}")
                .replace("${SEED_BACK2}", "${S2}");
        Request toBackend2 = Request.get("/page?x=1", "Host: www.backend2.co.kr");
        Request toBackend1 = Request.get("/page", "Host: www.backend1.co.kr");
        Request elsewhere = Request.get("/", "Host: other.example");
        List<String> outcomes = compare(temp, config, 2, List.of(
                toBackend2, toBackend1, elsewhere, Request.get("/no-host"),
                toBackend2.overTls("www.backend2.co.kr"),
                Request.get("/page", "Host: shop.www.backend2.co.kr").overTls("www.backend2.co.kr"),
                toBackend1.overTls("www.backend1.co.kr"),
                Request.get("/page", "Host: WWW.BACKEND1.CO.KR").overTls("www.backend1.co.kr"),
                elsewhere.overTls("localhost"),
                Request.get("/", "Host: www.backend2.co.kr", "X-Forwarded-For: 10.1.1.1",
                        "X-Forwarded-Proto: http").overTls("www.backend2.co.kr")));
        // what both answered, in the seed's words
        assertThat(outcomes.get(0)).startsWith("HTTP/1.1 302 Found\n")
                .contains("< location: https://www.backend2.co.kr/page?x=1\n");
        assertThat(outcomes.get(4)).startsWith("HTTP/1.1 200 OK\n").contains("< x-origin: s2\n",
                "> x-forwarded-proto: https\n", "> x-forwarded-for: 127.0.0.1\n");
        assertThat(outcomes.get(6)).startsWith("HTTP/1.1 403 Forbidden\n");
        assertThat(outcomes.get(8)).contains("< x-origin: s2\n");
    }

    /** Runs the configuration on HAProxy, then on Bascule, and compares what each request got. */
    static List<String> compare(Path temp, String template, int servers, List<Request> requests) throws Exception {
        return compare(temp, template, servers, requests, 0);
    }

    /**
     * {@link #compare(Path, String, int, List)}, pausing {@code settleMillis} before each request:
     * for counts of open connections, which the previous request's connection (or the readiness
     * probe's) still holds until the proxy has seen it close, in either proxy.
     */
    static List<String> compare(Path temp, String template, int servers, List<Request> requests, long settleMillis)
            throws Exception {
        assumeTrue(Files.isExecutable(HAPROXY), "HAProxy is not installed (.ci/run installs it)");
        List<TestOrigin> origins = new ArrayList<>();
        try {
            for (int i = 0; i < servers; i++) {
                origins.add(new TestOrigin("s" + (i + 1)));
            }
            int haproxyPort = Embedded.freePort();
            int haproxyTlsPort = Embedded.freePort();
            Path config = temp.resolve("haproxy.cfg");
            Files.writeString(config, render(template, haproxyPort, origins).replace("${TLS_PORT}",
                    Integer.toString(haproxyTlsPort)));
            Process haproxy = new ProcessBuilder(HAPROXY.toString(), "-db", "-f", config.toString())
                    .redirectErrorStream(true).redirectOutput(temp.resolve("haproxy.log").toFile()).start();
            List<String> expected;
            try {
                CommandLineIT.awaitListening(haproxyPort);
                expected = outcomes(haproxyPort, haproxyTlsPort, requests, origins, settleMillis);
            } finally {
                haproxy.destroy();
                haproxy.waitFor(10, TimeUnit.SECONDS);
            }
            int basculePort = Embedded.freePort();
            int basculeTlsPort = Embedded.freePort();
            List<String> actual;
            try (Embedded bascule = Embedded.start(render(template, basculePort, origins).replace("${TLS_PORT}",
                    Integer.toString(basculeTlsPort)))) {
                actual = outcomes(basculePort, basculeTlsPort, requests, origins, settleMillis);
            }
            for (int i = 0; i < requests.size(); i++) {
                assertThat(actual.get(i)).as("request %d:%n%s", i, requests.get(i).head()).isEqualTo(expected.get(i));
            }
            return actual;
        } finally {
            origins.forEach(TestOrigin::close);
        }
    }

    /** TLS over {@code plain}, sending {@code sni}, trusting the test's self-signed certificate. */
    private static Socket tls(Socket plain, String sni, String cipher) throws Exception {
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String type) {
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(plain, sni, plain.getPort(), true);
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setServerNames(List.of(new javax.net.ssl.SNIHostName(sni)));
        if (cipher != null) {
            parameters.setCipherSuites(new String[] {cipher});
            parameters.setProtocols(new String[] {cipher.startsWith("TLS_AES_") || cipher.startsWith("TLS_CHACHA20_")
                    ? "TLSv1.3" : "TLSv1.2"});
        }
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        return socket;
    }

    private static String render(String template, int port, List<TestOrigin> origins) {
        String config = template.replace("${PORT}", Integer.toString(port));
        for (int i = 0; i < origins.size(); i++) {
            config = config.replace("${S" + (i + 1) + "}", "127.0.0.1:" + origins.get(i).port());
        }
        return config;
    }

    private static List<String> outcomes(int port, int tlsPort, List<Request> requests, List<TestOrigin> origins,
                                         long settleMillis) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (Request request : requests) {
            if (settleMillis > 0) {
                Thread.sleep(settleMillis);
            }
            Map<TestOrigin, Integer> before = new java.util.HashMap<>();
            origins.forEach(origin -> before.put(origin, origin.requestHeads().size()));
            String response;
            try (Socket plain = new Socket()) {
                plain.bind(new InetSocketAddress(InetAddress.getByName(request.client()), 0));
                plain.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                        request.sni() == null ? port : tlsPort), 5_000);
                plain.setSoTimeout(5_000);
                Socket socket = request.sni() == null ? plain : tls(plain, request.sni(), request.tlsCipher());
                HttpProxyIT.send(socket, request.head() + "\r\n" + request.body());
                response = HttpProxyIT.readResponse(socket.getInputStream());
            }
            StringBuilder outcome = new StringBuilder();
            String[] lines = response.split("\r\n", -1);
            outcome.append(lines[0]).append('\n');
            for (int i = 1; i < lines.length && !lines[i].isEmpty(); i++) {
                String line = lines[i];
                String name = line.substring(0, Math.max(0, line.indexOf(':'))).toLowerCase(Locale.ROOT);
                if (!name.equals("connection")) {
                    outcome.append("  < ").append(name).append(line.substring(name.length())).append('\n');
                }
            }
            for (TestOrigin origin : origins) {
                List<List<String>> heads = origin.requestHeads();
                for (int i = before.get(origin); i < heads.size(); i++) {
                    for (String header : heads.get(i)) {
                        if (!header.startsWith("connection:")) {
                            outcome.append("  > ").append(header).append('\n');
                        }
                    }
                }
            }
            outcomes.add(outcome.toString());
        }
        return outcomes;
    }
}
