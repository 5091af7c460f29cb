package dev.ferrite.tokenizers.decoders;

import dev.ferrite.tokenizers.TokenizerException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Rust library's decoder unit tests (decoders/*.rs, byte_level.rs, metaspace.rs, replace.rs), plus quirks they imply. */
class DecoderUnitTest {
    private static List<String> split(String s) {
        return Arrays.asList(s.split(" ", -1));
    }

    @Test
    void byteLevel() {
        assertThat(new ByteLevel().decodeChain(List.of("Hello", "Ġmy", "Ġfriend", ",", "Ġhow", "Ġis", "Ġyour", "Ġday", "Ġgoing", "?")))
                .containsExactly("Hello my friend, how is your day going?");
        // decode_unknown_characters: a token outside the alphabet passes as its own bytes.
        assertThat(new ByteLevel().decodeChain(List.of("Hello", "Ġthere", "Ġdear", "Ġfriend!", "Ġ", "[PA D]")))
                .containsExactly("Hello there dear friend! [PA D]");
        assertThat(new ByteLevel().decode(List.of("âŃ¢", "Ċ"))).isEqualTo("⭢\n");
        assertThat(new ByteLevel().decode(List.of())).isEmpty();
    }

    @Test
    void byteLevelSplitBytesAreJoinedBeforeUtf8Decoding() {
        // decode_works_on_separated_tokens: one byte per token still decodes multi-byte characters.
        String sample = "A Nuskhuri abbreviation of იესუ ქრისტე ( iesu kriste ) \" Jesus Christ \"";
        StringBuilder tokens = new StringBuilder();
        for (byte b : sample.getBytes(java.nio.charset.StandardCharsets.UTF_8)) tokens.append(ByteLevelAlphabet.charOf(b & 0xFF));
        List<String> oneCharEach = tokens.chars().mapToObj(c -> String.valueOf((char) c)).toList();
        assertThat(new ByteLevel().decode(oneCharEach)).isEqualTo(sample);
    }

    @Test
    void byteLevelInvalidUtf8BecomesReplacementCharactersAsFromUtf8Lossy() {
        // E0 80 is not a valid start of a 3-byte sequence: each byte is its own error. E2 82 then 'a': one error.
        String tokens = "" + ByteLevelAlphabet.charOf(0xE0) + ByteLevelAlphabet.charOf(0x80)
                + ByteLevelAlphabet.charOf(0xE2) + ByteLevelAlphabet.charOf(0x82) + 'a' + ByteLevelAlphabet.charOf(0xF0);
        assertThat(new ByteLevel().decode(List.of(tokens))).isEqualTo("\uFFFD\uFFFD\uFFFDa\uFFFD");
    }

    @Test
    void alphabetIsABijection() {
        boolean[] seen = new boolean[0x200];
        for (int b = 0; b < 256; b++) {
            char c = ByteLevelAlphabet.charOf(b);
            assertThat(seen[c]).isFalse();
            seen[c] = true;
            assertThat(ByteLevelAlphabet.byteOf(c)).isEqualTo(b);
        }
        assertThat(ByteLevelAlphabet.charOf(' ')).isEqualTo('Ġ');
        assertThat(ByteLevelAlphabet.charOf('\n')).isEqualTo('Ċ');
        assertThat(ByteLevelAlphabet.charOf(0xAD)).isEqualTo('\u0143');
        assertThat(ByteLevelAlphabet.byteOf(' ')).isEqualTo(-1);
        assertThat(ByteLevelAlphabet.byteOf(0x144)).isEqualTo(-1);
    }

    @Test
    void wordPiece() {
        WordPiece d = new WordPiece("##", false);
        assertThat(d.decode(List.of("##uelo", "Ara", "##új", "##o", "No", "##guera"))).isEqualTo("##uelo Araújo Noguera");
        WordPiece clean = new WordPiece("##", true);
        assertThat(clean.decode(List.of("i", "do", "n't", "think", "it", "'s", "here", ",", "is", "it", "?", "'m", "!")))
                .isEqualTo("i don't think it's here, is it?'m!");
        // Cleanup runs on each token after its space is added, never across tokens.
        assertThat(clean.decode(List.of("i", "do", "not", "it", "'", "s"))).isEqualTo("i do not it ' s");
        assertThat(clean.decodeChain(List.of("'", "' "))).containsExactly("'", "'");
    }

