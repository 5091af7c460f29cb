package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * The byte-pair-encoding model of Rust tokenizers v0.21.0 ({@code models/bpe/model.rs},
 * {@code word.rs}): a word starts as one symbol per character and the merge rules are applied,
 * lowest rank first and leftmost first among equals, until none applies.
 *
 * <p>Characters missing from the vocabulary become their UTF-8 bytes as {@code <0xHH>} tokens when
 * byte_fallback is on and all of them exist, else the unk_token (consecutive ones fused into one
 * when fuse_unk is on), else they are dropped. With ignore_merges a word that is itself in the
 * vocabulary is one token. With dropout p in (0, 1] each merge is skipped with probability p, so
 * results are random, as in Rust; then neither the word cache nor ignore_merges is used.
 *
 * <p>Token offsets are UTF-16 indices into the word passed to {@link #tokenize}; the byte-fallback
 * tokens of one character all carry that character's offsets. Rust computes offsets by adding up
 * the UTF-8 lengths of the symbols, and its quirks are kept: a character dropped for want of an unk
 * token is not counted, so later tokens shift left; and byte fallback spells out a
 * continuing_subword_prefix or end_of_word_suffix too and counts those bytes, so tokens may run past
 * the end of the word — such a token carries Rust's raw byte offsets (end past {@code length()}),
 * which Rust's pipeline also passes on unmapped. Immutable and thread-safe; the word cache is
 * bounded and shared.
 *
 * <p>Speed, without changing a result: a long word (a whole line, for models without a
 * pre-tokenizer such as Llama 2 and Gemma 3) is cut where the merge rules prove that no token can
 * span the cut ({@link BpeCuts}), and its pieces are merged and cached on their own
 * ({@link BpePieces}); short words are merged by scanning ({@link BpeWord#mergeByScan}) rather than
 * through Rust's priority queue when the rules allow it ({@link BpeMerger}); the cache
 * ({@link WordCache}) keeps tokens packed as ids and offsets. The rules are resolved to ids by
 * {@link MergeResolver}.
 */
public final class Bpe implements Model {
    /** Rust's {@code DEFAULT_CACHE_CAPACITY}. */
    public static final int DEFAULT_CACHE_CAPACITY = 10_000;
    /**
     * The word cache starts with room for the capacity asked for and doubles, up to this many times
     * that, while the text keeps bringing new words (see {@link WordCache}): multilingual text has
     * some 80,000 distinct words per 1.5 MB, which a 16,384-word cache mostly forgets. At the default
     * capacity a cache takes 0.66 MB of heap at first, at most 5.2 MB.
     */
    static final int CACHE_GROWTH = 8;
    /** Shorter words are not looked at for cuts: they are single words in practice, and cached whole. */
    private static final int MIN_CUT_LENGTH = 16;

    /** One merge rule: the adjacent tokens {@code left} and {@code right} become one. */
    public record Merge(String left, String right) {
        public Merge {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }
    }

    private final Map<String, Integer> vocab;
    private final TokenNames tokens;
    private final MergeTable merges;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final String endOfWordSuffix;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    /** With ignore_merges, says which words cannot be tokens (see {@link #tokenOf}); else null. */
    private final HashFilter tokenHashes;
    /** 0 means no dropout (Rust treats None and Some(0.0) alike). */
    private final float dropout;
    private final WordCache cache;
    private final boolean uniqueIds;
    /** Where words may be cut (see {@link BpeCuts}), or null; unused with dropout. */
    private final BpeCuts cuts;
    /** Merges the words of this model: their initial symbols, then the rules. */
    private final BpeMerger merger;
    /** Merges long words cut into pieces, each cached apart (see {@link BpeCuts}); null when there are no cuts. */
    private final BpePieces pieces;

    private Bpe(Builder b) {
        if (b.dropout != null && !(b.dropout >= 0f && b.dropout <= 1f)) {
            throw new TokenizerException("BPE dropout: expected a number between 0 and 1, found " + b.dropout);
        }
        vocab = b.vocabAdopted ? b.vocab : new HashMap<>(b.vocab);
        continuingSubwordPrefix = b.continuingSubwordPrefix;
        endOfWordSuffix = b.endOfWordSuffix;
        // One pass over the vocabulary (a call per entry: compiled early, where a loop run once stays interpreted).
        BpeVocabPass pass = new BpeVocabPass(vocab.size(), continuingSubwordPrefix, endOfWordSuffix);
        for (Map.Entry<String, Integer> e : vocab.entrySet()) pass.add(e.getKey(), e.getValue());
        tokens = pass.names;
        tokens.finish();
        dropout = b.dropout == null ? 0f : b.dropout;
        uniqueIds = tokens.distinct() == vocab.size();
        // Whether every merged token is the concatenation of two non-empty tokens (no
        // continuing_subword_prefix, no rule with an empty side) and no two tokens share an id: then a
        // token's string says what it covers, which BpeWord.mergeByScan and BpeCuts rely on.
        boolean plainMerges = (continuingSubwordPrefix == null || continuingSubwordPrefix.isEmpty()) && uniqueIds
                && (!vocab.containsKey("") || MergeResolver.noEmptySide(b.merges));
        // The cuts' data is gathered as the rules are resolved.
        BpeCuts.Builder cutData = dropout > 0f || !plainMerges || endOfWordSuffix != null && !endOfWordSuffix.isEmpty()
                ? null : new BpeCuts.Builder();
        merges = MergeResolver.resolve(pass.ids, tokens.maxId(), b.merges, continuingSubwordPrefix, b.mergeLocation, cutData);
        unkToken = b.unkToken;
        Integer unk = unkToken == null ? null : vocab.get(unkToken);
        fuseUnk = b.fuseUnk;
        byteFallback = b.byteFallback;
        ignoreMerges = b.ignoreMerges;
        tokenHashes = ignoreMerges ? new HashFilter(vocab.keySet()) : null;
        cache = b.cacheCapacity > 0 ? newCache(b.cacheCapacity) : null;
        cuts = cutData == null ? null : cutData.build(vocab);
        merger = new BpeMerger(pass.alphabet.build(), merges, plainMerges, dropout, byteFallback, unkToken,
                unk == null ? -1 : unk, b.unkTokenLocation, fuseUnk);
        // The pieces' cache is the words' cache itself unless ignore_merges gives whole words other answers.
        WordCache pieceCache = ignoreMerges && cache != null ? newCache(b.cacheCapacity) : cache;
        pieces = cuts == null ? null : new BpePieces(cuts, merger, pieceCache);
    }

    private static WordCache newCache(int capacity) {
        return new WordCache(capacity, (int) Math.min(Integer.MAX_VALUE / 64, (long) CACHE_GROWTH * capacity));
    }

    public static Builder builder(Map<String, Integer> vocab, List<Merge> merges) {
        return new Builder(vocab, MergeRules.of(merges));
    }

    /** A builder of rules as the JSON reader keeps them. */
    static Builder builder(Map<String, Integer> vocab, MergeRules merges) {
        return new Builder(vocab, merges);
    }

    @Override
    public List<Token> tokenize(String sequence) {
        int n = sequence.length();
        if (n == 0) return List.of();
        if (dropout > 0f) return mergeToTokens(sequence.toCharArray(), 0, n);
        if (cuts != null && n >= MIN_CUT_LENGTH) {
            // ignore_merges looks at the whole word, never at a piece of it.
            Integer id = tokenOf(sequence);
            if (id != null) return List.of(new Token(id, sequence, 0, n));
            WordTokens pieces = new WordTokens();
            if (this.pieces.merge(sequence.toCharArray(), n, pieces) > 0) return pieces.toTokens(this);
        }
        // Rust looks at ignore_merges before its cache; both give fixed answers, so asking the cache
        // first (and caching whole-word answers too) returns the same tokens with one lookup on a hit.
        List<Token> result = cache == null ? null : cache.get(sequence, this);
        if (result != null) return result;
        Integer id = tokenOf(sequence);
        result = id != null ? List.of(new Token(id, sequence, 0, n)) : mergeToTokens(sequence.toCharArray(), 0, n);
        if (cache != null) cache.put(sequence, result);
        return result;
    }

    /**
     * {@link #tokenize(String)} of the word {@code chars[0, length)}, given the hash code that
     * word has as a string, with the tokens left in {@code out} as ids and offsets: a word found in
     * the cache costs neither a string nor a token object. Token texts are {@link #idToToken} of
     * the ids when {@link #hasUniqueIds()}. For encoders that build words in a buffer (the
     * byte-level path of the tokenizer).
     */
    public void tokenize(char[] chars, int length, int hash, WordTokens out) {
        if (length == 0 || dropout > 0f || cache == null) {
            out.fill(tokenize(new String(chars, 0, length)));
            return;
        }
        // Every cached entry holds its key's whole-word tokens (a piece of a cut word too, as cuts are
        // exact), so the cache may be asked before cutting: a long word seen before (a CJK word is
        // three byte-level characters a character) costs no string, cut scan or token objects.
        if (cache.readInto(chars, 0, length, hash, out)) return;
        if (ignoreMerges && tokenHashes.mayContain(hash)) {
            String word = new String(chars, 0, length);
            Integer id = vocab.get(word);
            if (id != null) {
                List<Token> tokens = List.of(new Token(id, word, 0, length));
                cache.put(chars, 0, length, hash, tokens);
                out.fill(tokens);
                return;
            }
        }
        if (cuts != null && length >= MIN_CUT_LENGTH) {
            out.setCount(0);
            int count = pieces.merge(chars, length, out);
            if (count == 0) {
                out.fill(tokenize(new String(chars, 0, length)));
                return;
            }
            // Cached whole too (unless it is one piece, already cached as such): next time the word
            // costs one lookup, not a cut scan and a lookup per piece. With ignore_merges the pieces
            // have a cache of their own, so the whole word is cached here in any case.
            if (count > 1 || ignoreMerges) out.cacheAs(cache, chars, length, hash);
            return;
        }
        // Merged into arrays and cached from them: no token objects.
        BpeWord merged = merger.merge(chars, 0, length, out.word(length));
        int count = merged.finish(chars, 0, length);
        int[] ids = merged.ids();
        int[] starts = merged.starts();
        int[] ends = merged.ends();
        cache.put(chars, 0, length, hash, count, ids, starts, ends);
        out.fill(count, ids, starts, ends);
    }

    /**
     * {@link #tokenize(String)} of the word {@code chars[0, length)}, with the tokens left in {@code out}
     * as ids and offsets: a long word cut into pieces found in the cache costs no token object, nor
     * does a long word without a cut. Token texts are
     * {@link #idToToken} of the ids when {@link #hasUniqueIds()}. For encoders that hand the model
     * whole lines (the SentencePiece path of the tokenizer).
     */
    public void tokenize(char[] chars, int length, WordTokens out) {
        out.setCount(0);
        if (length > 0 && length < MIN_CUT_LENGTH && dropout == 0f && cache != null) {
            // A short line (code's "    }", "  @Override"): the word path, whose cache hit costs no
            // string, token list or token objects, where tokenize(String) made all three.
            int hash = 0;
            for (int i = 0; i < length; i++) hash = 31 * hash + chars[i];
            tokenize(chars, length, hash, out);
            return;
        }
        if (cuts != null && dropout == 0f && length >= MIN_CUT_LENGTH
                && !(ignoreMerges && tokenOf(new String(chars, 0, length)) != null) && pieces.merge(chars, length, out) > 0) {
            return;
        }
        out.fill(tokenize(new String(chars, 0, length)));
    }

    /** With ignore_merges, the id of {@code word} if it is a token of the vocabulary; else null. */
    private Integer tokenOf(String word) {
        return ignoreMerges && tokenHashes.mayContain(word.hashCode()) ? vocab.get(word) : null;
    }

    /** Whether no two vocabulary entries share an id, so that an id names its token's text. */
    public boolean hasUniqueIds() {
        return uniqueIds;
    }

    /** Rust's {@code merge_word}, followed by {@code word_to_tokens}: the tokens of the word {@code text[from, to)}, offsets relative to {@code from}. */
    private List<Token> mergeToTokens(char[] text, int from, int to) {
        return merger.merge(text, from, to).toTokens(text, from, to, this);
    }

    @Override
    public int tokenToId(String token) {
        Integer id = vocab.get(token);
        return id == null ? -1 : id;
    }

    @Override
    public String idToToken(int id) {
        return tokens.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return continuingSubwordPrefix;
    }

    public String endOfWordSuffix() {
        return endOfWordSuffix;
    }

    public boolean fuseUnk() {
        return fuseUnk;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** The dropout probability, 0 when there is none. */
    public float dropout() {
        return dropout;
    }

    /** Where words are cut before merging, or null when they are not (package-private, for tests). */
    BpeCuts cuts() {
        return cuts;
    }

    /** Number of distinct merge rules. */
    public int mergeCount() {
        return merges.size();
    }

    @Override
    public String toString() {
        return "Bpe[vocab=" + vocab.size() + ", merges=" + merges.size() + ", unk_token=" + unkToken
                + ", continuing_subword_prefix=" + continuingSubwordPrefix + ", end_of_word_suffix=" + endOfWordSuffix
                + ", fuse_unk=" + fuseUnk + ", byte_fallback=" + byteFallback + ", ignore_merges=" + ignoreMerges
                + ", dropout=" + dropout + "]";
    }

    /** Options of a {@link Bpe}, with Rust's defaults. */
    public static final class Builder {
        private final Map<String, Integer> vocab;
        /** Whether {@link #vocab} is the model's own: a fresh map nobody else holds, which it need not copy. */
        private boolean vocabAdopted;
        private final MergeRules merges;
        private String unkToken;
        private String continuingSubwordPrefix;
        private String endOfWordSuffix;
        private boolean fuseUnk;
        private boolean byteFallback;
        private boolean ignoreMerges;
        private Float dropout;
        private int cacheCapacity = DEFAULT_CACHE_CAPACITY;
        private IntFunction<String> mergeLocation = rank -> "BPE merges[" + rank + "]";
        private String unkTokenLocation = "BPE model";

        private Builder(Map<String, Integer> vocab, MergeRules merges) {
            this.vocab = Objects.requireNonNull(vocab, "vocab");
            this.merges = merges;
        }

        public Builder unkToken(String unkToken) {
            this.unkToken = unkToken;
            return this;
        }

        public Builder continuingSubwordPrefix(String prefix) {
            this.continuingSubwordPrefix = prefix;
            return this;
        }

        public Builder endOfWordSuffix(String suffix) {
            this.endOfWordSuffix = suffix;
            return this;
        }

        public Builder fuseUnk(boolean fuseUnk) {
            this.fuseUnk = fuseUnk;
            return this;
        }

        public Builder byteFallback(boolean byteFallback) {
            this.byteFallback = byteFallback;
            return this;
        }

        public Builder ignoreMerges(boolean ignoreMerges) {
            this.ignoreMerges = ignoreMerges;
            return this;
        }

        /** Merge dropout in [0, 1], or null for none. */
        public Builder dropout(Float dropout) {
            this.dropout = dropout;
            return this;
        }

        /** Maximum number of cached words; 0 disables the cache. */
        public Builder cacheCapacity(int capacity) {
            if (capacity < 0) throw new IllegalArgumentException("cache capacity " + capacity);
            this.cacheCapacity = capacity;
            return this;
        }

        /** Lets the model keep the vocabulary map given to {@link #builder} instead of a copy: for a caller that hands it over (the JSON reader). */
        Builder adoptVocab() {
            vocabAdopted = vocab instanceof HashMap;
            return this;
        }

        /** Names merge rule number {@code rank} in error messages (the reader gives its JSON path). */
        public Builder mergeLocation(IntFunction<String> location) {
            this.mergeLocation = Objects.requireNonNull(location);
            return this;
        }

        /** Names the model in the error raised when the unk token is needed but missing from the vocabulary. */
        public Builder unkTokenLocation(String location) {
            this.unkTokenLocation = Objects.requireNonNull(location);
            return this;
        }

        /** @throws TokenizerException if a rule names a token, or makes one, that is not in the vocabulary */
        public Bpe build() {
            return new Bpe(this);
        }
    }
}
