package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LineReaderTest {

    private static List<String> lines(byte[] input, int bufferSize) {
        List<String> out = new ArrayList<>();
        try (LineReader r = new LineReader(new ByteArrayInputStream(input), "test", () -> { }, true, bufferSize)) {
            for (String line = r.next(); line != null; line = r.next()) {
                out.add(line);
                assertThat(r.lineNumber()).isEqualTo(out.size());
                assertThat(r.lineBytes()).isEqualTo(line.getBytes(StandardCharsets.UTF_8).length);
            }
            assertThat(r.next()).isNull(); // stays at the end
        }
        return out;
    }

    private static List<String> lines(String input, int bufferSize) {
        return lines(input.getBytes(StandardCharsets.UTF_8), bufferSize);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 7, 65536})
    void splitsOnNewlineOnlyAndKeepsCarriageReturns(int bufferSize) {
        assertThat(lines("one\r\ntwo\rstill two\n\nfour", bufferSize))
                .containsExactly("one\r", "two\rstill two", "", "four");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 65536})
    void finalNewlineEndsTheLastLineWithoutStartingAnother(int bufferSize) {
        assertThat(lines("a\nb\n", bufferSize)).containsExactly("a", "b");
        assertThat(lines("\n", bufferSize)).containsExactly("");
        assertThat(lines("\n\n", bufferSize)).containsExactly("", "");
        assertThat(lines("", bufferSize)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 65536})
    void decodesMultiByteCharactersSplitAcrossReads(int bufferSize) {
        String text = "caf\u00e9 \u4e2d\u6587 \ud83d\ude00 \ufeffbom \ufffd kept";
        assertThat(lines(text + "\n" + text, bufferSize)).containsExactly(text, text);
    }

    @Test
    void longLinesGrowTheBuffer() {
        String longLine = "x".repeat(10_000) + "\u00e9";
        assertThat(lines(longLine + "\nshort\n", 64)).containsExactly(longLine, "short");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 65536})
    void malformedUtf8NamesTheLineAndTheByte(int bufferSize) {
        byte[] input = {'o', 'k', '\n', 'a', 'b', (byte) 0xFF, 'c', '\n'};
        LineReader r = new LineReader(new ByteArrayInputStream(input), "in.txt", () -> { }, true, bufferSize);
        assertThat(r.next()).isEqualTo("ok");
        assertThatThrownBy(r::next).isInstanceOf(CliException.class)
                .hasMessage("in.txt line 2: not valid UTF-8 (byte 0xFF at byte 3 of the line)");
    }

    @Test
    void truncatedSequenceAtTheEndIsMalformed() {
        byte[] input = {'a', (byte) 0xE4, (byte) 0xB8};
        LineReader r = new LineReader(new ByteArrayInputStream(input), "stdin", () -> { }, true, 65536);
        assertThatThrownBy(r::next).isInstanceOf(CliException.class).hasMessageStartingWith("stdin line 1: not valid UTF-8");
    }

    @Test
    void encodedSurrogatesAreMalformed() {
        // CESU-style encoding of a lone surrogate: not UTF-8, and the Rust library cannot hold it either.
        byte[] input = {(byte) 0xED, (byte) 0xA0, (byte) 0x80, '\n'};
        LineReader r = new LineReader(new ByteArrayInputStream(input), "stdin", () -> { }, true, 65536);
        assertThatThrownBy(r::next).isInstanceOf(CliException.class).hasMessageContaining("not valid UTF-8");
    }

    @Test
    void runsTheHookOnlyBeforeAReadThatMayBlock() {
        int[] flushes = {0};
        InputStream in = new ByteArrayInputStream("a\nb\n".getBytes(StandardCharsets.UTF_8)) {
            private boolean first = true;

            @Override
            public synchronized int read(byte[] b, int off, int len) {
                // Hand out one line per read, so the stream has more only while something is available.
                if (first) {
                    first = false;
                    return super.read(b, off, 2);
                }
                return super.read(b, off, len);
            }
        };
        LineReader r = new LineReader(in, "stdin", () -> flushes[0]++, false, 65536);
        assertThat(r.next()).isEqualTo("a");
        assertThat(flushes[0]).isZero(); // bytes were available
        assertThat(r.next()).isEqualTo("b");
        assertThat(flushes[0]).isZero();
        assertThat(r.next()).isNull();
        assertThat(flushes[0]).isEqualTo(1); // nothing available: flush before waiting
    }
}