    @Test
    void bpeDecoder() {
        BPEDecoder d = new BPEDecoder("</w>");
        assertThat(d.decodeChain(List.of("hel", "lo</w>", "wor", "ld</w>"))).containsExactly("hel", "lo ", "wor", "ld");
        assertThat(d.decodeChain(List.of())).isEmpty();
    }

    @Test
    void fuse() {
        assertThat(new Fuse().decodeChain(List.of("Hey", " friend!"))).containsExactly("Hey friend!");
    }

    @Test
    void strip() {
        assertThat(new Strip('H', 1, 0).decodeChain(List.of("Hey", " friend!", "HHH"))).containsExactly("ey", " friend!", "HH");
        assertThat(new Strip('y', 0, 1).decodeChain(List.of("Hey", " friend!"))).containsExactly("He", " friend!");
        assertThat(new Strip(' ', 2, 2).decodeChain(List.of("   a   ", "b"))).containsExactly(" a ", "b");
        assertThat(new Strip(' ', 1, 0).decodeChain(List.of(""))).containsExactly("");
        assertThat(new Strip(0x1F600, 1, 1).decodeChain(List.of("😀x😀"))).containsExactly("x");
    }

    @Test
    void stripFailsWhereRustPanics() {
        assertThatThrownBy(() -> new Strip(' ', 0, 2).decodeChain(List.of(" "))).isInstanceOf(TokenizerException.class);
        assertThatThrownBy(() -> new Strip(' ', 0, 1).decodeChain(List.of(""))).isInstanceOf(TokenizerException.class);
        assertThatThrownBy(() -> new Strip('H', 1, 1).decodeChain(List.of("H"))).isInstanceOf(TokenizerException.class);
    }

    @Test
    void byteFallback() {
        ByteFallback d = new ByteFallback();
        assertThat(d.decodeChain(List.of("Hey", "friend!"))).containsExactly("Hey", "friend!");
        assertThat(d.decodeChain(List.of("<0x61>"))).containsExactly("a");
        assertThat(d.decodeChain(List.of("<0xE5>"))).containsExactly("�");
        assertThat(d.decodeChain(List.of("<0xE5>", "<0x8f>"))).containsExactly("�", "�");
        assertThat(d.decodeChain(List.of("<0xE5>", "<0x8f>", "<0xab>"))).containsExactly("叫");
        assertThat(d.decodeChain(List.of("<0xE5>", "<0x8f>", "<0xab>", "a"))).containsExactly("叫", "a");
        assertThat(d.decodeChain(List.of("<0xE5>", "<0x8f>", "a"))).containsExactly("�", "�", "a");
        // A run with one bad byte loses the valid ones too: one U+FFFD per byte of the run.
        assertThat(d.decodeChain(List.of("<0x61>", "<0xFF>"))).containsExactly("�", "�");
    }

    @Test
    void byteFallbackReadsTheDigitsAsRustsFromStrRadix() {
        assertThat(ByteFallback.byteOf("<0x+A>")).isEqualTo(10);
        assertThat(ByteFallback.byteOf("<0x0a>")).isEqualTo(10);
        assertThat(ByteFallback.byteOf("<0x-1>")).isEqualTo(-1);
        assertThat(ByteFallback.byteOf("<0xG0>")).isEqualTo(-1);
        assertThat(ByteFallback.byteOf("<0x٣٣>")).isEqualTo(-1);
        assertThat(ByteFallback.byteOf("<0x123>")).isEqualTo(-1);
        assertThat(ByteFallback.byteOf("<0X41>")).isEqualTo(-1);
    }

