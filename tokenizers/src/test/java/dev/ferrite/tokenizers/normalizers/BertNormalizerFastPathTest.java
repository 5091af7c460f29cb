package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * BertNormalizer's one-pass table ({@code mapSimple}) against its four steps run one after the
 * other (which {@link UnicodeDifferentialTest} checks against the Rust library on every code
 * point), for every BMP character between two others, under each option set: same text, same
 * alignments. The table only decides for the characters it calls simple, so the test also checks
 * that it decides for ASCII and Latin-1 letters at least. Now that {@code normalize} also reshapes
 * text in one pass ({@link BertReshape}: CJK padding, removals), the same comparisons check that,
 * and random mixed text checks it and {@link MappedText}'s reshape further.
 */
class BertNormalizerFastPathTest {
    @ParameterizedTest
    @CsvSource({"true,true,,true", "true,true,,false", "true,false,true,false", "true,false,false,true",
            "false,true,true,true", "false,false,false,false"})
    void sameAsTheStepsForEveryBmpCharacter(boolean clean, boolean chinese, Boolean strip, boolean lower) {
        BertNormalizer bert = new BertNormalizer(clean, chinese, strip, lower);
        List<String> differences = new ArrayList<>();
        int fast = 0;
        for (int c = 0; c < 0x10000; c++) {
            if (Character.isSurrogate((char) c)) continue;
            String text = "A" + (char) c + "b";
            NormalizedString once = new NormalizedString(text);
            bert.normalize(once);
            NormalizedString steps = new NormalizedString(text);
            bert.normalizeInSteps(steps);
            if (!RustNormalizerOracle.Normalized.of(once).equals(RustNormalizerOracle.Normalized.of(steps)) && differences.size() < 5) {
                differences.add(String.format("U+%04X: %s vs %s", c, RustNormalizerOracle.Normalized.of(once),
                        RustNormalizerOracle.Normalized.of(steps)));
            }
            if (c < 0x100 && Character.isLetter(c) && isSimple(bert, text)) fast++;
        }
        assertThat(differences).isEmpty();
        assertThat(fast).as("Latin-1 letters on the fast path").isGreaterThan(strip == null && lower || Boolean.TRUE.equals(strip) ? 50 : 100);
    }

    @ParameterizedTest
    @CsvSource({"true,true,,true", "true,false,true,false", "false,false,true,true"})
    void sameAsTheStepsOnRandomAccentedText(boolean clean, boolean chinese, Boolean strip, boolean lower) {
        BertNormalizer bert = new BertNormalizer(clean, chinese, strip, lower);
        // Plain and accented letters of several scripts, spaces, and a few characters that are not simple.
        String pool = "aeioyAEIOY \t\u00E9\u00C9\u00E0\u00F1\u00FC\u0151\u01D5\u1EC7\u1E09\u0439\u0419\u0451\u03AC\u0390"
                + "\u1F82\u0928\u0929\u0958\u00DF\u0130\u0301\u4E2D\u00AD";
        java.util.Random random = new java.util.Random(8);
        List<String> differences = new ArrayList<>();
        int fast = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(8);
            for (int k = 0; k < n; k++) b.append(pool.charAt(random.nextInt(pool.length())));
            String text = b.toString();
            if (isSimple(bert, text)) fast++;
            NormalizedString once = new NormalizedString(text);
            bert.normalize(once);
            NormalizedString steps = new NormalizedString(text);
            bert.normalizeInSteps(steps);
            if (!RustNormalizerOracle.Normalized.of(once).equals(RustNormalizerOracle.Normalized.of(steps)) && differences.size() < 5) {
                differences.add(NormalizersDifferentialTest.escape(text) + ": " + RustNormalizerOracle.Normalized.of(once) + " vs "
                        + RustNormalizerOracle.Normalized.of(steps));
            }
        }
        assertThat(differences).isEmpty();
        assertThat(fast).as("texts on the fast path").isGreaterThan(10_000);
    }

    @ParameterizedTest
    @CsvSource({"true,true,,true", "true,true,false,false", "true,false,true,false", "false,true,true,true", "true,true,false,true"})
    void reshapingSameAsTheStepsOnRandomMixedText(boolean clean, boolean chinese, Boolean strip, boolean lower) {
        BertNormalizer bert = new BertNormalizer(clean, chinese, strip, lower);
        // CJK (BMP, compatibility, supplementary), Hangul, Devanagari with its marks, controls, marks
        // of several classes in the input, pairs, white space, U+0130 and a spacing mark of class 216.
        String[] pool = {"a", "E", " ", "\t", "\n", "\u00E9", "\u4E2D", "\u6587", "\uF900", "\uD840\uDC00", "\uD87E\uDC00",
            "\uD55C", "\u1100", "\u0928", "\u094D", "\u093F", "\u0958", "\u0301", "\u0316", "\u0345", "\u05B0", "\u0000",
            "\u00AD", "\u200B", "\uFFFD", "\uE000", "\uD83D\uDE00", "\u1F82", "\u0130", "\uD834\uDD65", "\uD834\uDD5E",
            "\u0344", "\u0F73", "\u3000", "\u00A0", "\u0419"};
        java.util.Random random = new java.util.Random(11);
        List<String> differences = new ArrayList<>();
        int reshaped = 0;
        for (int i = 0; i < 100_000; i++) {
            StringBuilder b = new StringBuilder();
            int n = 1 + random.nextInt(10);
            for (int k = 0; k < n; k++) b.append(pool[random.nextInt(pool.length)]);
            String text = b.toString();
            char[] chars = text.toCharArray();
            int done = bert.mapSimplePrefix(chars, chars.length);
            if (done < chars.length && BertReshape.of(bert).reshape(chars, chars.length, done) != null) reshaped++;
            NormalizedString once = new NormalizedString(text);
            bert.normalize(once);
            NormalizedString steps = new NormalizedString(text);
            bert.normalizeInSteps(steps);
            RustNormalizerOracle.Normalized a = RustNormalizerOracle.Normalized.of(once);
            RustNormalizerOracle.Normalized e = RustNormalizerOracle.Normalized.of(steps);
            MappedText mapped = MappedText.of(bert, text);
            if (mapped != null) {
                int[] st = new int[mapped.length()];
                int[] en = new int[mapped.length()];
                for (int k = 0; k < st.length; k++) {
                    st[k] = mapped.alignStart(k);
                    en[k] = mapped.alignEnd(k);
                }
                RustNormalizerOracle.Normalized m = new RustNormalizerOracle.Normalized(mapped.text(), st, en);
                if (!m.equals(e) && differences.size() < 5) {
                    differences.add("mapped " + NormalizersDifferentialTest.escape(text) + ": " + m + " vs " + e);
                }
            }
            if (!a.equals(e) && differences.size() < 5) {
                differences.add(NormalizersDifferentialTest.escape(text) + ": " + a + " vs " + e);
            }
        }
        assertThat(differences).isEmpty();
        assertThat(reshaped).as("texts reshaped in one pass").isGreaterThan(20_000);
    }

    /** Whether the one-pass table handles {@code text} (then the steps are never run). */
    private static boolean isSimple(BertNormalizer bert, String text) {
        NormalizedString s = new NormalizedString(text);
        return bert.mapSimple(s);
    }
}
