package dev.bascule.transport.netty.tls;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;

/**
 * One handshake in memory between a listener's context and a client, when the listener opens:
 * a fresh JVM takes several hundred milliseconds over its first handshake (classes, the native
 * library, the key's first use), which would otherwise fall on the first client, or on the first
 * {@code check-ssl} probe, whose time is {@code inter}. Control plane only; a failure is logged
 * and changes nothing.
 */
final class TlsWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(TlsWarmUp.class);
    private static final int MAX_STEPS = 64;

    private TlsWarmUp() {
    }

    static void handshake(SslContext server, TlsProvider provider) {
        SSLEngine serverEngine = null;
        SSLEngine clientEngine = null;
        try {
            SslContext client = SslContextBuilder.forClient().sslProvider(provider.netty())
                    .trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null).build();
            serverEngine = server.newEngine(ByteBufAllocator.DEFAULT);
            clientEngine = client.newEngine(ByteBufAllocator.DEFAULT);
            ByteBuffer toServer = ByteBuffer.allocate(64 * 1024);
            ByteBuffer toClient = ByteBuffer.allocate(64 * 1024);
            ByteBuffer plain = ByteBuffer.allocate(64 * 1024);
            ByteBuffer empty = ByteBuffer.allocate(0);
            clientEngine.beginHandshake();
            serverEngine.beginHandshake();
            for (int step = 0; step < MAX_STEPS && !(done(clientEngine) && done(serverEngine)); step++) {
                clientEngine.wrap(empty, toServer);
                run(clientEngine);
                toServer.flip();
                serverEngine.unwrap(toServer, plain);
                run(serverEngine);
                toServer.compact();
                plain.clear();
                serverEngine.wrap(empty, toClient);
                run(serverEngine);
                toClient.flip();
                clientEngine.unwrap(toClient, plain);
                run(clientEngine);
                toClient.compact();
                plain.clear();
            }
        } catch (SSLException | RuntimeException e) {
            LOG.debug("TLS warm-up handshake failed (no consequence): {}", e.toString());
        } finally {
            ReferenceCountUtil.release(serverEngine);
            ReferenceCountUtil.release(clientEngine);
        }
    }

    private static boolean done(SSLEngine engine) {
        SSLEngineResult.HandshakeStatus status = engine.getHandshakeStatus();
        return status == SSLEngineResult.HandshakeStatus.FINISHED
                || status == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING;
    }

    private static void run(SSLEngine engine) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }
}
