package dev.bascule.builtin.sample;

import dev.bascule.api.InvalidArgumentException;
import dev.bascule.api.Plugin;
import dev.bascule.api.sample.AclKeyword;
import dev.bascule.api.sample.AclMatcherFactory;
import dev.bascule.api.sample.Phase;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleConverterFactory;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleFetchFactory;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static dev.bascule.builtin.sample.BuiltinFetchFactory.ANYWHERE;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.CONNECTION;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.REQUEST;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.REQUEST_HEADERS;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.SESSION;
import static dev.bascule.builtin.sample.BuiltinFetchFactory.noArgument;

/**
 * Serves HAProxy's built-in sample fetches, match methods and ACL keywords (the {@code samples}
 * plugin). The tables mirror HAProxy 2.6's {@code sample_fetch_keywords} ({@code http_fetch.c},
 * {@code tcp_sample.c}, {@code ssl_sample.c}, {@code sample.c}), {@code pat_match_names}
 * ({@code pattern.c}) and {@code acl_kws} ({@code http_acl.c}, {@code ssl_sample.c}), restricted
 * to what Bascule's traffic view can answer.
 */
public final class BuiltinSamplesPlugin implements Plugin {
    /** A count from the runtime, no sample when there is nothing to count (-1). */
    private static boolean count(int value, Sample out) {
        if (value < 0) {
            return false;
        }
        out.setInteger(value);
        return true;
    }

    /** What the string matches take: binary samples are cast to strings, as HAProxy's sample_casts allow. */
    private static final Set<SampleType> TEXT = EnumSet.of(SampleType.STRING, SampleType.METHOD, SampleType.BINARY);
    /** HAProxy's {@code SMP_USE_HRSHV}: the response's headers. */
    private static final Set<Phase> RESPONSE = EnumSet.of(Phase.HTTP_RESPONSE);
    /** The match method of the req.ssl_ver ACL keywords: -m int with major.minor patterns. */
    static final String DOTTED_VERSION = "dotted_ver";
    /** A buffer's content (HAProxy's SMP_USE_L6REQ|L6RES): tcp-request and tcp-response content, http rules. */
    private static final Set<Phase> CONTENT = EnumSet.of(Phase.TCP_CONTENT, Phase.HTTP_REQUEST, Phase.HTTP_RESPONSE);
    private static final Set<SampleType> NUMBER = EnumSet.of(SampleType.INTEGER, SampleType.BOOLEAN, SampleType.STRING);

