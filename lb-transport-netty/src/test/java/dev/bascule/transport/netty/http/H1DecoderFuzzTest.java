package dev.bascule.transport.netty.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bascule.api.config.HttpTuning;
import dev.bascule.transport.netty.testing.LeakDetectionExtension;
import dev.bascule.transport.netty.testing.TrackingAllocator;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuzzes {@link H1Decoder}, both sides, with Jazzer (docs/fuzzing.md). Each input is decoded twice:
 * in one write, and cut into pieces at byte boundaries the input chooses (or one byte at a time).
 * Any exception, an unreleased buffer, a broken invariant of the decoder's output, or two cuttings
 * of the same bytes giving different messages is a finding; but for one difference HAProxy has
 * too: more than {@code tune.http.maxhdr} fields of a head that never completes are refused when
 * they come in one read, not when they come in smaller ones.
 *
 * <p>An input is the bytes on the wire followed by the choices, read backwards from its end:
 * response side (last byte, lowest bit), tuning, the method a response answers, one byte at a
 * time, how many cuts, then each cut (two bytes). A seed ending with five zero bytes is a request
 * stream under the default tuning, decoded in one piece and one byte at a time.
 */
final class H1DecoderFuzzTest {
    /** The default, and small buffers and field limits so that the limits are reached by short inputs. */
    private static final HttpTuning[] TUNINGS = {
        HttpTuning.DEFAULT,
        new HttpTuning(256, -1, 101),
        new HttpTuning(192, 64, 4),
        new HttpTuning(1024, 0, 2),
    };
    private static final HttpMethod[] ANSWERED = {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.CONNECT, HttpMethod.POST};
    private static final Set<Integer> STATUSES = Set.of(400, 413, 422, 502);
    private static final String UNFINISHED = "\n(unfinished)";

    @FuzzTest(maxDuration = "20s")
    void decode(FuzzedDataProvider data) {
        List<String> earlier = LeakDetectionExtension.takeLeaks();
        assertThat(earlier).as("leaks reported by Netty during earlier inputs").isEmpty();

        boolean response = data.consumeBoolean();
        HttpTuning tuning = TUNINGS[data.consumeInt(0, TUNINGS.length - 1)];
        HttpMethod answered = ANSWERED[data.consumeInt(0, ANSWERED.length - 1)];
        boolean byteByByte = data.consumeBoolean();
        int[] cuts = new int[data.consumeInt(0, 15)];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = data.consumeInt(0, 0xffff);
        }
        byte[] wire = data.consumeRemainingAsBytes();

