package dev.bascule.config.haproxy.internal;

import dev.bascule.api.config.IpNetwork;
import dev.bascule.api.config.LogFormat;
import dev.bascule.api.config.ServerAddress;
import dev.bascule.api.config.ServerCheck;
import dev.bascule.api.config.ServerConfig;
import dev.bascule.api.config.ServerReactions;
import dev.bascule.api.config.ServerResolution;
import dev.bascule.api.config.ServerTls;
import dev.bascule.api.config.SourceLocation;
import dev.bascule.api.config.TlsCertificate;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the options of a {@code server} line set, starting from its section's
 * {@code default-server} ones (HAProxy's {@code defsrv}). Each option's parser (see
 * {@link ServerOptionTable}) fills its own fields. Fields hold immutable values, so that
 * {@link #copy()} can be a shallow copy: a mutable field must be copied there.
 */
final class ServerSettings implements Cloneable {
    int weight = ServerConfig.DEFAULT_WEIGHT;
    boolean check;
    Duration inter = ServerCheck.DEFAULT_INTER;
    Duration fastInter;
    Duration downInter;
    int rise = ServerCheck.DEFAULT_RISE;
    int fall = ServerCheck.DEFAULT_FALL;
    int port;
    String address;
    /** The port written in {@code addr}, 0 for none. */
    int addressPort;
    /** {@code check-send-proxy}. */
    boolean checkSendProxy;
    boolean backup;
    /** {@code cookie VALUE}. */
    String cookie;
    /** {@code pool-max-conn N}: -1 for no limit. */
    int poolMaxConn = -1;
    // name resolution (ServerResolutionOptions): immutable values
    /** {@code init-addr}: empty for HAProxy's default ({@code last,libc}). */
    List<ServerResolution.InitAddr> initAddr = List.of();
    String initIp;
    String resolvers;
    boolean preferIpv4;
    List<IpNetwork> resolveNets = List.of();
    boolean allowDupIp;
    boolean ignoreWeight;
    /** {@code maxconn}, {@code maxqueue}, {@code minconn}: 0 when unset. */
    int maxConn;
    int maxQueue;
    int minConn;
    /** {@code slowstart}: the warm-up time in whole seconds, 0 for none. */
    int slowStartSeconds;
    /** {@code disabled}: starts in maintenance. */
    boolean disabled;
    // reactions to health (ServerHealthReactions)
    boolean shutdownSessionsOnDown;
    boolean shutdownBackupSessionsOnUp;
    ServerReactions.Observe observe = ServerReactions.Observe.NONE;
    int errorLimit = ServerReactions.DEFAULT_ERROR_LIMIT;
    ServerReactions.OnError onError = ServerReactions.OnError.FAIL_CHECK;
    /** {@code send-proxy}, {@code send-proxy-v2} (ProxyProtocolOptions). */
    boolean sendProxyV1;
    boolean sendProxyV2;
    /** {@code proxy-v2-options}, {@code send-proxy-v2-ssl[-cn]}: HAProxy's {@code SRV_PP_V2_*} flags. */
    int proxyV2Options;
    // the agent check (ServerAgentOptions)
    boolean agent;
    Duration agentInter;
    /** {@code agent-port}: 0 when unset ({@code port} then). */
    int agentPort;
    String agentAddress;
    String agentSend;
    // TLS (ServerTlsOptions): immutable values, tlsVersions replaced by a copy on each change
    boolean ssl;
    /** {@code no-ssl} came after any {@code ssl}. */
    boolean noSsl;
    /** {@code ssl} was seen on the line or its {@code default-server}, whatever came after. */
    boolean sslSeen;
    boolean checkSsl;
    /** {@code verify}: null for {@code ssl-server-verify}'s default. */
    Boolean verifyRequired;
    String verifyHost;
    String caFile;
    List<X509Certificate> authorities = List.of();
    List<X509CRL> revocations = List.of();
    TlsCertificate certificate;
    LogFormat.Expression sni;
    String checkSni;
    List<String> alpn = List.of();
    List<String> checkAlpn = List.of();
    String ciphers;
    String ciphersuites;
    TlsVersions tlsVersions = new TlsVersions();
    boolean noSslReuse;
    boolean noTlsTickets;
    /** The server's TLS once checked ({@link ServerTlsOptions#resolve}); set on {@code server} lines only. */
    ServerTls tls = ServerTls.NONE;
    /** {@code id}: 0 for an automatic one; never inherited (default-server refuses it). */
    int id;

    ServerSettings copy() {
        try {
            return (ServerSettings) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** The server of a {@code server} line with these settings. */
    ServerConfig toServer(String name, ServerAddress address, SourceLocation location) {
        // HAProxy's check_config_validity(): a minconn above maxconn becomes the maxconn, no minconn is the maxconn
        int max = Math.max(maxConn, minConn);
        int min = minConn == 0 || minConn > max ? max : minConn;
        return new ServerConfig(name, address, weight, Optional.ofNullable(cookie), location, toCheck(), backup,
                poolMaxConn, ServerResolutionOptions.toResolution(this), max, maxQueue, min,
                Duration.ofSeconds(slowStartSeconds), disabled, id, ServerHealthReactions.toReactions(this),
                ProxyProtocolOptions.sendProxy(this), ServerAgentOptions.toAgent(this), tls,
                ProxyProtocolOptions.proxyV2(this));
    }

    ServerCheck toCheck() {
        return new ServerCheck(check, inter, Optional.ofNullable(fastInter), Optional.ofNullable(downInter), rise,
                fall, port > 0 ? OptionalInt.of(port) : addressPort > 0 ? OptionalInt.of(addressPort)
                : OptionalInt.empty(), Optional.ofNullable(address), checkSendProxy);
    }
}
