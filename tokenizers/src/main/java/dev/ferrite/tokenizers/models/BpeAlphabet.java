package dev.ferrite.tokenizers.models;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * The ids a BPE word starts from, looked up without building strings. Rust
 * ({@code models/bpe/model.rs}, {@code merge_word}) looks each character up in the vocabulary as
 * the string {@code prefix + char + suffix}, where the continuing_subword_prefix is added to every
 * character but the first and the end_of_word_suffix to the last one; here the four variants are
 * tables indexed by code point, filled once from the vocabulary. Also holds the byte-fallback ids
 * of the tokens {@code <0x00>} .. {@code <0xFF>}.
 */
final class BpeAlphabet {
    /** Code points below this are looked up in a plain array (Latin, Cyrillic, Indic, '▁' U+2581...). */
    private static final int DENSE = 0x3000;

    /** Table per variant {@code (notFirst ? 1 : 0) | (last ? 2 : 0)}; variants with equal affixes share one. */
    private final int[][] dense = new int[4][];
    private final LongIntMap[] sparse = new LongIntMap[4];
    /** Id of {@code <0xHH>} for each byte, or -1. */
    private final int[] byteIds = new int[256];
    /** Byte-fallback ids spelling the prefix / suffix, or null when one of their bytes has no token. */
    private final int[] prefixBytes;
    private final int[] suffixBytes;

    BpeAlphabet(Map<String, Integer> vocab, String prefix, String suffix) {
        String pre = prefix == null ? "" : prefix;
        String suf = suffix == null ? "" : suffix;
        for (int v = 0; v < 4; v++) {
            String p = (v & 1) != 0 ? pre : "";
            String s = (v & 2) != 0 ? suf : "";
            int same = -1;
            for (int u = 0; u < v; u++) {
                if (((u & 1) != 0 ? pre : "").equals(p) && ((u & 2) != 0 ? suf : "").equals(s)) same = u;
            }
            if (same >= 0) {
                dense[v] = dense[same];
                sparse[v] = sparse[same];
            } else {
                fill(v, vocab, p, s);
            }
        }
        Arrays.fill(byteIds, -1);
        for (int b = 0; b < 256; b++) {
            // Rust spells the byte as format!("<{b:#04X}>"): "0x" then two upper-case hex digits.
            Integer id = vocab.get(byteToken(b));
            if (id != null) byteIds[b] = id;
        }
        prefixBytes = spell(pre);
        suffixBytes = spell(suf);
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** {@code <0xHH>} (String.format is slow the first time, and this runs at load). */
    private static String byteToken(int b) {
        return new String(new char[] {'<', '0', 'x', HEX[b >> 4], HEX[b & 15], '>'});
    }

    private void fill(int v, Map<String, Integer> vocab, String p, String s) {
        int[] d = new int[DENSE];
        Arrays.fill(d, -1);
        LongIntMap m = new LongIntMap(64);
        // A call per token: compiled early, where this loop, run once, stays interpreted.
        for (Map.Entry<String, Integer> e : vocab.entrySet()) offer(e.getKey(), e.getValue(), p, s, d, m);
        dense[v] = d;
        sparse[v] = m;
    }

    /** Records {@code token} in {@code d} or {@code m} if it is {@code p}, one character, {@code s}. */
    private static void offer(String token, int id, String p, String s, int[] d, LongIntMap m) {
        int middle = token.length() - p.length() - s.length();
        if (middle < 1 || middle > 2 || !token.startsWith(p) || !token.endsWith(s)) return;
        int cp = token.codePointAt(p.length());
        if (Character.charCount(cp) != middle || cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) return;
        if (cp < DENSE) d[cp] = id;
        else m.put(cp, id);
    }

    private int[] spell(String affix) {
        byte[] bytes = affix.getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = byteIds[bytes[i] & 0xFF];
            if (ids[i] < 0) return null;
        }
        return ids;
    }

    /** The id of the character {@code cp} at that place in the word (affixes added), or -1. */
    int id(int cp, boolean first, boolean last) {
        int v = (first ? 0 : 1) | (last ? 2 : 0);
        return cp < DENSE ? dense[v][cp] : sparse[v].get(cp);
    }

    /** Whether every UTF-8 byte of {@code cp} has a byte-fallback token (affixes not counted). */
    boolean hasBytes(int cp) {
        if (cp < 0x80) return byteIds[cp] >= 0;
        if (cp < 0x800) return byteIds[0xC0 | cp >> 6] >= 0 && byteIds[0x80 | cp & 0x3F] >= 0;
        if (cp < 0x10000) {
            return byteIds[0xE0 | cp >> 12] >= 0 && byteIds[0x80 | cp >> 6 & 0x3F] >= 0 && byteIds[0x80 | cp & 0x3F] >= 0;
        }
        return byteIds[0xF0 | cp >> 18] >= 0 && byteIds[0x80 | cp >> 12 & 0x3F] >= 0
                && byteIds[0x80 | cp >> 6 & 0x3F] >= 0 && byteIds[0x80 | cp & 0x3F] >= 0;
    }

    /**
     * Adds the byte-fallback tokens of the character {@code cp} with its affixes, one symbol of one
     * byte each, if every byte has a token; otherwise adds nothing and returns false.
     */
    boolean addBytes(BpeWord word, int cp, boolean first, boolean last) {
        int[] pre = first ? null : prefixBytes;
        int[] suf = last ? suffixBytes : null;
        if (!first && prefixBytes == null || last && suffixBytes == null) return false;
        int b0;
        int b1 = -1;
        int b2 = -1;
        int b3 = -1;
        if (cp < 0x80) {
            b0 = byteIds[cp];
        } else if (cp < 0x800) {
            b0 = byteIds[0xC0 | cp >> 6];
            b1 = byteIds[0x80 | cp & 0x3F];
        } else if (cp < 0x10000) {
            b0 = byteIds[0xE0 | cp >> 12];
            b1 = byteIds[0x80 | cp >> 6 & 0x3F];
            b2 = byteIds[0x80 | cp & 0x3F];
        } else {
            b0 = byteIds[0xF0 | cp >> 18];
            b1 = byteIds[0x80 | cp >> 12 & 0x3F];
            b2 = byteIds[0x80 | cp >> 6 & 0x3F];
            b3 = byteIds[0x80 | cp & 0x3F];
        }
        int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
        if (b0 < 0 || n > 1 && b1 < 0 || n > 2 && b2 < 0 || n > 3 && b3 < 0) return false;
        if (pre != null) for (int id : pre) word.add(id, 1);
        word.add(b0, 1);
        if (n > 1) word.add(b1, 1);
        if (n > 2) word.add(b2, 1);
        if (n > 3) word.add(b3, 1);
        if (suf != null) for (int id : suf) word.add(id, 1);
        return true;
    }
}
