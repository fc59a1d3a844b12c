package dev.bascule.builtin.sample;

import dev.bascule.api.Nullable;
import dev.bascule.api.sample.Sample;
import dev.bascule.api.sample.SampleFetch;
import dev.bascule.api.sample.TrafficView;

import java.net.InetSocketAddress;

/** Fetches on the client connection ({@code src/tcp_sample.c}, {@code src/ssl_sample.c}) and the constants of {@code src/sample.c}. */
enum ConnectionFetch implements SampleFetch {
    /** {@code src}: the client's address. */
    SOURCE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return address(traffic.source(), out);
        }
    },
    /** {@code fc_src}: the client connection's own source, which {@code set-src} does not change. */
    CONNECTION_SOURCE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return address(traffic.connectionSource(), out);
        }
    },
    /** {@code fc_src_port}. */
    CONNECTION_SOURCE_PORT {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return port(traffic.connectionSource(), out);
        }
    },
    /** {@code fc_dst}: the client connection's own destination, which {@code set-dst} does not change. */
    CONNECTION_DESTINATION {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return address(traffic.connectionDestination(), out);
        }
    },
    /** {@code fc_dst_port}. */
    CONNECTION_DESTINATION_PORT {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return port(traffic.connectionDestination(), out);
        }
    },
    /** {@code src_port}: the client's port. */
    SOURCE_PORT {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return port(traffic.source(), out);
        }
    },
    /** {@code dst}: the address the client connected to. */
    DESTINATION {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return address(traffic.destination(), out);
        }
    },
    /** {@code dst_port}: the port the client connected to. */
    DESTINATION_PORT {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return port(traffic.destination(), out);
        }
    },
    /** {@code ssl_fc}: whether the client connection is TLS. */
    SECURE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            out.setBoolean(traffic.secure());
            return true;
        }
    },
    /** {@code fc_rcvd_proxy}: whether the client connection began with a PROXY protocol header ({@code accept-proxy}). */
    RECEIVED_PROXY {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            out.setBoolean(traffic.receivedProxyHeader());
            return true;
        }
    },
    /** {@code fc_pp_authority}: the PROXY v2 header's {@code AUTHORITY} TLV; no value without one. */
    PROXY_AUTHORITY {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence authority = traffic.proxyAuthority();
            if (authority == null) {
                return false;
            }
            out.setString(authority, 0, authority.length());
            return true;
        }
    },
    /** {@code fc_pp_unique_id}: the PROXY v2 header's {@code UNIQUE_ID} TLV; no value without one. */
    PROXY_UNIQUE_ID {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence id = traffic.proxyUniqueId();
            if (id == null) {
                return false;
            }
            out.setString(id, 0, id.length());
            return true;
        }
    },
    /** {@code ssl_fc_sni}: the server name of the client's TLS hello; no value without one. */
    SERVER_NAME {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            CharSequence name = traffic.serverName();
            if (name == null) {
                return false;
            }
            out.setString(name, 0, name.length());
            return true;
        }
    },
    /** {@code ssl_fc_cipher}: the TLS session's cipher, OpenSSL's name; no value without TLS. */
    TLS_CIPHER {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return text(traffic.tlsCipher(), out);
        }
    },
    /** {@code ssl_fc_protocol}: the TLS version ({@code TLSv1.3}); no value without TLS. */
    TLS_PROTOCOL {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            return text(traffic.tlsProtocol(), out);
        }
    },
    /** {@code always_true}. */
    ALWAYS_TRUE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            out.setBoolean(true);
            return true;
        }
    },
    /** {@code always_false}: a false boolean, which is a value. */
    ALWAYS_FALSE {
        @Override
        public boolean fetch(TrafficView traffic, Sample out) {
            out.setBoolean(false);
            return true;
        }
    };

    private static boolean address(InetSocketAddress socket, Sample out) {
        if (socket == null || socket.getAddress() == null) {
            return false; // unresolved or unknown (a UNIX socket in HAProxy)
        }
        out.setAddress(socket.getAddress());
        return true;
    }

    private static boolean port(InetSocketAddress socket, Sample out) {
        if (socket == null) {
            return false;
        }
        out.setInteger(socket.getPort());
        return true;
    }

    private static boolean text(@Nullable CharSequence value, Sample out) {
        if (value == null) {
            return false;
        }
        out.setString(value, 0, value.length());
        return true;
    }
}
