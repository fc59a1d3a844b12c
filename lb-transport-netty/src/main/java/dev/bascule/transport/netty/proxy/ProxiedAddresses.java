package dev.bascule.transport.netty.proxy;

import dev.bascule.api.Nullable;

import io.netty.channel.Channel;
import io.netty.util.AttributeKey;

import java.net.InetSocketAddress;

/**
 * The addresses a client connection stands for: those of its PROXY protocol header when it began
 * with one that carries addresses ({@code accept-proxy}), else the socket's own. Logs, sample
 * fetches, {@code option forwardfor}, stick tables and {@code send-proxy} all read them here.
 * A connection without {@code accept-proxy} has no attribute, and pays one look-up per question.
 */
public final class ProxiedAddresses {
    private static final AttributeKey<ProxiedAddresses> KEY = AttributeKey.valueOf("bascule.proxied-addresses");

    /** The header's addresses, null when it kept the connection's own (v2 LOCAL, v1 UNKNOWN, other families). */
    private final @Nullable InetSocketAddress source;
    private final @Nullable InetSocketAddress destination;
    /** The v2 {@code AUTHORITY} and {@code UNIQUE_ID} TLVs, one byte a char; null without. */
    private final @Nullable String authority;
    private final @Nullable String uniqueId;

    private ProxiedAddresses(@Nullable InetSocketAddress source, @Nullable InetSocketAddress destination,
                             @Nullable String authority, @Nullable String uniqueId) {
        this.source = source;
        this.destination = destination;
        this.authority = authority;
        this.uniqueId = uniqueId;
    }

    /** {@code client} began with a PROXY header; its addresses, when both are given, stand for the socket's. */
    static void received(Channel client, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination,
                         @Nullable String authority, @Nullable String uniqueId) {
        boolean both = source != null && destination != null;
        client.attr(KEY).set(new ProxiedAddresses(both ? source : null, both ? destination : null, authority,
                uniqueId));
    }

    /** The header's v2 {@code AUTHORITY} TLV ({@code fc_pp_authority}), null without. */
    public static @Nullable String authority(Channel client) {
        ProxiedAddresses proxied = client.hasAttr(KEY) ? client.attr(KEY).get() : null;
        return proxied == null ? null : proxied.authority;
    }

    /** The header's v2 {@code UNIQUE_ID} TLV ({@code fc_pp_unique_id}), null without. */
    public static @Nullable String uniqueId(Channel client) {
        ProxiedAddresses proxied = client.hasAttr(KEY) ? client.attr(KEY).get() : null;
        return proxied == null ? null : proxied.uniqueId;
    }

    /** Whether {@code client} began with a PROXY protocol header ({@code fc_rcvd_proxy}). */
    public static boolean received(Channel client) {
        return client.hasAttr(KEY) && client.attr(KEY).get() != null;
    }

    /** The client's address: the PROXY header's source, else the socket's peer. */
    public static InetSocketAddress source(Channel client) {
        if (client.hasAttr(KEY)) {
            ProxiedAddresses proxied = client.attr(KEY).get();
            if (proxied != null && proxied.source != null) {
                return proxied.source;
            }
        }
        return (InetSocketAddress) client.remoteAddress();
    }

    /** The address the client connected to: the PROXY header's destination, else the socket's own. */
    public static InetSocketAddress destination(Channel client) {
        if (client.hasAttr(KEY)) {
            ProxiedAddresses proxied = client.attr(KEY).get();
            if (proxied != null && proxied.destination != null) {
                return proxied.destination;
            }
        }
        return (InetSocketAddress) client.localAddress();
    }

    /** As {@link #source}, or null when the connection has no IP address (a UNIX socket without header addresses). */
    public static @Nullable InetSocketAddress sourceOrNull(Channel client) {
        if (client.hasAttr(KEY)) {
            ProxiedAddresses proxied = client.attr(KEY).get();
            if (proxied != null && proxied.source != null) {
                return proxied.source;
            }
        }
        return client.remoteAddress() instanceof InetSocketAddress inet ? inet : null;
    }

    /** As {@link #destination}, or null when the connection has no IP address. */
    public static @Nullable InetSocketAddress destinationOrNull(Channel client) {
        if (client.hasAttr(KEY)) {
            ProxiedAddresses proxied = client.attr(KEY).get();
            if (proxied != null && proxied.destination != null) {
                return proxied.destination;
            }
        }
        return client.localAddress() instanceof InetSocketAddress inet ? inet : null;
    }
}
