package dev.ferrite.tokenizers.models;

import java.util.Map;

/**
 * Where a long BPE word (a whole line, for models without a pre-tokenizer such as Llama 2 or
 * Gemma) may be cut into pieces that merge independently, so that each piece can come from the
 * word cache. SentencePiece-style vocabularies mark word starts with {@code '▁'} (U+2581): a cut
 * goes before a {@code '▁'} that follows a character {@code c} when no vocabulary token contains
 * {@code c} followed by {@code '▁'}.
 *
 * <p>Why the result is the whole word's: no symbol can ever span such a cut, since every symbol is
 * a vocabulary token; so no merge rule applies to the pair across it (its merged token would span
 * it), and merges on either side never touch each other — the merge loop's queue interleaves them,
 * but each side sees its own merges in the same order, at positions shifted by a constant.
 * Per-character work agrees too under the conditions {@link #of} checks: without a subword prefix
 * or suffix no character's lookup depends on where the word starts or ends; with an unk token no
 * character is dropped (a drop shifts every later offset of the whole word); a known {@code '▁'}
 * ends any run of unknown characters, fused or pending; and without ignore_merges or dropout
 * nothing looks at the word as a whole.
 */
final class WordSegmenter {
    static final char BOUNDARY = '\u2581';

    /** Characters that some token has right before a {@code '▁'}: no cut after them. */
    private final boolean[] gluedBefore = new boolean[0x10000];

    private WordSegmenter(Map<String, Integer> vocab) {
        for (String token : vocab.keySet()) {
            for (int i = 1; i < token.length(); i++) {
                char c = token.charAt(i - 1);
                if (token.charAt(i) == BOUNDARY && c != BOUNDARY) gluedBefore[c] = true;
            }
        }
    }

    /** The segmenter for a model with these settings, or null when cutting could change its tokens. */
    static WordSegmenter of(Map<String, Integer> vocab, String prefix, String suffix, String unkToken,
                            boolean ignoreMerges, float dropout) {
        boolean plain = (prefix == null || prefix.isEmpty()) && (suffix == null || suffix.isEmpty());
        if (!plain || unkToken == null || ignoreMerges || dropout > 0f) return null;
        if (!vocab.containsKey(String.valueOf(BOUNDARY))) return null;
        return new WordSegmenter(vocab);
    }

    /** The index of the first cut in {@code word} after {@code from}, or {@code word.length()}. */
    int nextCut(String word, int from) {
        for (int i = from + 1, n = word.length(); i < n; i++) {
            if (word.charAt(i) == BOUNDARY) {
                char c = word.charAt(i - 1);
                if (c != BOUNDARY && !gluedBefore[c]) return i;
            }
        }
        return word.length();
    }
}
