package dev.bascule.core.runtime;

import static java.util.Objects.requireNonNull;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ProxyV2Options;
import dev.bascule.api.config.ServerTls;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.SampleType;
import dev.bascule.api.sample.TrafficView;

/**
 * How a server is reached beyond its IP address: the UNIX socket it listens on, the TLS its
 * connections make ({@code ssl}, its settings, the compiled {@code sni} expression) and the
 * options of the PROXY header they start with. The transport
 * reads it for every connection it opens; only {@code set server ... ssl} changes it at run time.
 */
public final class ServerEndpoint {
    /** An IP server without TLS. */
    public static final ServerEndpoint PLAIN = new ServerEndpoint(null, ServerTls.NONE, null, ProxyV2Options.NONE);

    private final @Nullable String unixPath;
    private final ServerTls tls;
    private final @Nullable SampleFetch sni;
    private final ProxyV2Options proxyV2;
    private volatile boolean encrypted;
    /** HAProxy's {@code use_ssl}: 1, 0 or -1, as {@code show servers state} shows it. */
    private volatile int use;

    ServerEndpoint(@Nullable String unixPath, ServerTls tls, @Nullable SampleFetch sni, ProxyV2Options proxyV2) {
        this.unixPath = unixPath;
        this.proxyV2 = requireNonNull(proxyV2, "proxyV2");
        this.tls = requireNonNull(tls, "tls");
        this.sni = sni;
        this.encrypted = tls.enabled();
        this.use = tls.use();
    }

    /** The UNIX socket of the server, null for an IP server. */
    public @Nullable String unixPath() {
        return unixPath;
    }

    /** The TLVs of its v2 PROXY headers ({@code proxy-v2-options}). */
    public ProxyV2Options proxyV2() {
        return proxyV2;
    }

    /** The server's TLS settings, also those of its encrypted checks. */
    public ServerTls tls() {
        return tls;
    }

    /** Whether its traffic connections make a TLS handshake first ({@code ssl}). */
    public boolean encrypted() {
        return encrypted;
    }

    /**
     * Runtime API: {@code set server <b>/<s> ssl on|off}, on a server whose TLS settings are
     * {@linkplain ServerTls#configurable() ready}; connections opened from now on follow.
     */
    public void encrypted(boolean on) {
        this.encrypted = on;
        this.use = on ? 1 : 0;
    }

    /** HAProxy's {@code use_ssl}: 1 for {@code ssl}, -1 after {@code no-ssl}, 0 otherwise or after {@code ssl off}. */
    public int use() {
        return use;
    }

    /**
     * The server name to send for the stream {@code traffic} ({@code sni <expression>}), null
     * for none: no expression, no value, or an empty one. {@code scratch} is the caller's sample.
     */
    public @Nullable String serverName(TrafficView traffic, Sample scratch) {
        if (sni == null || !sni.fetch(traffic, scratch.reset()) || !scratch.castTo(SampleType.STRING)) {
            return null;
        }
        CharSequence text = scratch.text();
        if (text == null || scratch.length() == 0) {
            return null;
        }
        return text.subSequence(scratch.start(), scratch.end()).toString();
    }
}