    @Test
    void metaspace() {
        Metaspace always = new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true);
        assertThat(always.decodeChain(List.of("▁Hey", "▁friend!"))).containsExactly("Hey", " friend!");
        Metaspace never = new Metaspace('▁', Metaspace.PrependScheme.NEVER, true);
        assertThat(never.decodeChain(List.of("▁Hey", "▁friend!"))).containsExactly(" Hey", " friend!");
        // Every replacement in the first token is dropped, not only the leading one.
        assertThat(always.decodeChain(List.of("▁a▁b▁", "▁c"))).containsExactly("ab", " c");
        Metaspace first = new Metaspace('▁', Metaspace.PrependScheme.FIRST, true);
        assertThat(first.decodeChain(List.of("▁a", "▁b"))).containsExactly("a", " b");
    }

    @Test
    void ctc() {
        CTC d = new CTC("<pad>", "|", true);
        assertThat(d.decodeChain(split("<pad> <pad> h e e l l <pad> l o o o <pad>"))).containsExactly("h", "e", "l", "l", "o");
        assertThat(d.decodeChain(split("<pad> <pad> h e e l l <pad> l o o o <pad> <pad> | <pad> w o o o r <pad> <pad> l l d <pad> <pad> <pad> <pad>")))
                .containsExactly("h", "e", "l", "l", "o", " ", "w", "o", "r", "l", "d");
        String libri = "<pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> H <pad> I <pad> S S | | <pad> <pad> <pad> I N <pad> <pad> S <pad> T T <pad> <pad> A N C C T <pad> | | | | | <pad> <pad> <pad> <pad> P <pad> <pad> <pad> <pad> A <pad> <pad> N N N <pad> <pad> I <pad> C <pad> <pad> | | <pad> W <pad> <pad> A S <pad> | | <pad> <pad> <pad> F <pad> <pad> O L <pad> <pad> L L O O W E E D | | <pad> B <pad> <pad> <pad> Y <pad> | | | A | | <pad> S S S <pad> M M <pad> <pad> <pad> A L L <pad> <pad> <pad> <pad> L <pad> | | | <pad> <pad> <pad> <pad> S H H <pad> <pad> <pad> <pad> A R R <pad> <pad> P <pad> <pad> | <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> B <pad> <pad> L L <pad> <pad> <pad> <pad> <pad> O W W <pad> <pad> | | | <pad> <pad> <pad> <pad> <pad> <pad> <pad> H <pad> <pad> <pad> <pad> <pad> <pad> <pad> I G H H | | <pad> <pad> O N <pad> | | H <pad> I S S | | <pad> <pad> C H H <pad> <pad> <pad> E <pad> S S <pad> T T <pad> <pad> | | | <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad> <pad>";
        assertThat(String.join("", d.decodeChain(split(libri))))
                .isEqualTo("HIS INSTANCT PANIC WAS FOLLOWED BY A SMALL SHARP BLOW HIGH ON HIS CHEST ");
    }

    @Test
    void sequence() {
        Sequence d = new Sequence(List.of(new CTC("<pad>", "|", true), new Metaspace('▁', Metaspace.PrependScheme.ALWAYS, true)));
        assertThat(d.decode(List.of("▁", "▁", "H", "H", "i", "i", "▁", "y", "o", "u"))).isEqualTo("Hi you");
    }

    @Test
    void replace() {
        assertThat(Replace.ofLiteral("_", " ").decodeChain(List.of("hello", "_hello"))).containsExactly("hello", " hello");
        assertThat(Replace.ofLiteral("▁", " ").decodeChain(List.of("▁▁a▁"))).containsExactly("  a ");
        assertThat(Replace.ofRegex(java.util.regex.Pattern.compile("\\s+"), " ").decodeChain(List.of("a \t b", "")))
                .containsExactly("a b", "");
        // Content is literal text, not a replacement template.
        assertThat(Replace.ofRegex(java.util.regex.Pattern.compile("(b)"), "$1").decode(List.of("abc"))).isEqualTo("a$1c");
    }

    @Test
    void replaceSkipsAnEmptyMatchRightAfterAMatchAsOnigurumaDoes() {
        // Java's Matcher finds (0,0) (1,4) (4,4) (5,5) in "baaac"; the Rust library's onig binding skips (4,4).
        assertThat(Replace.ofRegex(java.util.regex.Pattern.compile("a*"), "X").decode(List.of("baaac"))).isEqualTo("XbXcX");
        assertThat(Replace.ofLiteral("", "-").decode(List.of("a😀"))).isEqualTo("-a-😀-");
    }
}
