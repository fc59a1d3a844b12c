package dev.bascule.api.sample;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.zip.CRC32;
import java.util.zip.CRC32C;

/** HAProxy's hash functions, against values HAProxy 2.6 gave for {@code %[str(hello),<hash>]}. */
final class HashFunctionTest {
    private static long hash(HashFunction function, String text) {
        return Integer.toUnsignedLong(function.hash(text, 0, text.length()));
    }

    @Test
    void givesHaproxysValues() {
        assertThat(hash(HashFunction.SDBM, "hello")).isEqualTo(684824882L);
        assertThat(hash(HashFunction.DJB2, "hello")).isEqualTo(261238937L);
        assertThat(hash(HashFunction.WT6, "hello")).isEqualTo(3538347703L);
        assertThat(hash(HashFunction.CRC32, "hello")).isEqualTo(907060870L);
        assertThat(hash(HashFunction.CRC32C, "hello")).isEqualTo(2591144780L);
        // wt6(1): with HAProxy's avalanche
        assertThat(Integer.toUnsignedLong(HashFunction.avalanche(HashFunction.WT6.hash("hello", 0, 5))))
                .isEqualTo(140457739L);
    }

    @Test
    void hashesOnlyTheRangeAndTheLowByteOfEachCharacter() {
        assertThat(HashFunction.SDBM.hash("xhellox", 1, 6)).isEqualTo(HashFunction.SDBM.hash("hello", 0, 5));
        assertThat(HashFunction.DJB2.hash("h\u0165llo", 0, 5)).isEqualTo(HashFunction.DJB2.hash("hello", 0, 5));
    }

    @Test
    void crcsAreTheStandardOnes() {
        byte[] bytes = new byte[256];
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 7 + 3);
            text.append((char) (bytes[i] & 0xff));
        }
        CRC32 crc32 = new CRC32();
        crc32.update(bytes);
        CRC32C crc32c = new CRC32C();
        crc32c.update(bytes);
        assertThat(hash(HashFunction.CRC32, text.toString())).isEqualTo(crc32.getValue());
        assertThat(hash(HashFunction.CRC32C, text.toString())).isEqualTo(crc32c.getValue());
    }

    @Test
    void keywordsAreHaproxysNames() {
        assertThat(HashFunction.CRC32C.keyword()).isEqualTo("crc32c");
        assertThat(HashFunction.SDBM.keyword()).isEqualTo("sdbm");
    }
}
