package dev.bascule.builtin.sample;

import dev.bascule.api.sample.TrafficView;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/** A hand-written traffic view over a request line and a list of header lines. */
final class TestingTraffic implements TrafficView {
    private final String method;
    private final String uri;
    private final String version;
    private final List<String[]> headers = new ArrayList<>();
    private InetSocketAddress source = new InetSocketAddress("192.0.2.10", 40000);
    private InetSocketAddress destination = new InetSocketAddress("198.51.100.1", 443);
    private boolean secure;
    private String serverName;

    private TestingTraffic(String method, String uri, String version) {
        this.method = method;
        this.uri = uri;
        this.version = version;
    }

    static TestingTraffic request(String method, String uri) {
        return new TestingTraffic(method, uri, "HTTP/1.1");
    }

    static TestingTraffic request(String method, String uri, String version) {
        return new TestingTraffic(method, uri, version);
    }

    static TestingTraffic connection() {
        return new TestingTraffic(null, null, null);
    }

    private final dev.bascule.core.sample.VariableStore variables = new dev.bascule.core.sample.VariableStore();

    /** Sets a string variable. */
    TestingTraffic variable(String name, String value) {
        variables.set(name, new dev.bascule.api.sample.Sample().setString(value));
        return this;
    }

    @Override
    public dev.bascule.api.sample.Variables variables() {
        return variables;
    }

    private final java.util.Map<String, dev.bascule.api.sample.Userlist> userlists = new java.util.HashMap<>();

    /** Adds a userlist section, found by its name. */
    TestingTraffic userlist(dev.bascule.api.sample.Userlist userlist) {
        userlists.put(userlist.name(), userlist);
        return this;
    }

    @Override
    public dev.bascule.api.sample.Userlist userlist(String name) {
        return userlists.get(name);
    }

    TestingTraffic header(String name, String value) {
        headers.add(new String[] {name, value});
        return this;
    }

    TestingTraffic source(String address, int port) {
        source = new InetSocketAddress(address, port);
        return this;
    }

    TestingTraffic destination(String address, int port) {
        destination = new InetSocketAddress(address, port);
        return this;
    }

    TestingTraffic tls(String serverName) {
        this.secure = true;
        this.serverName = serverName;
        return this;
    }

    @Override
    public InetSocketAddress source() {
        return source;
    }

    @Override
    public InetSocketAddress destination() {
        return destination;
    }

    @Override
    public boolean secure() {
        return secure;
    }

    @Override
    public CharSequence serverName() {
        return serverName;
    }

    @Override
    public CharSequence method() {
        return method;
    }

    @Override
    public CharSequence uri() {
        return uri;
    }

    @Override
    public CharSequence version() {
        return version;
    }

    @Override
    public int requestHeaderCount() {
        return headers.size();
    }

    @Override
    public CharSequence requestHeaderName(int index) {
        return headers.get(index)[0];
    }

    @Override
    public CharSequence requestHeaderValue(int index) {
        return headers.get(index)[1];
    }

    private String body;
    private long bodySize = -1;
    private final List<String> requestCaptures = new ArrayList<>();
    private final List<String> responseCaptures = new ArrayList<>();
    private String requestLine;
    private TestingTraffic response;
    private InetSocketAddress connectionSource;

    /** The body the rules waited for, and its announced size. */
    TestingTraffic body(String body, long size) {
        this.body = body;
        this.bodySize = size;
        return this;
    }

    /** The captures of {@code capture request header} (null: header absent), and the captured request line. */
    TestingTraffic captures(String requestLine, String... requestValues) {
        this.requestLine = requestLine;
        requestCaptures.addAll(java.util.Arrays.asList(requestValues));
        return this;
    }

    TestingTraffic responseCaptures(String... values) {
        responseCaptures.addAll(java.util.Arrays.asList(values));
        return this;
    }

    /** The response, seen through a view whose request-header methods read its headers. */
    TestingTraffic response(TestingTraffic response) {
        this.response = response;
        return this;
    }

    /** The connection's own source, when set-src changed {@link #source()}. */
    TestingTraffic connectionSource(String address, int port) {
        connectionSource = new InetSocketAddress(address, port);
        return this;
    }

    @Override
    public InetSocketAddress connectionSource() {
        return connectionSource != null ? connectionSource : source;
    }

    @Override
    public TrafficView responseHeaders() {
        return response;
    }

    @Override
    public CharSequence requestBody() {
        return body;
    }

    @Override
    public long requestBodySize() {
        return bodySize;
    }

    @Override
    public CharSequence requestCapture(int index) {
        return index < requestCaptures.size() ? requestCaptures.get(index) : null;
    }

    @Override
    public CharSequence responseCapture(int index) {
        return index < responseCaptures.size() ? responseCaptures.get(index) : null;
    }

    @Override
    public CharSequence capturedRequestLine() {
        return requestLine;
    }
}
