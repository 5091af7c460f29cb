package dev.ferrite.tokenizers.models;

/**
 * The merging of a long word of a {@link Bpe} (a whole line, for models without a pre-tokenizer
 * such as Llama 2 and Gemma 3) cut into pieces where {@link BpeCuts} proves that no token spans the
 * cut: each piece is looked up in the piece cache, or merged alone and cached. The tokens are those
 * of the whole word merged at once. Immutable and thread-safe (the cache is).
 */
final class BpePieces {
    private final BpeCuts cuts;
    private final BpeMerger merger;
    /** The pieces' cache, or null. */
    private final WordCache cache;

    BpePieces(BpeCuts cuts, BpeMerger merger, WordCache cache) {
        this.cuts = cuts;
        this.merger = merger;
        this.cache = cache;
    }

    /**
     * Cuts {@code word} where {@link BpeCuts} proves it exact, and merges (or finds in the cache)
     * each piece alone; a word without a cut is one piece, merged (or found) in the piece cache, which
     * gives the whole word's tokens unless ignore_merges finds the word in the vocabulary (the caller
     * checks that first). Returns the number of pieces, or 0 when a character would be dropped (no
     * token, no byte fallback, no unk token), which shifts the offsets of all later tokens in Rust.
     * The tokens of {@code word[0, n)} are appended to {@code out} (empty when called); 0 leaves it
     * unspecified.
     */
    int merge(char[] word, int n, WordTokens out) {
        // First where the pieces start and their hashes, then the cache lines of the pieces are
        // loaded all together (see WordCache.touch), then the pieces are looked up or merged: a line
        // has tens of pieces, and looking each up right after finding it waited for one cache miss
        // after another (the table is megabytes).
        // A char[]: String.charAt checks the index and the coder on every call.
        int[] pieces = out.pieces(1);  // piece k starts at pieces[2k], its hash is pieces[2k + 1]
        int count = 0;
        int hash = 0;          // String.hashCode of word[start of the piece, i)
        int previous = -1;     // the character before i when it has a token of its own, else -1
        for (int i = 0; i < n; ) {
            char ch = word[i];
            int cp = ch;
            int units = 1;
            // A surrogate unit has no kind of its own, so the check for one costs nothing on the
            // other characters: it is made only where the kind says "not a token".
            int kind = cuts.unitKind(ch);
            if (kind == BpeCuts.NOT_A_TOKEN && Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(word[i + 1])) {
                    cp = Character.toCodePoint(ch, word[i + 1]);
                    units = 2;
                } else {
                    cp = 0xFFFD; // as BpeMerger.merge reads a lone surrogate
                }
                kind = cuts.kind(cp);
            }
            if (kind == BpeCuts.NOT_A_TOKEN) {
                if (!merger.keeps(cp)) return 0;
                previous = -1;
            } else {
                if (previous >= 0 && kind != BpeCuts.NEVER && cuts.cuts(kind, previous)) {
                    pieces[2 * count + 1] = hash;
                    pieces = out.pieces(++count + 1);
                    pieces[2 * count] = i;
                    hash = 0;
                }
                previous = cp;
            }
            hash = 31 * hash + ch;
            if (units == 2) hash = 31 * hash + word[i + 1];
            i += units;
        }
        pieces[2 * count + 1] = hash;
        count++;
        if (cache != null && count > 1) cache.touch(pieces, count, out);
        for (int k = 0; k < count; k++) {
            addPiece(out, word, pieces[2 * k], k + 1 < count ? pieces[2 * k + 2] : n, pieces[2 * k + 1]);
        }
        return count;
    }

    /** Appends the tokens of {@code word[start, end)}, whose String.hashCode is {@code hash}, shifted to their place in the word. */
    private void addPiece(WordTokens out, char[] word, int start, int end, int hash) {
        if (cache != null && cache.appendInto(word, start, end, hash, start, out)) return;
        BpeWord merged = merger.merge(word, start, end, out.word(end - start));
        int count = merged.finish(word, start, end);
        int[] ids = merged.ids();
        int[] starts = merged.starts();
        int[] ends = merged.ends();
        if (cache != null) cache.put(word, start, end, hash, count, ids, starts, ends);
        for (int t = 0; t < count; t++) out.append(ids[t], starts[t] + start, ends[t] + start);
    }
}
