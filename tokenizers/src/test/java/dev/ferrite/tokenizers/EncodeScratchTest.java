package dev.ferrite.tokenizers;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The per-thread scratch of the fast paths: one per thread, lent to one call at a time, its
 * oversized buffers dropped after a call; and encodings built in it, on lines of every length one
 * after the other, are those of the general pipeline and stay as they were while later lines reuse
 * the scratch (nothing returned aliases it), alone, in batches on several threads, on virtual threads.
 */
class EncodeScratchTest {
    @Test
    void aPlatformThreadReusesItsScratchAndAHeldOneIsNotLentTwice() {
        EncodeScratch first = EncodeScratch.acquire();
        EncodeScratch nested = EncodeScratch.acquire();
        assertThat(nested).as("held by the call before").isNotSameAs(first);
        nested.release();
        first.release();
        EncodeScratch again = EncodeScratch.acquire();
        again.release();
        assertThat(again).isSameAs(first);
        AtomicReference<EncodeScratch> other = new AtomicReference<>();
        Thread t = Thread.ofPlatform().start(() -> {
            EncodeScratch s = EncodeScratch.acquire();
            s.release();
            other.set(s);
        });
        join(t);
        assertThat(other.get()).as("another thread's").isNotSameAs(first);
        AtomicReference<EncodeScratch> virtualSecond = new AtomicReference<>();
        Thread v = Thread.ofVirtual().start(() -> {
            EncodeScratch a = EncodeScratch.acquire();
            a.release();
            EncodeScratch b = EncodeScratch.acquire();
            b.release();
            if (a != b) virtualSecond.set(b);
        });
        join(v);
        assertThat(virtualSecond.get()).as("a virtual thread keeps none: a fresh one per call").isNotNull();
    }

    @Test
    void aCallThatGrewBuffersPastTheBoundLeavesThemBehind() {
        EncodeScratch s = EncodeScratch.acquire();
        String longText = "x".repeat(EncodeScratch.KEEP + 1);
        assertThat(s.mapped.load(null, longText)).isTrue();
        char[] word = s.word(EncodeScratch.KEEP + 1);
        char[] text = s.text(longText);
        int[] ints = s.ints(EncodeScratch.KEEP + 1);
        s.tokens().reserve(EncodeScratch.KEEP);
        s.release();
        assertThat(s.text("a")).isNotSameAs(text);
        assertThat(s.ints(1)).isNotSameAs(ints);
        assertThat(s.mapped.capacity()).isZero();
        assertThat(s.word(1)).isNotSameAs(word);
        assertThat(s.word(1).length).isLessThan(64);
        assertThat(s.tokens().trim(EncodeScratch.KEEP)).as("already trimmed").isFalse();

        EncodeScratch t = EncodeScratch.acquire();
        t.mapped.load(null, "short");
        char[] small = t.word(100);
        char[] shortText = t.text("short");
        int[] fewInts = t.ints(100);
        t.release();
        assertThat(t.text("other")).as("kept").isSameAs(shortText);
        assertThat(t.ints(10)).as("kept").isSameAs(fewInts);
        assertThat(t.mapped.capacity()).as("kept").isGreaterThanOrEqualTo(5);
        assertThat(t.word(50)).as("kept").isSameAs(small);
    }

    private static List<String> lines() throws IOException {
        Path dir = FastPathEquivalenceTest.fixtures().resolve("corpus");
        List<String> out = new ArrayList<>();
        for (String corpus : List.of("english", "multilingual", "code")) {
            Path file = dir.resolve(corpus + ".txt");
            if (!Files.isRegularFile(file)) fail("fixture " + file.toAbsolutePath() + " is missing");
            List<String> lines = Files.readAllLines(file);
            // A line longer than the scratch keeps, then short and long ones: buffers grow, are dropped, grow again.
            out.add(String.join(" ", lines).substring(0, EncodeScratch.KEEP + 1000));
            for (int i = 0; i < lines.size(); i += 13) out.add(lines.get(i));
            out.add(String.join(" ", lines.subList(0, Math.min(60, lines.size()))));
            out.add("");
            out.add("a");
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "bge-small-zh", "llama2", "gemma3", "llama3", "qwen3", "gpt4o"})
    void encodingsAreTheGeneralPipelinesAndShareNothingWithTheScratch(String fixture) throws Exception {
        Path json = FastPathEquivalenceTest.fixtures().resolve("tokenizers/" + fixture + "/tokenizer.json");
        if (!Files.isRegularFile(json)) fail("fixture " + json.toAbsolutePath() + " is missing");
        Tokenizer fast = Tokenizer.fromFile(json).withTruncation(null).withPadding(null);
        Tokenizer general = fast.withoutFastPaths();
        List<String> lines = lines();
        List<Encoding> kept = new ArrayList<>();
        for (String line : lines) kept.add(fast.encode(line));
        // Checked after all lines went through the same scratch: an encoding aliasing it would have changed.
        List<Encoding> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            expected.add(general.encode(lines.get(i)));
            FastPathEquivalenceTest.assertSame(kept.get(i), expected.get(i), fixture + " line " + i);
        }
        List<Encoding> batch = fast.encodeBatch(lines, true);
        for (int i = 0; i < lines.size(); i++) FastPathEquivalenceTest.assertSame(batch.get(i), expected.get(i), fixture + " batch line " + i);
        // Virtual threads, several lines each, as the server encodes a request's inputs.
        List<Thread> threads = new ArrayList<>();
        Encoding[] virtual = new Encoding[lines.size()];
        for (int from = 0; from < lines.size(); from += 20) {
            int start = from;
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = start; i < Math.min(start + 20, lines.size()); i++) virtual[i] = fast.encode(lines.get(i));
            }));
        }
        for (Thread t : threads) join(t);
        for (int i = 0; i < lines.size(); i++) FastPathEquivalenceTest.assertSame(virtual[i], expected.get(i), fixture + " virtual line " + i);
    }

    private static void join(Thread t) {
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
