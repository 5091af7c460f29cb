package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString.Changes;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NFC quick check against the full decomposition and recomposition (which
 * {@link UnicodeDifferentialTest} and {@link NormalizersDifferentialTest} check against the Rust
 * library): whenever it says a text is unchanged, NFC must give back every character with change
 * 0. Over every BMP character alone and next to marks, and many random sequences of characters
 * chosen to interact (starters, marks of many classes, composed characters, Hangul jamo and
 * syllables, composition seconds).
 */
class NfcQuickCheckTest {
    @Test
    void tableIsTheClassificationOfEveryBmpCharacter() {
        for (int c = 0; c < 0x10000; c++) {
            assertThat(NfcQuickCheck.tableKind((char) c)).as("U+%04X", c).isEqualTo(NfcQuickCheck.classify(c));
        }
    }

    @Test
    void everyBmpCharacterAloneAndBetweenMarks() {
        List<String> wrong = new ArrayList<>();
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) continue;
            String s = String.valueOf((char) c);
            for (String text : List.of(s, "a" + s, s + "\u0301", s + "\u0316", "\u1100" + s, s + "\u0323\u0302", "e\u0301" + s)) {
                check(text, wrong);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void randomSequencesOfInteractingCharacters() {
        int[] pool = {'a', 'e', 'o', 'u', 'A', 's', ' ', '.', 0xE9, 0xC5, 0x1ED9, 0x1ECD, 0x439, 0x419, 0x3AC, 0x390, 0x1F80,
            0x300, 0x301, 0x302, 0x308, 0x316, 0x323, 0x327, 0x328, 0x334, 0x338, 0x345, 0x5B0, 0x5BC, 0x64B, 0x651,
            0x93C, 0x94D, 0x928, 0x929, 0x915, 0xB47, 0xB3E, 0xB57, 0xBC6, 0xBBE, 0xBD7, 0xDD9, 0xDCF, 0xDCA, 0x1025, 0x102E,
            0x1100, 0x1112, 0x1161, 0x1175, 0x11A8, 0x11C2, 0xAC00, 0xAC01, 0xD7A3, 0x3099, 0x309A, 0x304B, 0x304C,
            0x212B, 0x2126, 0xF900, 0x340, 0x344, 0xF73, 0x1E9B, 0x385, 0x1FEE, 0x130, 0x0F71, 0x0F72, 0x0F80,
            0x1D15E, 0x1D165, 0x1D16D, 0x11127, 0x11131, 0x110A5, 0x110BA, 0x1F600};
        Random random = new Random(15);
        List<String> wrong = new ArrayList<>();
        int unchanged = 0;
        for (int i = 0; i < 300_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(6);
            for (int k = 0; k < n; k++) b.appendCodePoint(pool[random.nextInt(pool.length)]);
            if (check(b.toString(), wrong)) unchanged++;
        }
        assertThat(wrong).isEmpty();
        assertThat(unchanged).as("sequences the quick check passes").isGreaterThan(10_000);
    }

    @Test
    void passesOrdinaryComposedText() {
        for (String text : List.of("Žluťoučký kůň úpěl ďábelské ódy", "Привет, мир! Йошкар-Ола", "한국어 텍스트", "नमस्ते दुनिया",
                "Ελληνικά: ά έ ή ί ό ύ ώ", "مرحبا بالعالم", "日本語のテキスト")) {
            assertThat(NfcQuickCheck.unchanged(text)).as(text).isTrue();
        }
        // Decomposed input, or a mark after a composed character, goes the long way.
        assertThat(NfcQuickCheck.unchanged("e\u0301")).isFalse();
        assertThat(NfcQuickCheck.unchanged("\u00E9\u0316")).isFalse();
    }

    /** Whether the quick check passes {@code text}; if it does and NFC is not the identity, records it. */
    private static boolean check(String text, List<String> wrong) {
        if (!NfcQuickCheck.unchanged(text)) return false;
        Changes nfc = UnicodeNormalization.nfc(text);
        int[] cps = text.codePoints().toArray();
        boolean same = nfc.size() == cps.length;
        for (int i = 0; same && i < cps.length; i++) same = nfc.codePoint(i) == cps[i] && nfc.change(i) == 0;
        if (!same && wrong.size() < 10) wrong.add(NormalizersDifferentialTest.escape(text));
        return true;
    }
}
