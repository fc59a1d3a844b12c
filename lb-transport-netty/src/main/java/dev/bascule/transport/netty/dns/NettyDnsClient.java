package dev.bascule.transport.netty.dns;

import dev.bascule.api.config.ResolversConfig;
import dev.bascule.core.dns.DnsAnswer;
import dev.bascule.core.dns.DnsClient;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryEncoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseDecoder;
import io.netty.handler.codec.dns.AbstractDnsOptPseudoRrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A small DNS client over UDP on Netty's DNS codec: one socket, queries told apart by their id,
 * each answer's A or AAAA records read in order. It does not cache; the resolvers decide when to
 * ask again.
 */
public final class NettyDnsClient implements DnsClient {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
            new DefaultThreadFactory("bascule-dns", true), NioIoHandler.newFactory());
    private final Map<Integer, Pending> pending = new ConcurrentHashMap<>();
    private final Channel channel;

    /** A query waiting for its answer. */
    private record Pending(String name, DnsRecordType type, CompletableFuture<DnsAnswer> answer) {
    }

    public NettyDnsClient() {
        Bootstrap bootstrap = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                // an answer can be as large as accepted_payload_size allows (Netty reads 2048 bytes by default)
                .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(ResolversConfig.MAX_UDP_MESSAGE))
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryEncoder(), new DatagramDnsResponseDecoder(),
                                new ResponseHandler());
                    }
                });
        this.channel = bootstrap.bind(0).syncUninterruptibly().channel();
    }

    @Override
    public CompletionStage<DnsAnswer> query(InetSocketAddress nameserver, String name, boolean ipv6, int payloadSize,
                                            long timeoutMillis) {
        CompletableFuture<DnsAnswer> answer = new CompletableFuture<>();
        DnsRecordType type = ipv6 ? DnsRecordType.AAAA : DnsRecordType.A;
        int id;
        Pending waiting = new Pending(name.toLowerCase(Locale.ROOT), type, answer);
        do {
            id = ThreadLocalRandom.current().nextInt(1, 0x10000);
        } while (pending.putIfAbsent(id, waiting) != null);
        int queryId = id;
        DatagramDnsQuery query = new DatagramDnsQuery(null, nameserver, queryId);
        query.setRecursionDesired(true);
        query.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(name, type));
        if (payloadSize > 512) {
            // EDNS0, as HAProxy when accepted_payload_size is raised
            query.addRecord(DnsSection.ADDITIONAL, new AbstractDnsOptPseudoRrRecord(payloadSize) {
            });
        }
        channel.writeAndFlush(query).addListener(future -> {
            if (!future.isSuccess()) {
                pending.remove(queryId, waiting);
                answer.completeExceptionally(future.cause());
            }
        });
        channel.eventLoop().schedule(() -> {
            if (pending.remove(queryId, waiting)) {
                answer.completeExceptionally(new TimeoutException("no answer from " + nameserver + " in "
                        + timeoutMillis + "ms"));
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        return answer;
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<DatagramDnsResponse> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsResponse response) {
            Pending waiting = pending.get(response.id());
            if (waiting == null || !matches(response, waiting) || !pending.remove(response.id(), waiting)) {
                // late, unknown or forged: dropped as HAProxy drops it
                return;
            }
            List<InetAddress> addresses = new ArrayList<>();
            int count = response.count(DnsSection.ANSWER);
            for (int index = 0; index < count; index++) {
                DnsRecord record = response.recordAt(DnsSection.ANSWER, index);
                if (record.type() == waiting.type() && record instanceof DnsRawRecord raw) {
                    byte[] bytes = new byte[raw.content().readableBytes()];
                    raw.content().getBytes(raw.content().readerIndex(), bytes);
                    if (bytes.length == (waiting.type() == DnsRecordType.A ? 4 : 16)) {
                        try {
                            addresses.add(InetAddress.getByAddress(waiting.name(), bytes));
                        } catch (UnknownHostException e) {
                            // the length was checked
                        }
                    }
                }
            }
            waiting.answer().complete(new DnsAnswer(response.code().intValue(), addresses));
        }

        private boolean matches(DatagramDnsResponse response, Pending waiting) {
            if (response.count(DnsSection.QUESTION) != 1) {
                return false;
            }
            DnsRecord question = response.recordAt(DnsSection.QUESTION);
            String asked = question.name().toLowerCase(Locale.ROOT);
            if (asked.endsWith(".")) {
                asked = asked.substring(0, asked.length() - 1);
            }
            String expected = waiting.name().endsWith(".") ? waiting.name().substring(0, waiting.name().length() - 1)
                    : waiting.name();
            return question.type() == waiting.type() && asked.equals(expected);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        pending.values().forEach(waiting -> waiting.answer().completeExceptionally(
                new java.util.concurrent.CancellationException("DNS client closed")));
        pending.clear();
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(2, TimeUnit.SECONDS);
    }
}
