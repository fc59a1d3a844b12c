package dev.bascule.transport.netty.dns;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsOpCode;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.buffer.Unpooled;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny authoritative DNS server for tests, on 127.0.0.1 and a free UDP port, on Netty's DNS
 * codec: it answers A and AAAA questions from what the test sets (addresses, NXDOMAIN, REFUSED,
 * or silence), and the test changes the answers while it runs.
 */
public final class TestDnsServer implements AutoCloseable {
    /** What a name gets. */
    private record Answer(DnsResponseCode code, List<InetAddress> addresses, boolean silent) {
    }

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final AtomicInteger queries = new AtomicInteger();
    private final Channel channel;

    public TestDnsServer() throws InterruptedException {
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Responder());
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    /** The UDP port it listens on, on 127.0.0.1. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Queries received so far. */
    public int queries() {
        return queries.get();
    }

    /** {@code name} resolves to these addresses (IPv4 or IPv6 literals), in this order. */
    public void answer(String name, String... addresses) {
        List<InetAddress> parsed = new java.util.ArrayList<>();
        for (String address : addresses) {
            try {
                parsed.add(InetAddress.getByName(address));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(address, e);
            }
        }
        answers.put(key(name), new Answer(DnsResponseCode.NOERROR, parsed, false));
    }

    /** {@code name} does not exist (NXDOMAIN). */
    public void nx(String name) {
        answers.put(key(name), new Answer(DnsResponseCode.NXDOMAIN, List.of(), false));
    }

    /** Queries for {@code name} are refused (REFUSED). */
    public void refuse(String name) {
        answers.put(key(name), new Answer(DnsResponseCode.REFUSED, List.of(), false));
    }

    /** Queries for {@code name} get no answer at all. */
    public void silence(String name) {
        answers.put(key(name), new Answer(DnsResponseCode.NOERROR, List.of(), true));
    }

    private static String key(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            queries.incrementAndGet();
            DnsRecord question = query.recordAt(DnsSection.QUESTION);
            Answer answer = answers.getOrDefault(key(question.name()),
                    new Answer(DnsResponseCode.NXDOMAIN, List.of(), false));
            if (answer.silent()) {
                return;
            }
            DatagramDnsResponse response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id(),
                    DnsOpCode.QUERY, answer.code());
            response.setAuthoritativeAnswer(true);
            response.setRecursionDesired(query.isRecursionDesired());
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            for (InetAddress address : answer.addresses()) {
                byte[] bytes = address.getAddress();
                DnsRecordType type = bytes.length == 4 ? DnsRecordType.A : DnsRecordType.AAAA;
                if (type == question.type()) {
                    response.addRecord(DnsSection.ANSWER, new DefaultDnsRawRecord(question.name(), type, 1,
                            Unpooled.wrappedBuffer(bytes)));
                }
            }
            ctx.writeAndFlush(response);
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 100, TimeUnit.MILLISECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
