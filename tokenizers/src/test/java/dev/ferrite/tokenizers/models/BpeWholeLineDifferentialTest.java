package dev.ferrite.tokenizers.models;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whole lines through the BPE model, as Llama 2 and Gemma 3 hand them to it (no effective
 * pre-tokenizer: "▁" for every space, and for Llama 2 one in front), against the Rust library.
 * These words are long and full of "▁", so they exercise the cuts of {@link BpeCuts}, the piece
 * cache and {@link BpeWord#mergeByScan}; the option variants check that unk tokens (fused or not)
 * and dropped characters stay exact across cuts, and that ignore_merges still looks at the whole
 * line.
 */
class BpeWholeLineDifferentialTest {
    private static final List<String> CORPORA = List.of("english.txt", "code.txt", "multilingual.txt", "naughty.txt");

    /** Llama 2's normalizer: Prepend "▁", then every space to "▁" (a non-empty line only). */
    static String llama2Line(String line) {
        return line.isEmpty() ? line : "\u2581" + line.replace(' ', '\u2581');
    }

    static String gemma3Line(String line) {
        return line.replace(' ', '\u2581');
    }

    static List<String> lines(boolean llama2) {
        List<String> out = new ArrayList<>();
        for (String corpus : CORPORA) {
            for (String line : BpeFixtures.lines(corpus)) out.add(llama2 ? llama2Line(line) : gemma3Line(line));
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama2", "gemma3"})
    void wholeLinesAsRust(String fixture) {
        String json = BpeFixtures.modelOnly(fixture, Map.of());
        Bpe bpe = BpeFixtures.ferrite(json, fixture);
        List<String> lines = lines(fixture.equals("llama2"));
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(bpe, rust, lines, true);
            // Again, now with the pieces cached.
            BpeFixtures.compare(bpe, rust, lines, true);
        }
    }

    @Test
    void llama2CutsBeforeEverySpaceAfterAnotherCharacter() {
        Bpe bpe = BpeFixtures.ferrite(BpeFixtures.modelOnly("llama2", Map.of()), "llama2");
        BpeCuts cuts = cutsOf(bpe);
        assertThat(cuts).isNotNull();
        int space = cuts.kind('\u2581');
        assertThat(space).isGreaterThanOrEqualTo(BpeCuts.UNLESS);
        assertThat(cuts.cuts(space, 'a')).isTrue();
        assertThat(cuts.cuts(space, '\u2581')).isFalse();
        assertThat(cuts.kind('e')).isEqualTo(BpeCuts.NEVER);
    }

    @Test
    void gemma3KeepsTheSpaceAfterAnAngleBracket() {
        // Gemma 3 has the rule ">" + "▁</".
        Bpe bpe = BpeFixtures.ferrite(BpeFixtures.modelOnly("gemma3", Map.of()), "gemma3");
        BpeCuts cuts = cutsOf(bpe);
        int space = cuts.kind('\u2581');
        assertThat(space).isGreaterThanOrEqualTo(BpeCuts.UNLESS);
        assertThat(cuts.cuts(space, '>')).isFalse();
        assertThat(cuts.cuts(space, '\u2581')).isFalse();
        assertThat(cuts.cuts(space, 'a')).isTrue();
    }

    @Test
    void unkTokensAcrossCuts() {
        List<String> lines = lines(true);
        for (boolean fuse : new boolean[] {true, false}) {
            String json = BpeFixtures.modelOnly("llama2", BpeOptionsDifferentialTest.options("byte_fallback", false, "fuse_unk", fuse));
            check(json, lines);
        }
    }

    @Test
    void droppedCharactersShiftOffsetsAcrossTheWholeLine() {
        check(BpeFixtures.modelOnly("llama2", BpeOptionsDifferentialTest.options("byte_fallback", false, "unk_token", null)), lines(true));
    }

    @Test
    void ignoreMergesLooksAtTheWholeLine() {
        List<String> lines = new ArrayList<>(lines(true));
        // Lines that are tokens of their own, and longer than the shortest word looked at for cuts.
        lines.addAll(List.of("\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581",
                "\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581\u2581x"));
        check(BpeFixtures.modelOnly("llama2", BpeOptionsDifferentialTest.options("ignore_merges", true)), lines);
        check(BpeFixtures.modelOnly("gemma3", BpeOptionsDifferentialTest.options("ignore_merges", true)), lines(false));
    }

    private static void check(String json, List<String> lines) {
        Bpe bpe = BpeFixtures.ferrite(json, "variant");
        try (HuggingFaceTokenizer rust = BpeFixtures.rust(json)) {
            BpeFixtures.compare(bpe, rust, lines, true);
            BpeFixtures.compare(bpe, rust, lines, true);
        }
    }

    static BpeCuts cutsOf(Bpe bpe) {
        return bpe.cuts();
    }
}
