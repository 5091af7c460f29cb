package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;
import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits where the script changes (pre_tokenizers/unicode_scripts/pre_tokenizer.rs), with the
 * reference's own script table ({@link UnicodeScriptTable}). Kana and U+30FC count as Han; the
 * space (and every code point the table lacks) belongs to no script and never starts a split —
 * so, as in the reference, white space before the first character with a script is dropped, and
 * a split holding no such character disappears.
 */
public record UnicodeScripts() implements PreTokenizer {
    @Override
    public void preTokenize(PreTokenizedString s) {
        s.split((i, n) -> cut(n));
    }

    private static List<NormalizedString> cut(NormalizedString n) {
        String t = n.get();
        List<Integer> starts = new ArrayList<>();
        int last = -1; // no script seen yet
        for (int i = 0; i < t.length(); ) {
            int c = t.codePointAt(i);
            int script = UnicodeScriptTable.fixedScript(c);
            if (script != UnicodeScriptTable.ANY && last != UnicodeScriptTable.ANY && last != script) starts.add(i);
            if (script != UnicodeScriptTable.ANY) last = script;
            i += Character.charCount(c);
        }
        starts.add(t.length());
        List<NormalizedString> out = new ArrayList<>(starts.size());
        for (int k = 0; k + 1 < starts.size(); k++) out.add(n.slice(starts.get(k), starts.get(k + 1)));
        return out;
    }
}
