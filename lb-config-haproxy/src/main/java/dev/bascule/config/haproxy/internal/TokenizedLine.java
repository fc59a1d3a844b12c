package dev.bascule.config.haproxy.internal;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One configuration line split into words, or the reason it could not be.
 *
 * <p>HAProxy works on bytes: {@code \xNN} produces a byte, not a character. Each word is therefore
 * kept both as the bytes HAProxy would see ({@link #bytes(int)}, used for payloads such as
 * {@code http-request return string}) and as text decoded from UTF-8 ({@link #words()}, used
 * everywhere else).
 */
public final class TokenizedLine {
    private final List<byte[]> rawWords;
    private final List<String> words;
    private final Optional<String> error;

    private TokenizedLine(List<byte[]> rawWords, Optional<String> error) {
        List<byte[]> copies = new ArrayList<>(rawWords.size());
        List<String> texts = new ArrayList<>(rawWords.size());
        for (byte[] word : rawWords) {
            copies.add(word.clone());
            texts.add(decode(word));
        }
        this.rawWords = List.copyOf(copies);
        this.words = List.copyOf(texts);
        this.error = requireNonNull(error, "error");
    }

    /** The first of the 128 characters standing for bytes that are not UTF-8 (U+DC80 for 0x80...). */
    static final char ESCAPED_BYTE = '\uDC00';

    /**
     * A word's bytes as text: UTF-8, except that a byte which does not belong to a valid UTF-8
     * sequence (a {@code \xE0} escape, say) becomes the lone surrogate U+DC00 + byte, so that
     * sample arguments get the exact bytes back ({@link AclParser#bytesAsChars}).
     */
    static String decode(byte[] word) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(word);
        CharBuffer out = CharBuffer.allocate(word.length);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isUnderflow()) {
                decoder.flush(out);
                break;
            }
            // malformed: each byte of the bad sequence escaped on its own
            for (int i = 0; i < result.length(); i++) {
                out.put((char) (ESCAPED_BYTE + (in.get() & 0xFF)));
            }
        }
        out.flip();
        return out.toString();
    }

    /** A line split into these words (possibly none: empty or comment-only line). */
    public static TokenizedLine of(List<byte[]> words) {
        return new TokenizedLine(words, Optional.empty());
    }

    /** A line HAProxy refuses, with its message (after {@code parsing [file:line]: }). */
    public static TokenizedLine failure(String message) {
        return new TokenizedLine(List.of(), Optional.of(message));
    }

    /** The words, decoded from UTF-8; empty when the line holds nothing or failed. */
    public List<String> words() {
        return words;
    }

    /** A copy of the bytes of word {@code index}. */
    public byte[] bytes(int index) {
        return rawWords.get(index).clone();
    }

    /** Why the line could not be split, HAProxy's message without its location prefix. */
    public Optional<String> error() {
        return error;
    }

    /** True when the line carries no keyword: blank, comment only, or starting with an empty word. */
    public boolean isBlank() {
        return error.isEmpty() && (words.isEmpty() || words.get(0).isEmpty());
    }

    @Override
    public String toString() {
        return error.map(message -> "TokenizedLine[error=" + message + "]")
                .orElseGet(() -> "TokenizedLine" + words);
    }
}
