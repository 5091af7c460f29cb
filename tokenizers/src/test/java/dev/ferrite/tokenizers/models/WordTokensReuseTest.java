package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link WordTokens} reused from word to word and from line to line, as the fast paths keep one
 * per thread: its merge scratch ({@link WordTokens#word}) and cache columns carry nothing from one
 * word to the next, {@link WordTokens#reserve} empties it, and {@link WordTokens#trim} lets go of
 * what a long line grew while the holder stays usable.
 */
class WordTokensReuseTest {
    @Test
    void reserveEmptiesTheHolderAndTrimDropsOnlyOversizedArrays() {
        WordTokens out = new WordTokens();
        out.append(1, 0, 1);
        out.reserve(1000);
        assertThat(out.count()).isZero();
        assertThat(out.buffer(0).length).isGreaterThanOrEqualTo(3000);
        for (int k = 0; k < 1000; k++) out.append(k, k, k + 1);
        out.word(4).reset(5000);
        assertThat(out.trim(1 << 20)).as("nothing past the bound").isFalse();
        assertThat(out.count()).isEqualTo(1000);
        assertThat(out.trim(2048)).as("tokens and merge word past the bound").isTrue();
        assertThat(out.buffer(0).length).isLessThanOrEqualTo(2048);
        assertThat(out.word(4).room()).isLessThan(5000);
        out.append(7, 0, 2);
        assertThat(out.count()).isEqualTo(1);
        assertThat(out.id(0)).isEqualTo(7);
    }

    /**
     * Llama 2's whole lines, a very long one first, then short and long ones, each seen for the first
     * time (so that its pieces are merged, in the reused word), the holder trimmed after each line as
     * the fast path does: the tokens of each are those of a fresh holder on a fresh model.
     */
    @Test
    void aReusedHolderGivesWhatFreshOnesGive() {
        String json = BpeFixtures.modelOnly("llama2", Map.of());
        Bpe reused = BpeFixtures.ferrite(json, "llama2");
        Bpe fresh = BpeFixtures.ferrite(json, "llama2");
        List<String> lines = new ArrayList<>();
        List<String> corpus = BpeWholeLineDifferentialTest.lines(true);
        lines.add(String.join("\u2581", corpus.subList(0, 400)));
        for (int i = 0; i < 400; i += 3) lines.add(corpus.get(i));
        lines.add(String.join("\u2581", corpus.subList(400, 500)));
        lines.add("a");
        WordTokens out = new WordTokens();
        for (String line : lines) {
            reused.tokenize(line.toCharArray(), line.length(), out);
            WordTokens expected = new WordTokens();
            fresh.tokenize(line.toCharArray(), line.length(), expected);
            assertThat(out.toTokens(reused)).as(line).usingRecursiveFieldByFieldElementComparator()
                    .containsExactlyElementsOf(expected.toTokens(fresh));
            out.trim(4096);
        }
    }
}
