package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.pipeline.RawEncoding;
import dev.ferrite.tokenizers.reference.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fused passes build each encoding in the thread's reusable arrays and copy it out at its
 * exact size ({@link RawEncoding#borrowing}): an encoding handed out must never change when the
 * same thread, or another one, encodes more text, of any length, alone, in pairs or in batches.
 */
class EncodingReuseTest {
    /** Short, long (the thread's arrays grow), empty, very long (too large to keep), and corpus lines. */
    private static List<String> texts(boolean veryLong) {
        List<String> out = new ArrayList<>();
        String words = "the quick brown fox jumps over the lazy dog, again and again; ";
        out.add("Hello world!");
        out.add(words.repeat(40));
        out.add("");
        out.add("a");
        if (veryLong) out.add(words.repeat(3000));
        out.add("Short again.");
        out.addAll(Fixtures.corpus("english").stream().limit(40).toList());
        out.addAll(Fixtures.corpus("multilingual").stream().limit(20).toList());
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "llama2", "llama3"})
    void encodingsHeldAcrossLaterEncodesStayTheSame(String fixture) {
        Tokenizer tok = Tokenizer.fromFile(Fixtures.tokenizerFile(fixture));
        Tokenizer general = tok.withoutFastPaths();
        List<String> texts = texts(true);
        List<Encoding> held = new ArrayList<>();
        List<Encoding> heldPairs = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            held.add(tok.encode(texts.get(i)));
            heldPairs.add(tok.encode(texts.get(i), texts.get(texts.size() - 1 - i), true));
        }
        for (int i = 0; i < texts.size(); i++) {
            FastPathEquivalenceTest.assertSame(held.get(i), general.encode(texts.get(i)), fixture + " text " + i);
            FastPathEquivalenceTest.assertSame(heldPairs.get(i), general.encode(texts.get(i), texts.get(texts.size() - 1 - i), true),
                    fixture + " pair " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"minilm", "llama2"})
    void parallelBatchesEqualSingleEncodes(String fixture) {
        // MiniLM's pad token is the name of its id (no texts stored), Llama 2's "<pad>" is not.
        Padding padding = fixture.equals("minilm") ? Padding.batchLongest(0, "[PAD]") : Padding.batchLongest(0, "<pad>");
        Tokenizer tok = Tokenizer.fromFile(Fixtures.tokenizerFile(fixture)).withPadding(padding);
        List<String> texts = new ArrayList<>();
        for (int round = 0; round < 6; round++) texts.addAll(texts(false));
        List<String> pairs = texts.reversed();
        List<Encoding> batch = tok.encodeBatch(texts, true);
        List<Encoding> pairBatch = tok.encodeBatch(texts, pairs, true);
        Tokenizer unpadded = tok.withPadding(null);
        int longest = 0;
        for (Encoding e : batch) longest = Math.max(longest, e.length());
        for (int i = 0; i < texts.size(); i++) {
            Encoding single = unpadded.encode(texts.get(i));
            assertThat(batch.get(i).length()).isEqualTo(longest);
            int[] ids = batch.get(i).ids();
            assertThat(java.util.Arrays.copyOf(ids, single.length())).as(fixture + " text " + i).containsExactly(single.ids());
            List<String> tokens = batch.get(i).tokens();
            assertThat(tokens.subList(0, single.length())).containsExactlyElementsOf(single.tokens());
            assertThat(tokens.subList(single.length(), longest)).allMatch(padding.padToken()::equals);
            Encoding pair = unpadded.encode(texts.get(i), pairs.get(i), true);
            assertThat(java.util.Arrays.copyOf(pairBatch.get(i).typeIds(), pair.length())).containsExactly(pair.typeIds());
            assertThat(java.util.Arrays.copyOf(pairBatch.get(i).ids(), pair.length())).as(fixture + " pair " + i).containsExactly(pair.ids());
        }
    }

    @Test
    void anEncodingStillInBorrowedArraysIsNotHandedOut() {
        RawEncoding raw = RawEncoding.borrowing(0, null);
        assertThatThrownBy(() -> new Encoding(raw, "", null)).isInstanceOf(IllegalStateException.class);
        raw.detach();
        assertThat(new Encoding(raw, "", null).length()).isZero();
    }
}
