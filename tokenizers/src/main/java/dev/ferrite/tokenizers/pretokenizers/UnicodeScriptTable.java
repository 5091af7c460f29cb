package dev.ferrite.tokenizers.pretokenizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The script table of the reference's UnicodeScripts pre-tokenizer
 * (pre_tokenizers/unicode_scripts/scripts.rs, generated from sentencepiece's for an old Unicode
 * version), loaded from {@code unicode-scripts.txt}. Code points outside it have the script
 * {@link #ANY}, as in the reference; the JDK's newer {@code Character.UnicodeScript} would differ
 * for every character assigned since.
 */
final class UnicodeScriptTable {
    /** The script of code points the table does not list. */
    static final int ANY = 0;
    static final int HAN;
    static final int HIRAGANA;
    static final int KATAKANA;

    private static final int[] FIRST;
    private static final int[] LAST;
    private static final int[] SCRIPT;

    static {
        Map<String, Integer> ids = new HashMap<>();
        ids.put("Any", ANY);
        List<int[]> rows = new ArrayList<>();
        OnigUnicode.lines("unicode-scripts.txt", line -> {
            String[] p = line.split(" ");
            int id = ids.computeIfAbsent(p[2], k -> ids.size());
            rows.add(new int[] {Integer.parseInt(p[0], 16), Integer.parseInt(p[1], 16), id});
        });
        FIRST = rows.stream().mapToInt(r -> r[0]).toArray();
        LAST = rows.stream().mapToInt(r -> r[1]).toArray();
        SCRIPT = rows.stream().mapToInt(r -> r[2]).toArray();
        HAN = ids.get("Han");
        HIRAGANA = ids.get("Hiragana");
        KATAKANA = ids.get("Katakana");
    }

    private UnicodeScriptTable() {
    }

    /** The reference's {@code get_script}: a small id per script, {@link #ANY} for unlisted code points. */
    static int script(int c) {
        int i = Arrays.binarySearch(FIRST, c);
        if (i >= 0) return SCRIPT[i];
        int r = -i - 2;
        return r >= 0 && c <= LAST[r] ? SCRIPT[r] : ANY;
    }

    /** The reference's {@code fixed_script}: U+30FC and kana count as Han, the space as Any. */
    static int fixedScript(int c) {
        if (c == 0x30FC) return HAN;
        if (c == ' ') return ANY;
        int s = script(c);
        return s == HIRAGANA || s == KATAKANA ? HAN : s;
    }
}
