package dev.ferrite.tokenizers.reference;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The synthetic tokenizer.json files are what they claim to be, as the Rust library reads them. */
class SyntheticTokenizersTest {

    @Test
    void theCharsmapBuilderAnswersLikeTheSpmReader() {
        byte[] map = PrecompiledCharsmap.build(SyntheticTokenizers.CHARSMAP_RULES);
        for (Map.Entry<String, String> rule : SyntheticTokenizers.CHARSMAP_RULES.entrySet()) {
            String expected = rule.getKey().equals("\u0433\u0301") ? "g" : rule.getValue();
            assertThat(PrecompiledCharsmap.transform(map, rule.getKey())).as(rule.getKey()).isEqualTo(expected);
        }
        assertThat(PrecompiledCharsmap.transform(map, "x")).isNull();
        assertThat(PrecompiledCharsmap.transform(map, "n")).isNull();
        assertThat(PrecompiledCharsmap.transform(map, "\r\n")).isEmpty();
        assertThat(PrecompiledCharsmap.transform(map, "\uFF21BC")).isEqualTo("A");
    }

    @Test
    void theRustLibraryAppliesTheSyntheticPrecompiledNormalizer() {
        RustReference ref = LoadedTokenizers.synthetic("unigram-precompiled-byte-fallback",
                () -> SyntheticTokenizers.json("unigram-precompiled-byte-fallback")).reference();
        // Full-width letters fold, ﬁ expands, the zero-width space goes, ` `` ` becomes a quote.
        String decoded = ref.decode(ref.encode("\uFF21\uFF41 \uFB01ne\u200Bx ``q``", false).ids(), false);
        assertThat(decoded).isEqualTo("Aa finex \"q\"");
        // Whole grapheme rule, and the shortest-prefix quirk that drops the accent.
        assertThat(ref.decode(ref.encode("man\u0303ana \u0433\u0301", false).ids(), false)).isEqualTo("ma\u00F1ana g");
        // Byte fallback: a character outside the vocabulary comes back through <0x..> pieces.
        RefEncoding e = ref.encode("\u4E2D", false);
        assertThat(e.tokens()).contains("<0xE4>", "<0xB8>", "<0xAD>");
        assertThat(ref.decode(e.ids(), false)).isEqualTo("\u4E2D");
    }

    @Test
    void theOtherSyntheticTokenizersLoadAndEncode() {
        RustReference unigram = LoadedTokenizers.synthetic("unigram-nfkc", () -> SyntheticTokenizers.json("unigram-nfkc")).reference();
        RefEncoding u = unigram.encode("The jury said \u4E2D", true);
        // An unknown piece keeps its text as the token, with the unk id.
        assertThat(u.tokens()).endsWith("\u4E2D", "</s>");
        assertThat(u.ids()).endsWith(0, 2);
        RustReference wordLevel = LoadedTokenizers.synthetic("wordlevel", () -> SyntheticTokenizers.json("wordlevel")).reference();
        RefEncoding w = wordLevel.encode("The jury, said: zzqqxx!", true);
        assertThat(w.tokens()).containsExactly("[CLS]", "the", "jury", ",", "said", ":", "[UNK]", "!", "[SEP]");
    }
}
