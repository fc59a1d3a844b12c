package dev.bascule.transport.netty.proxy;

import dev.bascule.core.log.FrontendLog;
import dev.bascule.transport.netty.ActivationGate;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageDecoder;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.handler.codec.haproxy.HAProxyTLV;
import io.netty.util.NetUtil;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * {@code bind ... accept-proxy}: holds a client connection back from the proxy until its PROXY
 * protocol header (v1 or v2) has been read, as HAProxy completes the connection's handshake
 * before it creates the session: the handlers after it (TLS, then the proxy) see
 * {@code channelActive} only then, with the header's addresses in {@link ProxiedAddresses}. A
 * bad, truncated or missing header closes the connection, and the frontend logs HAProxy's
 * error line ({@link FrontendLog#connectionError}); so does {@code timeout client} running out
 * first. The bytes that came with the header wait here until the proxy asks for its first read.
 */
public final class ProxyHeaderGate extends ActivationGate {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyHeaderGate.class);
    private static final byte PP2_TYPE_AUTHORITY = 0x02;
    private static final byte PP2_TYPE_UNIQUE_ID = 0x05;

    private final FrontendLog log;
    private final String listener;
    private final long timeoutMillis;
    private long acceptEpochMillis;
    private boolean failed;
    private ScheduledFuture<?> timeout;

    private ProxyHeaderGate(FrontendLog log, String listener, long timeoutMillis) {
        this.log = log;
        this.listener = listener;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Puts the header's reader first in {@code pipeline} (before TLS: call it after TLS is in place).
     *
     * @param listener      the listener's {@code name}, else its number, for the error line
     * @param timeoutMillis {@code timeout client}, 0 for none
     */
    public static void configure(ChannelPipeline pipeline, FrontendLog log, String listener, long timeoutMillis) {
        pipeline.addFirst("proxy-gate", new ProxyHeaderGate(log, listener, timeoutMillis));
        pipeline.addFirst("proxy-decoder", new HAProxyMessageDecoder());
        pipeline.addFirst("proxy-check", new ProxyHeaderCheck());
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        acceptEpochMillis = System.currentTimeMillis();
        if (timeoutMillis > 0) {
            timeout = ctx.executor().schedule(() -> fail(ctx, ProxyHeaderCheck.TIMEOUT, false),
                    timeoutMillis, TimeUnit.MILLISECONDS);
        }
        ctx.read();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (isOpen()) {
            // what came with the header: it waits for the proxy's first read
            holdEarly(ctx, msg);
            return;
        }
        if (!(msg instanceof HAProxyMessage) || failed) {
            ReferenceCountUtil.release(msg);
            return;
        }
        HAProxyMessage header = (HAProxyMessage) msg;
        try {
            accept(ctx.channel(), header);
        } finally {
            header.release();
        }
        if (timeout != null) {
            timeout.cancel(false);
        }
        if (ctx.pipeline().get("proxy-check") != null) {
            ctx.pipeline().remove("proxy-check");
        }
        open(ctx);
    }

    /**
     * HAProxy keeps the socket's addresses for a LOCAL command and for families other than TCP
     * over IPv4 or IPv6; it reads the {@code AUTHORITY} and {@code UNIQUE_ID} TLVs of a PROXY command.
     */
    private static void accept(Channel client, HAProxyMessage header) {
        HAProxyProxiedProtocol protocol = header.proxiedProtocol();
        if (header.command() == HAProxyCommand.PROXY
                && (protocol == HAProxyProxiedProtocol.TCP4 || protocol == HAProxyProxiedProtocol.TCP6)) {
            String authority = null;
            String uniqueId = null;
            for (HAProxyTLV tlv : header.tlvs()) {
                if (tlv.typeByteValue() == PP2_TYPE_AUTHORITY) {
                    authority = tlv.content().toString(StandardCharsets.ISO_8859_1);
                } else if (tlv.typeByteValue() == PP2_TYPE_UNIQUE_ID) {
                    uniqueId = tlv.content().toString(StandardCharsets.ISO_8859_1);
                }
            }
            ProxiedAddresses.received(client, address(header.sourceAddress(), header.sourcePort()),
                    address(header.destinationAddress(), header.destinationPort()), authority, uniqueId);
        } else {
            ProxiedAddresses.received(client, null, null, null, null);
        }
    }

    private static InetSocketAddress address(String text, int port) {
        InetAddress address = NetUtil.createInetAddressFromIpAddressString(text);
        return address == null ? null : new InetSocketAddress(address, port);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (timeout != null) {
            timeout.cancel(false);
        }
        releaseEarly();
        if (isOpen()) {
            ctx.fireChannelInactive();
        } else if (!failed) {
            fail(ctx, ProxyHeaderCheck.EMPTY, true);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isOpen()) {
            ctx.fireExceptionCaught(cause);
            return;
        }
        String message;
        if (cause instanceof ProxyHeaderCheck.Failure) {
            message = cause.getMessage();
        } else if (cause instanceof java.io.IOException) {
            message = ProxyHeaderCheck.ABORT;
        } else {
            // what Netty's decoder refused in a header that looked whole
            message = ProxyHeaderCheck.BAD_HEADER;
        }
        fail(ctx, message, message == ProxyHeaderCheck.ABORT);
    }

    /** HAProxy's {@code session_kill_embryonic()}: the error line, then the connection closes. */
    private void fail(ChannelHandlerContext ctx, String message, boolean empty) {
        if (failed || isOpen()) {
            return;
        }
        failed = true;
        LOG.debug("[{}] {}", ctx.channel().id(), message);
        log.connectionError(ctx.channel().remoteAddress() instanceof InetSocketAddress inet ? inet : null,
                acceptEpochMillis, listener, message, empty);
        if (message != ProxyHeaderCheck.EMPTY && message != ProxyHeaderCheck.TIMEOUT && ctx.channel().isActive()) {
            // HAProxy only peeked at the bytes: closing on them unread resets the connection
            ctx.channel().config().setOption(ChannelOption.SO_LINGER, 0);
        }
        ctx.close();
    }
}
