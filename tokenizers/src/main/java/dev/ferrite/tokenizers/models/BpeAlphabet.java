package dev.ferrite.tokenizers.models;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
    private final int[][] dense;
    private final LongIntMap[] sparse;
    /** Id of {@code <0xHH>} for each byte, or -1. */
    private final int[] byteIds;
    /** Byte-fallback ids spelling the prefix / suffix, or null when one of their bytes has no token. */
    private final int[] prefixBytes;
    private final int[] suffixBytes;

    private BpeAlphabet(Builder b) {
        dense = b.dense;
        sparse = b.sparse;
        byteIds = b.byteIds;
        prefixBytes = spell(b.prefix);
        suffixBytes = spell(b.suffix);
    }

    /** Fills the tables from the vocabulary's entries, {@link #offer}ed one by one (in any order). */
    static final class Builder {
        private final String prefix;
        private final String suffix;
        private final int[][] dense = new int[4][];
        private final LongIntMap[] sparse = new LongIntMap[4];
        /** The affixes of the variants that have tables of their own, else null. */
        private final String[] ownPrefix = new String[4];
        private final String[] ownSuffix = new String[4];
        private final int[] byteIds = new int[256];

        Builder(String prefix, String suffix) {
            this.prefix = prefix == null ? "" : prefix;
            this.suffix = suffix == null ? "" : suffix;
            for (int v = 0; v < 4; v++) {
                String p = (v & 1) != 0 ? this.prefix : "";
                String s = (v & 2) != 0 ? this.suffix : "";
                int same = -1;
                for (int u = 0; u < v; u++) {
                    if (((u & 1) != 0 ? this.prefix : "").equals(p) && ((u & 2) != 0 ? this.suffix : "").equals(s)) same = u;
                }
                if (same >= 0) {
                    dense[v] = dense[same];
                    sparse[v] = sparse[same];
                } else {
                    dense[v] = new int[DENSE];
                    Arrays.fill(dense[v], -1);
                    sparse[v] = new LongIntMap(64);
                    ownPrefix[v] = p;
                    ownSuffix[v] = s;
                }
            }
            Arrays.fill(byteIds, -1);
        }

        /** Records the vocabulary entry {@code token}: {@code id} (each token once). */
        void offer(String token, int id) {
            for (int v = 0; v < 4; v++) {
                if (ownPrefix[v] != null) BpeAlphabet.offer(token, id, ownPrefix[v], ownSuffix[v], dense[v], sparse[v]);
            }
            // Rust spells a byte's token as format!("<{b:#04X}>"): "0x" then two upper-case hex digits.
            if (token.length() == 6 && token.startsWith("<0x") && token.charAt(5) == '>') {
                int hi = hexDigit(token.charAt(3));
                int lo = hexDigit(token.charAt(4));
                if (hi >= 0 && lo >= 0) byteIds[hi << 4 | lo] = id;
            }
        }

        BpeAlphabet build() {
            return new BpeAlphabet(this);
        }
    }

    private static int hexDigit(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
