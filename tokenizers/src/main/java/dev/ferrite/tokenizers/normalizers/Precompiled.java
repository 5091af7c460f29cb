package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.NormalizedString;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.util.Arrays;

/**
 * SentencePiece's compiled normalization rules ({@code precompiled_charsmap}), applied as the Rust
 * crate {@code spm_precompiled} 0.1.4 and {@code normalizers/precompiled.rs} apply them.
 *
 * <p>The charsmap is a little-endian u32 byte count {@code n}, then {@code n / 4} u32 units of a
 * Darts double-array trie over UTF-8 bytes, then a blob of NUL-terminated UTF-8 replacement
 * strings that the trie's values point into.
 *
 * <p>The text is walked by extended grapheme cluster. A cluster shorter than 6 UTF-8 bytes is
 * looked up whole first; failing that (or for longer clusters) each character is looked up alone
 * and kept when it has no entry. A lookup takes the <em>shortest</em> trie key that is a prefix
 * of what is looked up, so a whole-cluster lookup can replace the entire cluster by the rule of
 * its first character alone; that is the reference's behaviour, kept on purpose. Changes for the
 * alignments: a replacement's characters replace the old ones one for one; extra new characters
 * count as inserted; missing ones are charged as removals to the last character produced so far.
 */
public final class Precompiled implements Normalizer {
    private final byte[] charsmap;
    private final int[] trie;
    private final byte[] replacements;

    private Precompiled(byte[] charsmap, int[] trie, byte[] replacements) {
        this.charsmap = charsmap;
        this.trie = trie;
        this.replacements = replacements;
    }

    /**
     * Reads a decoded {@code precompiled_charsmap}; throws {@link IllegalArgumentException} when
     * it is too short for its trie or its strings are not valid UTF-8, as the Rust parser refuses it.
     */
    public static Precompiled of(byte[] charsmap) {
        if (charsmap.length < 4) throw new IllegalArgumentException("precompiled_charsmap is shorter than its 4-byte header");
        ByteBuffer in = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        long trieBytes = Integer.toUnsignedLong(in.getInt());
        long units = trieBytes / 4;
        if (units * 4 > charsmap.length - 4L) {
            throw new IllegalArgumentException("precompiled_charsmap announces a trie of " + trieBytes
                    + " bytes but holds " + (charsmap.length - 4));
        }
        int[] trie = new int[(int) units];
        for (int i = 0; i < trie.length; i++) trie[i] = in.getInt();
        byte[] strings = Arrays.copyOfRange(charsmap, 4 + trie.length * 4, charsmap.length);
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(strings));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("precompiled_charsmap strings are not valid UTF-8", e);
        }
        return new Precompiled(charsmap.clone(), trie, strings);
    }

    /** The charsmap this normalizer was read from (a copy). */
    public byte[] charsmap() {
        return charsmap.clone();
    }

    @Override
    public void normalize(NormalizedString s) {
        String text = s.get();
        if (text.isEmpty()) return;
        Edits edits = new Edits(text.length() + 8);
        boolean modified = false;
        int[] byteOffset = new int[text.length() + 1];
        byte[] utf8 = encodeUtf8(text, byteOffset);
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(text);
        for (int start = graphemes.first(), end = graphemes.next(); end != BreakIterator.DONE;
             start = end, end = graphemes.next()) {
            int bStart = byteOffset[start];
            int bEnd = byteOffset[end];
            if (bEnd - bStart < 6) {
                String norm = lookup(utf8, bStart, bEnd);
                if (norm != null) {
                    modified = true;
                    edits.replace(text.codePointCount(start, end), norm);
                    continue;
                }
            }
            for (int i = start; i < end; ) {
                int c = text.codePointAt(i);
                int next = i + Character.charCount(c);
                String norm = lookup(utf8, byteOffset[i], byteOffset[next]);
                if (norm != null) {
                    modified = true;
                    edits.replace(1, norm);
                } else {
                    edits.add(c, 0);
                }
                i = next;
            }
        }
        if (modified) Transforms.transform(s, edits.toChanges());
    }

    /**
     * The replacement of the shortest trie key that prefixes {@code utf8[from, to)} (a NUL byte
     * ends the key), or null. This is the Darts {@code commonPrefixSearch} of the reference, which
     * keeps only its first result.
     */
    private String lookup(byte[] utf8, int from, int to) {
        int node = 0;
        if (trie.length == 0) return null;
        node ^= offset(trie[0]);
        for (int i = from; i < to; i++) {
            int c = utf8[i] & 0xFF;
            if (c == 0) break;
            node ^= c;
            if (node < 0 || node >= trie.length) return null;
            int unit = trie[node];
            if ((unit & 0x800000FF) != c) return null;
            node ^= offset(unit);
            if (((unit >>> 8) & 1) == 1) {
                if (node < 0 || node >= trie.length) return null;
                return replacement(trie[node] & 0x7FFFFFFF);
            }
        }
        return null;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    private String replacement(int index) {
        if (index > replacements.length) {
            throw new TokenizerException("Precompiled normalizer: charsmap entry points past its strings (" + index + ")");
        }
        int end = index;
        while (end < replacements.length && replacements[end] != 0) end++;
        return new String(replacements, index, end - index, StandardCharsets.UTF_8);
    }

    /**
     * The UTF-8 bytes of {@code text} (a lone surrogate as its 3-byte form, so that offsets stay
     * consistent); fills {@code byteOffset} with the byte offset of every UTF-16 index and of the end.
     */
    private static byte[] encodeUtf8(String text, int[] byteOffset) {
        byte[] out = new byte[text.length() * 3];
        byte[] one = new byte[4];
        int b = 0;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int n = Character.charCount(c);
            for (int k = 0; k < n; k++) byteOffset[i + k] = b;
            int len = ByteLevel.encodeUtf8(c, one);
            System.arraycopy(one, 0, out, b, len);
            b += len;
            i += n;
        }
        byteOffset[text.length()] = b;
        return Arrays.copyOf(out, b);
    }

    /** The (character, change) list of precompiled.rs, whose last change may still be amended. */
    private static final class Edits {
        private int[] cps;
        private int[] changes;
        private int size;

        Edits(int capacity) {
            cps = new int[capacity];
            changes = new int[capacity];
        }

        void add(int cp, int change) {
            if (size == cps.length) {
                cps = Arrays.copyOf(cps, size * 2 + 4);
                changes = Arrays.copyOf(changes, size * 2 + 4);
            }
            cps[size] = cp;
            changes[size] = change;
            size++;
        }

        /** precompiled.rs {@code replace}: {@code oldCount} characters become those of {@code norm}. */
        void replace(int oldCount, String norm) {
            int newCount = 0;
            for (int i = 0; i < norm.length(); ) {
                int c = norm.codePointAt(i);
                add(c, 0);
                newCount++;
                i += Character.charCount(c);
            }
            int diff = newCount - oldCount;
            if (diff > 0) {
                for (int k = size - diff; k < size; k++) changes[k] = 1;
            } else if (diff < 0 && size > 0) {
                changes[size - 1] += diff;
            }
        }

        NormalizedString.Changes toChanges() {
            NormalizedString.Changes out = new NormalizedString.Changes();
            for (int i = 0; i < size; i++) out.add(cps[i], changes[i]);
            return out;
        }
    }
}
