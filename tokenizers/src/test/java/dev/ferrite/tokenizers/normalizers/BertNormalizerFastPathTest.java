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

    /** Whether the one-pass table handles {@code text} (then the steps are never run). */
    private static boolean isSimple(BertNormalizer bert, String text) {
        NormalizedString s = new NormalizedString(text);
        return bert.mapSimple(s);
    }
}