        Decoding whole = Decoding.run(response, tuning, answered, wire, new int[] {wire.length});
        int[] ends = byteByByte ? oneByOne(wire.length) : pieceEnds(cuts, wire.length);
        Decoding pieces = Decoding.run(response, tuning, answered, wire, ends);
        List<String> expected = whole.outcome();
        List<String> outcome = pieces.outcome();
        if (whole.refusedForItsFieldCount() && pieces.refused == null) {
            // as HAProxy's parser, the decoder counts the fields of the part of a head (or
            // trailers) that it has: a read holding more than tune.http.maxhdr fields of a head not
            // complete yet is refused at once, the same bytes in smaller reads only once the head
            // is complete, which it never is here (haproxy 2.6.12 answers 400 at once, or 408)
            expected = expected.subList(0, expected.size() - 1);
            if (!outcome.isEmpty() && outcome.get(outcome.size() - 1).endsWith(UNFINISHED)) {
                outcome = outcome.subList(0, outcome.size() - 1);
            }
        }
        assertThat(outcome).as("cut at %s", java.util.Arrays.toString(ends)).isEqualTo(expected);
    }

    /** Where each piece ends: the cuts taken modulo the length, sorted, and the end. */
    static int[] pieceEnds(int[] cuts, int length) {
        java.util.TreeSet<Integer> ends = new java.util.TreeSet<>();
        for (int cut : cuts) {
            if (length > 0) {
                ends.add(cut % length);
            }
        }
        ends.remove(0);
        ends.add(length);
        return ends.stream().mapToInt(Integer::intValue).toArray();
    }

    static int[] oneByOne(int length) {
        int[] ends = new int[Math.max(length, 1)];
        for (int i = 0; i < ends.length; i++) {
            ends[i] = Math.min(i + 1, length);
        }
        return ends;
    }

    /**
     * One decoding of a byte stream: checks the decoder's output object by object as it comes, and
     * sums it up in a form that does not depend on how the bytes were cut.
     */
    static final class Decoding {
        private final boolean response;
        private final HttpMethod answered;
        private final byte[] wire;
        private final List<String> complete = new ArrayList<>();
        private final ByteArrayOutputStream allContent = new ByteArrayOutputStream();
        private StringBuilder current;
        private Map.Entry<HttpMessage, ByteArrayOutputStream> open;
        private boolean dataEnd;
        private Integer refused;
        private String refusal;

        private Decoding(boolean response, HttpMethod answered, byte[] wire) {
            this.response = response;
            this.answered = answered;
            this.wire = wire;
        }

        /** Writes {@code wire} in pieces ending at {@code ends}, then closes the channel. */
        static Decoding run(boolean response, HttpTuning tuning, HttpMethod answered, byte[] wire, int[] ends) {
            Decoding decoding = new Decoding(response, answered, wire);
            TrackingAllocator allocator = new TrackingAllocator();
            H1Decoder decoder = response ? H1Decoder.responses(tuning) : H1Decoder.requests(tuning);
            if (response) {
                decoder.expectResponseTo(answered);
            }
            EmbeddedChannel channel = new EmbeddedChannel();
            channel.config().setAllocator(allocator);
            channel.pipeline().addLast(decoder);
            int from = 0;
            for (int end : ends) {
                ByteBuf piece = allocator.buffer(end - from);
                piece.writeBytes(wire, from, end - from);
                // rethrows what the decoder threw
                channel.writeInbound(piece);
                decoding.drain(channel);
                from = end;
            }
            channel.finish();
            decoding.drain(channel);
            assertThat(allocator.unreleased()).as("buffers still held once the channel is closed").isEmpty();
            decoding.checkContentCameFromTheWire();
            return decoding;
        }

        private void drain(EmbeddedChannel channel) {
            Object message;
            while ((message = channel.readInbound()) != null) {
                try {
                    accept(message);
                } finally {
                    ReferenceCountUtil.release(message);
                }
            }
        }

        private void accept(Object message) {
            assertThat(message).isInstanceOf(HttpObject.class);
            assertThat(refused).as("output after a refusal: %s", message).isNull();
            HttpObject object = (HttpObject) message;
            assertThat(object instanceof HttpMessage && object instanceof HttpContent)
                    .as("a full message: %s", object).isFalse();
            if (object.decoderResult().isFailure()) {
                assertThat(object.decoderResult().cause()).isInstanceOf(H1Exception.class);
                int status = ((H1Exception) object.decoderResult().cause()).status();
                assertThat(STATUSES).as("status of a refusal").contains(status);
                if (object instanceof HttpContent content) {
                    assertThat(object).isInstanceOf(LastHttpContent.class);
                    assertThat(open).as("a refused body without a head").isNotNull();
                    assertThat(content.content().isReadable()).isFalse();
                } else {
                    assertThat(object).isInstanceOf(response ? HttpResponse.class : HttpRequest.class);
                }
                refused = status;
                refusal = object.decoderResult().cause().getMessage();
                return;
            }
            assertThat(object.decoderResult().isSuccess()).as("decoder result of %s", object).isTrue();
            if (object instanceof HttpMessage head) {
                assertThat(open).as("a head inside a message: %s", head).isNull();
                head(head);
                return;
            }
            HttpContent content = (HttpContent) object;
            assertThat(open).as("content without a head").isNotNull();
            if (content == H1Decoder.DATA_END) {
                assertThat(response).as("the end of a chunked response's data is not reported").isFalse();
                assertThat(dataEnd).as("the end of the data twice").isFalse();
                dataEnd = true;
                return;
            }
            ByteBuf bytes = content.content();
            byte[] copy = new byte[bytes.readableBytes()];
            bytes.getBytes(bytes.readerIndex(), copy);
            open.getValue().writeBytes(copy);
            allContent.writeBytes(copy);
            if (content instanceof LastHttpContent last) {
                end(last.trailingHeaders());
            }
        }

        private void head(HttpMessage head) {
            HttpHeaders headers = head.headers();
            StringBuilder line = new StringBuilder();
            if (head instanceof HttpRequest request) {
                assertThat(response).isFalse();
                assertThat(request.method().name()).matches("[!#$%&'*+\\-.^_`|~0-9A-Za-z]+");
                assertThat(request.uri()).matches("[\\x21-\\x7e]+");
                assertThat(headers.getAll("host")).as("host fields").hasSizeLessThanOrEqualTo(1);
                line.append(request.method()).append(' ').append(request.uri());
            } else {
                HttpResponse answer = (HttpResponse) head;
                assertThat(response).isTrue();
                assertThat(answer.status().code()).isBetween(100, 999);
                assertThat(answer.status().reasonPhrase()).doesNotContain("\r", "\n");
                line.append(answer.status().code()).append(' ').append(answer.status().reasonPhrase());
            }
            line.append(' ').append(head.protocolVersion().text());
            fields(headers, line);
            // nothing ambiguous goes on: one length at most, made of digits, never with a coding
            List<String> lengths = headers.getAll("content-length");
            assertThat(lengths).as("content-length fields").hasSizeLessThanOrEqualTo(1);
            if (!lengths.isEmpty()) {
                assertThat(lengths.get(0)).matches("[0-9]*");
                assertThat(headers.contains("transfer-encoding")).as("a length and a coding").isFalse();
            }
            current = line;
            open = Map.entry(head, new ByteArrayOutputStream());
            dataEnd = false;
        }

        private static void fields(HttpHeaders headers, StringBuilder line) {
            for (Map.Entry<String, String> field : headers) {
                assertThat(field.getKey()).matches("[!#$%&'*+\\-.^_`|~0-9a-z]+");
                assertThat(field.getValue()).doesNotContain("\r", "\n");
                line.append('\n').append(field.getKey()).append(": ").append(field.getValue());
            }
        }

        private void end(HttpHeaders trailers) {
            HttpMessage head = open.getKey();
            byte[] body = open.getValue().toByteArray();
            List<String> lengths = head.headers().getAll("content-length");
            if (!lengths.isEmpty() && !lengths.get(0).isEmpty() && !bodyless(head)) {
                assertThat((long) body.length).as("body of %s", head).isEqualTo(Long.parseLong(lengths.get(0)));
            }
            if (!response && head.headers().contains("transfer-encoding") && !bodyless(head)) {
                assertThat(dataEnd).as("the end of a chunked request's data").isTrue();
            }
            current.append("\n\n").append(new String(body, StandardCharsets.ISO_8859_1));
            fields(trailers, current.append("\n--"));
            complete.add(current.toString());
            current = null;
            open = null;
        }

        /** No body, whatever the head says: a response to HEAD, 1xx, 204, 304, 2xx to CONNECT; a CONNECT request. */
        private boolean bodyless(HttpMessage head) {
            if (head instanceof HttpRequest request) {
                return request.method() == HttpMethod.CONNECT;
            }
            int code = ((HttpResponse) head).status().code();
            return answered == HttpMethod.HEAD || code < 200 || code == 204 || code == 304
                    || answered == HttpMethod.CONNECT && code < 300;
        }

        /** The content, all of it, is a run of the wire's bytes after another, in order. */
        private void checkContentCameFromTheWire() {
            byte[] content = allContent.toByteArray();
            assertThat(content.length).as("content bytes").isLessThanOrEqualTo(wire.length);
            int at = 0;
            for (byte b : content) {
                while (at < wire.length && wire[at] != b) {
                    at++;
                }
                assertThat(at).as("content byte not found in order on the wire").isLessThan(wire.length);
                at++;
            }
        }

        /** Whether the decoding ended with a head or trailers refused for having too many fields. */
        boolean refusedForItsFieldCount() {
            return "too many header fields".equals(refusal) || "too many trailer fields".equals(refusal);
        }

        /**
         * The messages decoded whole, then the refusal's status, or the message under way (a refused
         * message's head is taken back when the refusal comes in the same read: it is left out here).
         */
        List<String> outcome() {
            List<String> outcome = new ArrayList<>(complete);
            if (refused != null) {
                outcome.add("refused " + refused);
            } else if (current != null) {
                outcome.add(current + "\n\n" + new String(open.getValue().toByteArray(), StandardCharsets.ISO_8859_1)
                        + UNFINISHED);
            }
            return outcome;
        }
    }
}
