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
 * that it decides for ASCII and Latin-1 letters at least.
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

    /** Whether the one-pass table handles {@code text} (then the steps are never run). */
    private static boolean isSimple(BertNormalizer bert, String text) {
        NormalizedString s = new NormalizedString(text);
        return bert.mapSimple(s);
    }
}
