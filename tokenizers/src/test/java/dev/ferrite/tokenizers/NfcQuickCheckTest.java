package dev.ferrite.tokenizers;

import dev.ferrite.tokenizers.normalizers.Nfc;
import dev.ferrite.tokenizers.pipeline.NormalizedString;
import org.junit.jupiter.api.Test;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The byte-level fast path skips the NFC normalizer when the JDK says the text is already NFC
 * ({@link Normalizer#isNormalized}, the JDK's Unicode version) although the normalizer follows the
 * Rust crate's Unicode 9 tables. That is sound when NFC text of the newer version is left untouched
 * by the older tables — text and alignments — which this checks: every code point alone and next
 * to letters and marks, and random strings of characters that compose, decompose or reorder.
 */
class NfcQuickCheckTest {
    private static final Nfc NFC = new Nfc();

    private static void assertUntouchedWhenJdkSaysNfc(String s) {
        if (!Normalizer.isNormalized(s, Normalizer.Form.NFC)) return;
        NormalizedString n = new NormalizedString(s);
        NFC.normalize(n);
        assertThat(n.get()).as("NFC of %s", codePoints(s)).isEqualTo(s);
        for (int i = 0; i < s.length(); i++) {
            NormalizedString fresh = new NormalizedString(s);
            assertThat(n.alignStart(i)).as("alignment of unit %d of %s", i, codePoints(s)).isEqualTo(fresh.alignStart(i));
            assertThat(n.alignEnd(i)).as("alignment of unit %d of %s", i, codePoints(s)).isEqualTo(fresh.alignEnd(i));
        }
    }

    @Test
    void everyCodePointAloneAndBetweenLettersAndMarks() {
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) continue;
            String c = Character.toString(cp);
            assertUntouchedWhenJdkSaysNfc(c);
            if (Character.getType(cp) == Character.UNASSIGNED && cp > 0x3FFFF) continue; // keeps the test quick
            assertUntouchedWhenJdkSaysNfc("a" + c);
            assertUntouchedWhenJdkSaysNfc(c + "\u0301");
            assertUntouchedWhenJdkSaysNfc("\u1100" + c);
            assertUntouchedWhenJdkSaysNfc("\uAC00" + c);
        }
    }

    @Test
    void randomStringsOfComposingCharacters() {
        List<Integer> pool = new ArrayList<>();
        for (int cp = 0x300; cp < 0x370; cp++) pool.add(cp);                 // combining diacritics
        for (int cp : new int[] {'a', 'e', 'o', 'A', 'E', 'é', 'Å', 'ω', 'ᾳ', 0x0928, 0x093C, 0x0B47, 0x0B3E, 0x0B57,
                0x0DD9, 0x0DCF, 0x0DDF, 0x1100, 0x1161, 0x11A8, 0xAC00, 0xAC01, 0x3099, 0x304B, 0x05D1, 0x05BC, 0x0627,
                0x0653, 0x0654, 0x1E0C, 0x0307, 0x0323, 0x1B05, 0x1B35, 0x0CD5, 0x0CBF, 0x11131, 0x11127, 0x1D15E, 0x1D165,
                0x2126, 0x212B, 0xF900, 0x0344, 0x0F73, 0x0FB2, 0x0F80}) {
            pool.add(cp);
        }
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < 200_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + r.nextInt(5);
            for (int k = 0; k < n; k++) b.appendCodePoint(pool.get(r.nextInt(pool.size())));
            assertUntouchedWhenJdkSaysNfc(b.toString());
        }
    }

    private static String codePoints(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().forEach(c -> b.append(String.format("U+%04X ", c)));
        return b.toString().trim();
    }
}
