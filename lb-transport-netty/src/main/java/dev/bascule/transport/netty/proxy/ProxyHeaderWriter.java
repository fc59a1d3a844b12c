package dev.bascule.transport.netty.proxy;

import dev.bascule.api.Nullable;
import dev.bascule.api.config.ProxyProtocol;
import dev.bascule.api.config.ProxyV2Options;
import dev.bascule.api.sample.Sample;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * {@code server ... send-proxy} / {@code send-proxy-v2}: the header written first on a new
 * connection to the server, carrying the client's addresses as the stream sees them (those of
 * its own PROXY header, {@code set-src}...), as HAProxy's {@code make_proxy_line()} writes it:
 * {@code TCP4} when both addresses are IPv4, {@code TCP6} (the IPv4 one mapped) when either is
 * IPv6, {@code UNKNOWN} (v1) or a {@code LOCAL} command (v2) without IP addresses. A v2 header
 * carries the client connection's ALPN, and the TLVs {@code proxy-v2-options} asks for, in
 * HAProxy's order: {@code CRC32C}, {@code ALPN}, {@code AUTHORITY}, {@code UNIQUE_ID}, {@code SSL}.
 */
public final class ProxyHeaderWriter {
    private static final byte[] V2_SIGNATURE = {0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A};

    private ProxyHeaderWriter() {
    }

    /**
     * Writes and flushes the header on {@code server}, from the outermost handler so that no
     * protocol encoder sees it; nothing for {@link ProxyProtocol#NONE}.
     */
    public static void write(Channel server, ProxyProtocol version, @Nullable InetSocketAddress source,
                             @Nullable InetSocketAddress destination) {
        write(server, version, source, destination, null, ProxyV2Options.NONE, null);
    }

    /**
     * As {@link #write(Channel, ProxyProtocol, InetSocketAddress, InetSocketAddress)}, with the
     * TLVs of a v2 header read from the client connection and the stream.
     *
     * @param client   the client connection (its ALPN, SNI, TLS), null for none
     * @param uniqueId the stream's unique ID, for {@code unique-id}
     */
    public static void write(Channel server, ProxyProtocol version, @Nullable InetSocketAddress source,
                             @Nullable InetSocketAddress destination, @Nullable Channel client,
                             ProxyV2Options options, @Nullable CharSequence uniqueId) {
        if (version == ProxyProtocol.NONE) {
            return;
        }
        ByteBuf header = server.alloc().buffer(version == ProxyProtocol.V2 ? 52 : 108);
        if (version == ProxyProtocol.V2) {
            v2(header, source, destination);
            if (client != null) {
                ProxyTlvs.append(header, client, options, uniqueId);
            }
        } else {
            v1(header, source, destination);
        }
        ChannelHandlerContext first = server.pipeline().firstContext();
        if (first == null) {
            server.writeAndFlush(header);
        } else {
            first.writeAndFlush(header);
        }
    }

    /** The version 1 line, as {@code make_proxy_line_v1()}. */
    static void v1(ByteBuf out, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination) {
        if (!ip(source) || !ip(destination)) {
            out.writeCharSequence("PROXY UNKNOWN\r\n", StandardCharsets.US_ASCII);
            return;
        }
        boolean ipv4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
        StringBuilder line = new StringBuilder(104).append(ipv4 ? "PROXY TCP4 " : "PROXY TCP6 ");
        text(source.getAddress(), ipv4, line);
        line.append(' ');
        text(destination.getAddress(), ipv4, line);
        line.append(' ').append(source.getPort()).append(' ').append(destination.getPort()).append("\r\n");
        out.writeCharSequence(line, StandardCharsets.US_ASCII);
    }

    /** {@code inet_ntop()}'s text; an IPv4 address on a TCP6 line as {@code ::ffff:a.b.c.d}. */
    private static void text(InetAddress address, boolean ipv4, StringBuilder out) {
        if (!ipv4 && address instanceof Inet4Address) {
            out.append("::ffff:");
        }
        Sample.appendAddress(out, address);
    }

    /** The version 2 header, as {@code make_proxy_line_v2()} without options. */
    static void v2(ByteBuf out, @Nullable InetSocketAddress source, @Nullable InetSocketAddress destination) {
        out.writeBytes(V2_SIGNATURE);
        if (!ip(source) || !ip(destination)) {
            // LOCAL, UNSPEC, no address
            out.writeByte(0x20).writeByte(0x00).writeShort(0);
            return;
        }
        boolean ipv4 = source.getAddress() instanceof Inet4Address && destination.getAddress() instanceof Inet4Address;
        out.writeByte(0x21);
        if (ipv4) {
            out.writeByte(0x11).writeShort(12);
            out.writeBytes(source.getAddress().getAddress()).writeBytes(destination.getAddress().getAddress());
        } else {
            out.writeByte(0x21).writeShort(36);
            out.writeBytes(ipv6(source.getAddress())).writeBytes(ipv6(destination.getAddress()));
        }
        out.writeShort(source.getPort()).writeShort(destination.getPort());
    }

    private static byte[] ipv6(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (bytes.length == 16) {
            return bytes;
        }
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xFF;
        mapped[11] = (byte) 0xFF;
        System.arraycopy(bytes, 0, mapped, 12, 4);
        return mapped;
    }

    private static boolean ip(@Nullable InetSocketAddress address) {
        return address != null && address.getAddress() != null;
    }
}
