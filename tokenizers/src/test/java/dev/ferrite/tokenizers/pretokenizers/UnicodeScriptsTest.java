package dev.ferrite.tokenizers.pretokenizers;

import org.junit.jupiter.api.Test;

import static dev.ferrite.tokenizers.pretokenizers.Splits.s;
import static org.assertj.core.api.Assertions.assertThat;

/** Expectations from pre_tokenizers/unicode_scripts/*.rs; byte offsets converted to UTF-16. */
class UnicodeScriptsTest {
    @Test
    void basic() {
        // Rust: (0,15) (15,18) (18,21) in both referentials
        assertThat(Splits.normalized(new UnicodeScripts(), "どこで生れ。Yes")).containsExactly(s("どこで生れ", 0, 5), s("。", 5, 6), s("Yes", 6, 9));
        assertThat(Splits.original(new UnicodeScripts(), "どこで生れ。Yes")).containsExactly(s("どこで生れ", 0, 5), s("。", 5, 6), s("Yes", 6, 9));
    }

    @Test
    void spacesAreIncludedInEveryScript() {
        // Rust: (0,11) (11,27)
        assertThat(Splits.original(new UnicodeScripts(), "Apples are りんご 林檎")).containsExactly(s("Apples are ", 0, 11), s("りんご 林檎", 11, 17));
    }

    @Test
    void fixedScripts() {
        int han = UnicodeScriptTable.HAN;
        for (int c : new int[] {'京', '太', 'い', 'グ', 'ー'}) assertThat(UnicodeScriptTable.fixedScript(c)).isEqualTo(han);
        int latin = UnicodeScriptTable.script('a');
        assertThat(UnicodeScriptTable.fixedScript('A')).isEqualTo(latin).isNotEqualTo(han);
        int common = UnicodeScriptTable.script('0');
        for (int c : new int[] {'$', '@', '-', 0xFFFD}) assertThat(UnicodeScriptTable.script(c)).isEqualTo(common);
        assertThat(UnicodeScriptTable.script(' ')).isEqualTo(common);
        assertThat(UnicodeScriptTable.fixedScript(' ')).isEqualTo(UnicodeScriptTable.ANY);
        assertThat(UnicodeScriptTable.script('い')).isEqualTo(UnicodeScriptTable.HIRAGANA);
        assertThat(UnicodeScriptTable.script('グ')).isEqualTo(UnicodeScriptTable.KATAKANA);
        assertThat(UnicodeScriptTable.script('ー')).isEqualTo(common);
    }

    @Test
    void leadingSpacesBeforeTheFirstScriptAreDroppedAsInTheReference() {
        assertThat(Splits.original(new UnicodeScripts(), "  ab")).containsExactly(s("ab", 2, 4));
        assertThat(Splits.original(new UnicodeScripts(), "   ")).isEmpty();
        // A code point the (old) table lacks has no script either: U+11F04 (Kawi, Unicode 15).
        assertThat(Splits.original(new UnicodeScripts(), "a\uD807\uDF04b")).containsExactly(s("a\uD807\uDF04b", 0, 4));
    }
}