    @Override
    public Collection<SampleFetchFactory> sampleFetches() {
        List<SampleFetchFactory> fetches = new ArrayList<>();
        for (String keyword : List.of("req.hdr", "hdr")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, REQUEST_HEADERS,
                    (name, arguments) -> HeaderFetch.create(name, arguments, HeaderFetch.Kind.VALUE)));
        }
        fetches.add(new BuiltinFetchFactory("req.fhdr", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> HeaderFetch.create(name, arguments, HeaderFetch.Kind.FULL_LINE)));
        for (String keyword : List.of("req.hdr_ip", "hdr_ip")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.ADDRESS, REQUEST_HEADERS,
                    (name, arguments) -> HeaderFetch.create(name, arguments, HeaderFetch.Kind.ADDRESS)));
        }
        for (String keyword : List.of("req.hdr_val", "hdr_val")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, REQUEST_HEADERS,
                    (name, arguments) -> HeaderFetch.create(name, arguments, HeaderFetch.Kind.INTEGER)));
        }
        for (String keyword : List.of("req.hdr_cnt", "hdr_cnt")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, REQUEST_HEADERS,
                    (name, arguments) -> HeaderCountFetch.create(name, arguments, false)));
        }
        fetches.add(new BuiltinFetchFactory("req.fhdr_cnt", SampleType.INTEGER, REQUEST_HEADERS,
                (name, arguments) -> HeaderCountFetch.create(name, arguments, true)));
        fetches.add(noArgument("path", SampleType.STRING, REQUEST_HEADERS, RequestFetch.PATH));
        fetches.add(noArgument("url", SampleType.STRING, REQUEST_HEADERS, RequestFetch.URL));
        fetches.add(noArgument("query", SampleType.STRING, REQUEST_HEADERS, RequestFetch.QUERY));
        fetches.add(noArgument("pathq", SampleType.STRING, REQUEST_HEADERS, RequestFetch.PATHQ));
        fetches.add(noArgument("base", SampleType.STRING, REQUEST_HEADERS, RequestFetch.BASE));
        fetches.add(noArgument("baseq", SampleType.STRING, REQUEST_HEADERS, RequestFetch.BASEQ));
        for (String keyword : List.of("url_param", "urlp")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, REQUEST_HEADERS, UrlParamFetch::create));
        }
        fetches.add(noArgument("fe_name", SampleType.STRING, ANYWHERE, (traffic, out) -> name(traffic.frontendName(), out)));
        fetches.add(noArgument("be_name", SampleType.STRING, ANYWHERE, (traffic, out) -> name(traffic.backendName(), out)));
        fetches.add(noArgument("srv_id", SampleType.INTEGER, ANYWHERE, (traffic, out) -> {
            int id = traffic.targetServerId();
            if (id == 0) {
                return false;
            }
            out.setInteger(id);
            return true;
        }));
        fetches.add(noArgument("srv_name", SampleType.STRING, ANYWHERE,
                (traffic, out) -> name(traffic.targetServerName(), out)));
        fetches.add(noArgument("method", SampleType.METHOD, REQUEST, RequestFetch.METHOD));
        fetches.add(noArgument("req.ver", SampleType.STRING, REQUEST_HEADERS, RequestFetch.VERSION));
        fetches.add(noArgument("req_ver", SampleType.STRING, REQUEST_HEADERS, RequestFetch.VERSION));
        fetches.add(noArgument("src", SampleType.ADDRESS, CONNECTION, ConnectionFetch.SOURCE));
        fetches.add(noArgument("src_port", SampleType.INTEGER, CONNECTION, ConnectionFetch.SOURCE_PORT));
        fetches.add(noArgument("dst", SampleType.ADDRESS, CONNECTION, ConnectionFetch.DESTINATION));
        fetches.add(noArgument("dst_port", SampleType.INTEGER, CONNECTION, ConnectionFetch.DESTINATION_PORT));
        fetches.add(noArgument("ssl_fc", SampleType.BOOLEAN, SESSION, ConnectionFetch.SECURE));
        fetches.add(noArgument("ssl_fc_sni", SampleType.STRING, SESSION, ConnectionFetch.SERVER_NAME));
        fetches.add(noArgument("ssl_fc_cipher", SampleType.STRING, SESSION, ConnectionFetch.TLS_CIPHER));
        fetches.add(noArgument("ssl_fc_protocol", SampleType.STRING, SESSION, ConnectionFetch.TLS_PROTOCOL));
        CertificateFetch.register(fetches);
        fetches.add(noArgument("always_true", SampleType.BOOLEAN, ANYWHERE, ConnectionFetch.ALWAYS_TRUE));
        fetches.add(noArgument("always_false", SampleType.BOOLEAN, ANYWHERE, ConnectionFetch.ALWAYS_FALSE));
        fetches.add(BuiltinFetchFactory.contextual("var", SampleType.ANY, ANYWHERE, VariableFetch::create));
        // the response's headers: the request header fetches run on the response's view
        Set<Phase> response = EnumSet.of(Phase.HTTP_RESPONSE);
        for (String keyword : List.of("res.hdr", "shdr")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, response, (name, arguments) ->
                    onResponse(HeaderFetch.create(name, arguments, HeaderFetch.Kind.VALUE))));
        }
        fetches.add(new BuiltinFetchFactory("res.fhdr", SampleType.STRING, response, (name, arguments) ->
                onResponse(HeaderFetch.create(name, arguments, HeaderFetch.Kind.FULL_LINE))));
        for (String keyword : List.of("res.hdr_cnt", "shdr_cnt")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, response, (name, arguments) ->
                    onResponse(HeaderCountFetch.create(name, arguments, false))));
        }
        fetches.add(new BuiltinFetchFactory("res.fhdr_cnt", SampleType.INTEGER, response, (name, arguments) ->
                onResponse(HeaderCountFetch.create(name, arguments, true))));
        for (String keyword : List.of("res.hdr_ip", "shdr_ip")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.ADDRESS, response, (name, arguments) ->
                    onResponse(HeaderFetch.create(name, arguments, HeaderFetch.Kind.ADDRESS))));
        }
        for (String keyword : List.of("res.hdr_val", "shdr_val")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, response, (name, arguments) ->
                    onResponse(HeaderFetch.create(name, arguments, HeaderFetch.Kind.INTEGER))));
        }
        fetches.add(noArgument("status", SampleType.INTEGER, BuiltinFetchFactory.RESPONSE_LINE, (traffic, out) -> {
            int status = traffic.status();
            if (status == 0) {
                return false;
            }
            out.setInteger(status);
            return true;
        }));
        fetches.add(new BuiltinFetchFactory("str", SampleType.STRING, ANYWHERE, ConstantFetch::string));
        fetches.add(new BuiltinFetchFactory("int", SampleType.INTEGER, ANYWHERE, ConstantFetch::integer));
        fetches.add(new BuiltinFetchFactory("bool", SampleType.BOOLEAN, ANYWHERE, ConstantFetch::bool));
        fetches.add(new BuiltinFetchFactory("uuid", SampleType.STRING, ANYWHERE, ConstantFetch::uuid));
        fetches.add(new BuiltinFetchFactory("env", SampleType.STRING, ANYWHERE, (name, arguments) -> {
            // an empty or missing name is accepted, as in HAProxy (no variable has it)
            FetchArguments.atMost(name, arguments, 1);
            String variable = arguments.isEmpty() ? "" : arguments.get(0);
            return (traffic, out) -> {
                // read each time, as HAProxy's getenv(): the process environment can change (setenv)
                String value = variable.isEmpty() ? null : System.getenv(variable);
                if (value == null) {
                    return false;
                }
                out.setString(value);
                return true;
            };
        }));
        for (String keyword : List.of("req.cook", "cook")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, REQUEST_HEADERS,
                    (name, arguments) -> CookieFetch.create(name, arguments, CookieFetch.Kind.VALUE)));
        }
        for (String keyword : List.of("req.cook_cnt", "cook_cnt")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, REQUEST_HEADERS,
                    (name, arguments) -> CookieFetch.create(name, arguments, CookieFetch.Kind.COUNT)));
        }
        for (String keyword : List.of("req.cook_val", "cook_val")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, REQUEST_HEADERS,
                    (name, arguments) -> CookieFetch.create(name, arguments, CookieFetch.Kind.INTEGER)));
        }
        for (String keyword : List.of("res.cook", "scook")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, RESPONSE, (name, arguments) ->
                    onResponse(CookieFetch.response(name, arguments, CookieFetch.Kind.VALUE))));
        }
        for (String keyword : List.of("res.cook_cnt", "scook_cnt")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, RESPONSE, (name, arguments) ->
                    onResponse(CookieFetch.response(name, arguments, CookieFetch.Kind.COUNT))));
        }
        for (String keyword : List.of("res.cook_val", "scook_val")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, RESPONSE, (name, arguments) ->
                    onResponse(CookieFetch.response(name, arguments, CookieFetch.Kind.INTEGER))));
        }
        fetches.add(new BuiltinFetchFactory("urlp_val", SampleType.INTEGER, REQUEST_HEADERS,
                (name, arguments) -> UrlParamFetch.create(name, arguments, UrlParamFetch.Kind.INTEGER)));
        fetches.add(new BuiltinFetchFactory("req.body_param", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> UrlParamFetch.create(name, arguments, UrlParamFetch.Kind.BODY)));
        fetches.add(noArgument("req.body", SampleType.BINARY, REQUEST_HEADERS, (traffic, out) -> {
            CharSequence body = traffic.requestBody();
            if (body == null) {
                return false;
            }
            out.setString(body);
            return out.castTo(SampleType.BINARY);
        }));
        fetches.add(noArgument("req.body_len", SampleType.INTEGER, REQUEST_HEADERS, (traffic, out) -> {
            CharSequence body = traffic.requestBody();
            if (body == null) {
                return false;
            }
            out.setInteger(body.length());
            return true;
        }));
        fetches.add(noArgument("req.body_size", SampleType.INTEGER, REQUEST_HEADERS, (traffic, out) -> {
            long size = traffic.requestBodySize();
            if (size < 0) {
                return false;
            }
            out.setInteger(size);
            return true;
        }));
        fetches.add(new BuiltinFetchFactory("req.hdrs", SampleType.STRING, REQUEST_HEADERS, HeaderListFetch::lines));
        fetches.add(new BuiltinFetchFactory("req.hdr_names", SampleType.STRING, REQUEST_HEADERS, HeaderListFetch::names));
        fetches.add(new BuiltinFetchFactory("res.hdr_names", SampleType.STRING, RESPONSE,
                (name, arguments) -> onResponse(HeaderListFetch.names(name, arguments))));
        for (String keyword : List.of("res.ver", "resp_ver")) {
            fetches.add(noArgument(keyword, SampleType.STRING, RESPONSE, onResponse(RequestFetch.VERSION)));
        }
        fetches.add(new BuiltinFetchFactory("capture.req.hdr", SampleType.STRING, BuiltinFetchFactory.TRANSACTION,
                (name, arguments) -> CaptureFetch.header(name, arguments, false)));
        fetches.add(new BuiltinFetchFactory("capture.res.hdr", SampleType.STRING, BuiltinFetchFactory.TRANSACTION,
                (name, arguments) -> CaptureFetch.header(name, arguments, true)));
        fetches.add(noArgument("capture.req.method", SampleType.STRING, BuiltinFetchFactory.TRANSACTION, CaptureFetch::method));
        fetches.add(noArgument("capture.req.uri", SampleType.STRING, BuiltinFetchFactory.TRANSACTION, CaptureFetch::uri));
        fetches.add(noArgument("capture.req.ver", SampleType.STRING, BuiltinFetchFactory.TRANSACTION, CaptureFetch::requestVersion));
        fetches.add(noArgument("capture.res.ver", SampleType.STRING, BuiltinFetchFactory.TRANSACTION, CaptureFetch::responseVersion));
        fetches.add(noArgument("fc_rcvd_proxy", SampleType.BOOLEAN, CONNECTION, ConnectionFetch.RECEIVED_PROXY));
        fetches.add(noArgument("fc_pp_authority", SampleType.STRING, CONNECTION, ConnectionFetch.PROXY_AUTHORITY));
        fetches.add(noArgument("fc_pp_unique_id", SampleType.STRING, CONNECTION, ConnectionFetch.PROXY_UNIQUE_ID));
        fetches.add(noArgument("fc_src", SampleType.ADDRESS, CONNECTION, ConnectionFetch.CONNECTION_SOURCE));
        fetches.add(noArgument("fc_dst", SampleType.ADDRESS, CONNECTION, ConnectionFetch.CONNECTION_DESTINATION));
        fetches.add(noArgument("fc_src_port", SampleType.INTEGER, CONNECTION, ConnectionFetch.CONNECTION_SOURCE_PORT));
        fetches.add(noArgument("fc_dst_port", SampleType.INTEGER, CONNECTION, ConnectionFetch.CONNECTION_DESTINATION_PORT));
        // payload.c: the request buffer in mode tcp (HAProxy's SMP_USE_L6REQ)
        for (String keyword : List.of("req.len", "req_len")) {
            fetches.add(noArgument(keyword, SampleType.INTEGER, REQUEST_HEADERS, PayloadFetch::length));
        }
        for (String keyword : List.of("req.proto_http", "req_proto_http")) {
            fetches.add(noArgument(keyword, SampleType.BOOLEAN, REQUEST_HEADERS, ProtoHttpFetch::fetch));
        }
        fetches.add(new BuiltinFetchFactory("req.payload", SampleType.BINARY, REQUEST_HEADERS,
                PayloadFetch.payload(PayloadFetch.Direction.REQUEST)));
        fetches.add(new BuiltinFetchFactory("req.payload_lv", SampleType.BINARY, REQUEST_HEADERS,
                PayloadFetch.payloadLengthValue(PayloadFetch.Direction.REQUEST)));
        fetches.add(new BuiltinFetchFactory("payload", SampleType.BINARY, CONTENT,
                PayloadFetch.payload(PayloadFetch.Direction.RULE)));
        fetches.add(new BuiltinFetchFactory("payload_lv", SampleType.BINARY, CONTENT,
                PayloadFetch.payloadLengthValue(PayloadFetch.Direction.RULE)));
        // the server's bytes, in tcp-response content rules (HAProxy's SMP_USE_L6RES)
        fetches.add(noArgument("res.len", SampleType.INTEGER, CONTENT, PayloadFetch::responseLength));
        fetches.add(new BuiltinFetchFactory("res.payload", SampleType.BINARY, CONTENT,
                PayloadFetch.payload(PayloadFetch.Direction.RESPONSE)));
        fetches.add(new BuiltinFetchFactory("res.payload_lv", SampleType.BINARY, CONTENT,
                PayloadFetch.payloadLengthValue(PayloadFetch.Direction.RESPONSE)));
        fetches.add(noArgument("res.ssl_hello_type", SampleType.INTEGER, CONTENT, PayloadFetch::responseHelloType));
        fetches.add(noArgument("rep_ssl_hello_type", SampleType.INTEGER, CONTENT, PayloadFetch::responseHelloType));
        for (String keyword : List.of("req.ssl_hello_type", "req_ssl_hello_type")) {
            fetches.add(noArgument(keyword, SampleType.INTEGER, REQUEST_HEADERS, PayloadFetch::helloType));
        }
        for (String keyword : List.of("req.ssl_sni", "req_ssl_sni")) {
            fetches.add(noArgument(keyword, SampleType.STRING, REQUEST_HEADERS, PayloadFetch::serverName));
        }
        fetches.add(noArgument("req.ssl_alpn", SampleType.STRING, REQUEST_HEADERS, PayloadFetch::alpn));
        fetches.add(noArgument("req.ssl_ec_ext", SampleType.BOOLEAN, REQUEST_HEADERS, PayloadFetch::ellipticCurves));
        fetches.add(noArgument("req.ssl_st_ext", SampleType.INTEGER, REQUEST_HEADERS, PayloadFetch::sessionTicket));
        for (String keyword : List.of("req.rdp_cookie", "rdp_cookie")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.STRING, REQUEST_HEADERS, PayloadFetch::rdpCookie));
        }
        for (String keyword : List.of("req.rdp_cookie_cnt", "rdp_cookie_cnt")) {
            fetches.add(new BuiltinFetchFactory(keyword, SampleType.INTEGER, REQUEST_HEADERS,
                    PayloadFetch::rdpCookieCount));
        }
        for (String keyword : List.of("req.ssl_ver", "req_ssl_ver")) {
            fetches.add(noArgument(keyword, SampleType.INTEGER, REQUEST_HEADERS, PayloadFetch::version));
        }
        fetches.add(noArgument("wait_end", SampleType.BOOLEAN, ANYWHERE, PayloadFetch::waitEnd));
        fetches.add(new BuiltinFetchFactory("http_auth", SampleType.BOOLEAN, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.CHECK)));
        fetches.add(new BuiltinFetchFactory("http_auth_group", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.GROUP)));
        fetches.add(new BuiltinFetchFactory("http_auth_type", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.TYPE)));
        fetches.add(new BuiltinFetchFactory("http_auth_user", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.USER)));
        fetches.add(new BuiltinFetchFactory("http_auth_pass", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.PASSWORD)));
        fetches.add(new BuiltinFetchFactory("http_auth_bearer", SampleType.STRING, REQUEST_HEADERS,
                (name, arguments) -> AuthFetch.create(name, arguments, AuthFetch.Kind.BEARER)));
        fetches.add(noArgument("http_first_req", SampleType.BOOLEAN, REQUEST, (traffic, out) -> {
            if (traffic.method() == null) {
                return false;
            }
            out.setBoolean(traffic.firstRequest());
            return true;
        }));
        fetches.add(noArgument("fe_id", SampleType.INTEGER, ANYWHERE, (traffic, out) -> id(traffic.frontendId(), out)));
        fetches.add(noArgument("be_id", SampleType.INTEGER, ANYWHERE, (traffic, out) -> id(traffic.backendId(), out)));
        fetches.add(new BuiltinFetchFactory("fe_conn", SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
            FetchArguments.atMost(name, arguments, 1);
            if (!arguments.isEmpty() && !arguments.get(0).isEmpty()) {
                throw new InvalidArgumentException("'fe_conn(<frontend>)' naming a frontend is not implemented yet by"
                        + " Bascule (fe_conn alone counts the stream's frontend)");
            }
            return (traffic, out) -> count(traffic.frontendConnections(), out);
        }));
        fetches.add(new BuiltinFetchFactory("be_conn", SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
            FetchArguments.atMost(name, arguments, 1);
            String backend = arguments.isEmpty() || arguments.get(0).isEmpty() ? null : arguments.get(0);
            return (traffic, out) -> count(traffic.backendConnections(backend), out);
        }));
        fetches.add(new BuiltinFetchFactory("srv_conn", SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
            if (arguments.size() != 1 || arguments.get(0).isEmpty()) {
                throw new InvalidArgumentException("fetch method '" + name + "' : missing args (expected"
                        + " [<backend>/]<server>)");
            }
            String target = arguments.get(0);
            int slash = target.indexOf('/');
            if (slash <= 0) {
                // HAProxy resolves a bare server name in the rule's own proxy at load, and refuses it
                // in frontends and defaults sections: Bascule does not resolve names at load yet
                throw new InvalidArgumentException("'srv_conn(<server>)' without its backend is not"
                        + " implemented yet by Bascule (write srv_conn(<backend>/<server>))");
            }
            String backend = target.substring(0, slash);
            String server = target.substring(slash + 1);
            return (traffic, out) -> count(traffic.serverConnections(backend, server), out);
        }));
        queueFetches(fetches);
        fetches.add(new BuiltinFetchFactory("nbsrv", SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
            FetchArguments.atMost(name, arguments, 1);
            // no name: the backend the stream is in (HAProxy: the proxy the rule belongs to)
            String backend = arguments.isEmpty() || arguments.get(0).isEmpty() ? null : arguments.get(0);
            return (traffic, out) -> {
                int usable = traffic.usableServers(backend);
                if (usable < 0) {
                    return false;
                }
                out.setInteger(usable);
                return true;
            };
        }));
        fetches.add(new BuiltinFetchFactory("date", SampleType.INTEGER, ANYWHERE, ProcessFetch::date));
        fetches.add(new BuiltinFetchFactory("date_us", SampleType.INTEGER, ANYWHERE, ProcessFetch::dateMicros));
        fetches.add(new BuiltinFetchFactory("rand", SampleType.INTEGER, ANYWHERE, ProcessFetch::random));
        fetches.add(new BuiltinFetchFactory("hostname", SampleType.STRING, ANYWHERE, ProcessFetch::hostname));
        fetches.add(new BuiltinFetchFactory("bin", SampleType.BINARY, ANYWHERE, ConstantFetch::binary));
        fetches.add(new BuiltinFetchFactory("meth", SampleType.METHOD, ANYWHERE, ConstantFetch::method));
        fetches.add(new BuiltinFetchFactory("ipv4", SampleType.ADDRESS, ANYWHERE, ConstantFetch::ipv4));
        fetches.add(new BuiltinFetchFactory("ipv6", SampleType.ADDRESS, ANYWHERE, ConstantFetch::ipv6));
        fetches.add(noArgument("unique-id", SampleType.STRING, BuiltinFetchFactory.TRANSACTION, (traffic, out) -> {
            CharSequence id = traffic.uniqueId();
            if (id == null) {
                return false;
            }
            out.setString(id);
            return true;
        }));
        fetches.addAll(StickFetches.all());
        return List.copyOf(fetches);
    }

    /** A request header fetch run on the response's headers. */
    private static SampleFetch onResponse(SampleFetch fetch) {
        return (traffic, out) -> {
            TrafficView response = traffic.responseHeaders();
            return response != null && fetch.fetch(response, out);
        };
    }

    private static boolean id(int id, Sample out) {
        if (id == 0) {
            return false;
        }
        out.setInteger(id);
        return true;
    }

    private static boolean name(CharSequence name, Sample out) {
        if (name == null) {
            return false;
        }
        out.setString(name);
        return true;
    }

    @Override
    public Collection<SampleConverterFactory> sampleConverters() {
        return BuiltinConverters.all();
    }

    @Override
    public Collection<AclMatcherFactory> aclMatchers() {
        return List.of(
                new BuiltinMatcherFactory("found", EnumSet.allOf(SampleType.class), IntMatchers::found),
                new BuiltinMatcherFactory("bool", NUMBER, IntMatchers::bool),
                new BuiltinMatcherFactory("int", NUMBER, IntMatchers::integer),
                new BuiltinMatcherFactory("ip", EnumSet.of(SampleType.ADDRESS, SampleType.STRING), IpMatcher::compile),
                new BuiltinMatcherFactory("str", TEXT, StringMatchers::exact),
                new BuiltinMatcherFactory("beg", TEXT, StringMatchers::prefix),
                new BuiltinMatcherFactory("end", TEXT, StringMatchers::suffix),
                new BuiltinMatcherFactory("sub", TEXT, StringMatchers::substring),
                new BuiltinMatcherFactory("dir", TEXT, StringMatchers::directory),
                new BuiltinMatcherFactory("dom", TEXT, StringMatchers::domain),
                new BuiltinMatcherFactory("reg", TEXT, RegexMatcher::compile),
                new BuiltinMatcherFactory("len", TEXT, IntMatchers::length),
                new BuiltinMatcherFactory("bin", EnumSet.of(SampleType.BINARY, SampleType.STRING),
                        BinaryMatcher::compile),
                // HAProxy's int match with dotted-version patterns: what the req.ssl_ver keywords use
                new BuiltinMatcherFactory(DOTTED_VERSION, NUMBER, IntMatchers::dottedVersion));
    }

    /** HAProxy 2.6's ACL keywords ({@code http_acl.c}, {@code ssl_sample.c}) whose fetch this plugin serves. */
    @Override
    public Collection<AclKeyword> aclKeywords() {
        List<AclKeyword> keywords = new ArrayList<>();
        for (String prefix : List.of("base", "cook", "hdr", "path", "scook", "shdr", "url", "urlp")) {
            String fetch = switch (prefix) {
                case "cook" -> "req.cook";
                case "hdr" -> "req.hdr";
                case "scook" -> "res.cook";
                case "shdr" -> "res.hdr";
                default -> prefix;
            };
            keywords.add(new AclKeyword(prefix, fetch, "str"));
            for (String method : List.of("beg", "dir", "dom", "end", "len", "reg", "sub")) {
                keywords.add(new AclKeyword(prefix + "_" + method, fetch, method));
            }
        }
        // HAProxy's "method" keyword compares known methods by number, which -i does not affect; str is
        // the same without -i
        keywords.add(new AclKeyword("method", "method", "str"));
        keywords.add(new AclKeyword("req_ver", "req.ver", "str"));
        keywords.add(new AclKeyword("resp_ver", "res.ver", "str"));
        keywords.add(new AclKeyword("ssl_fc_sni_end", "ssl_fc_sni", "end"));
        keywords.add(new AclKeyword("ssl_fc_sni_reg", "ssl_fc_sni", "reg"));
        // payload.c's ACL keywords
        keywords.add(new AclKeyword("req.ssl_ver", "req.ssl_ver", DOTTED_VERSION));
        keywords.add(new AclKeyword("req_ssl_ver", "req.ssl_ver", DOTTED_VERSION));
        keywords.add(new AclKeyword("req_rdp_cookie", "req.rdp_cookie", "str"));
        keywords.add(new AclKeyword("req_rdp_cookie_cnt", "req.rdp_cookie_cnt", "int"));
        return List.copyOf(keywords);
    }

    /**
     * HAProxy's queue and slot fetches: {@code queue}, {@code avg_queue}, {@code connslots},
     * {@code be_conn_free} ({@code [<backend>]}, the stream's backend without one) and
     * {@code srv_queue}, {@code srv_conn_free} ({@code <backend>/<server>}).
     */
    private static void queueFetches(List<SampleFetchFactory> fetches) {
        for (String[] entry : new String[][] {{"queue", "BACKEND_QUEUE"}, {"avg_queue", "AVERAGE_QUEUE"},
                {"connslots", "CONNECTION_SLOTS"}, {"be_conn_free", "FREE_BACKEND_CONNECTIONS"}}) {
            TrafficView.QueueMetric metric = TrafficView.QueueMetric.valueOf(entry[1]);
            fetches.add(new BuiltinFetchFactory(entry[0], SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
                FetchArguments.atMost(name, arguments, 1);
                String backend = arguments.isEmpty() || arguments.get(0).isEmpty() ? null : arguments.get(0);
                return (traffic, out) -> metric(traffic.queueMetric(metric, backend, null), out);
            }));
        }
        for (String[] entry : new String[][] {{"srv_queue", "SERVER_QUEUE"},
                {"srv_conn_free", "FREE_SERVER_CONNECTIONS"}}) {
            TrafficView.QueueMetric metric = TrafficView.QueueMetric.valueOf(entry[1]);
            fetches.add(new BuiltinFetchFactory(entry[0], SampleType.INTEGER, ANYWHERE, (name, arguments) -> {
                if (arguments.size() != 1 || arguments.get(0).isEmpty()) {
                    throw new InvalidArgumentException("fetch method '" + name + "' : missing args (expected"
                            + " [<backend>/]<server>)");
                }
                String target = arguments.get(0);
                int slash = target.indexOf('/');
                if (slash <= 0) {
                    throw new InvalidArgumentException("'" + name + "(<server>)' without its backend is not"
                            + " implemented yet by Bascule (write " + name + "(<backend>/<server>))");
                }
                String backend = target.substring(0, slash);
                String server = target.substring(slash + 1);
                return (traffic, out) -> metric(traffic.queueMetric(metric, backend, server), out);
            }));
        }
    }

    private static boolean metric(long value, Sample out) {
        if (value == Long.MIN_VALUE) {
            return false;
        }
        out.setInteger(value);
        return true;
    }
}
