package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WordPiece model (Rust {@code models/wordpiece/mod.rs}): greedy longest-match-first. From the
 * start of the word, the longest prefix that is in the vocabulary becomes a token; every later piece
 * is looked up with {@code continuingSubwordPrefix} in front of it (the token's value includes the
 * prefix, its offsets do not). If some position has no match, or the word is longer than
 * {@code maxInputCharsPerWord} Unicode scalar values, the whole word becomes one {@code unkToken}.
 *
 * <p>Offsets are UTF-16 indices into the string given to {@link #tokenize}. The vocabulary is held
 * in a {@link CharTrie}, so finding the longest match costs one step per character instead of one
 * hash lookup (and one string) per candidate length as in Rust. A vocabulary without the unk token is
 * accepted, as in Rust; {@link #tokenize} fails only when it needs it.
 */
public final class WordPiece implements Model {
    private final TrieVocab vocab;
    private final String unkToken;
    private final String continuingSubwordPrefix;
    private final long maxInputCharsPerWord;
    /** The id of {@link #unkToken}, or -1 when the vocabulary lacks it. */
    private final int unkId;
    /** All vocabulary tokens; a node's value is an index into {@link #nodeTokens}/{@link #nodeIds} (the vocabulary's entries). */
    private final CharTrie trie;
    private final String[] nodeTokens;
    private final int[] nodeIds;
    /** {@link #singleUnitId} of each Latin-1 unit, ready: punctuation makes a fifth of English words. */
    private final int[] latin1Ids = new int[256];
    /** Where continuing pieces start matching: the node of the prefix, or NONE if no token has it. */
    private final int prefixNode;
    /**
     * Words seen before and their tokens. Rust's WordPiece has no cache; a word always splits the
     * same way, so one changes only the speed (words repeat: a few thousand cover most text). It
     * grows as BPE's does, and every word goes through it: once the dense cache came, splitting
     * multilingual words directly on a miss-heavy text (the choice this class made before) was
     * slower, MiniLM 0.80x, BGE-small-zh 0.91x.
     */
    private final WordCache cache = new WordCache(Bpe.DEFAULT_CACHE_CAPACITY, Bpe.CACHE_GROWTH * Bpe.DEFAULT_CACHE_CAPACITY);

    /**
     * @param vocab                   token to id; ids need not be dense
     * @param unkToken                the token that replaces a word that cannot be split
     * @param continuingSubwordPrefix put before every piece but the first (may be empty)
     * @param maxInputCharsPerWord    longer words (in Unicode scalar values) become {@code unkToken}
     */
    public WordPiece(Map<String, Integer> vocab, String unkToken, String continuingSubwordPrefix, long maxInputCharsPerWord) {
        this(TrieVocab.of(vocab), unkToken, continuingSubwordPrefix, maxInputCharsPerWord);
    }

    /** A WordPiece over {@code vocab} (which it keeps). */
    WordPiece(TrieVocab vocab, String unkToken, String continuingSubwordPrefix, long maxInputCharsPerWord) {
        this.vocab = vocab;
        this.unkToken = Objects.requireNonNull(unkToken, "unkToken");
        this.continuingSubwordPrefix = Objects.requireNonNull(continuingSubwordPrefix, "continuingSubwordPrefix");
        if (maxInputCharsPerWord < 0) throw new IllegalArgumentException("maxInputCharsPerWord < 0");
        this.maxInputCharsPerWord = maxInputCharsPerWord;
        this.unkId = this.vocab.id(unkToken);
        trie = vocab.trie();
        nodeTokens = vocab.entryTokens();
        nodeIds = vocab.entryIds();
        prefixNode = trie.walk(CharTrie.ROOT, continuingSubwordPrefix);
        for (char c = 0; c < latin1Ids.length; c++) latin1Ids[c] = probeSingleUnit(c);
    }

    public String unkToken() {
        return unkToken;
    }

    public String continuingSubwordPrefix() {
        return continuingSubwordPrefix;
    }

    public long maxInputCharsPerWord() {
        return maxInputCharsPerWord;
    }

    /** The vocabulary, token to id (read-only). */
    public Map<String, Integer> vocab() {
        return vocab.entries();
    }

    @Override
    public List<Token> tokenize(String sequence) {
        List<Token> tokens = cache.get(sequence, this);
        if (tokens == null) {
            tokens = split(sequence);
            cache.put(sequence, tokens);
        }
        return tokens;
    }

    /**
     * {@link #tokenize(String)} of the word {@code chars[0, length)}, given the hash code that word
     * has as a string, with the tokens left in {@code out} as ids and offsets: a cached word costs
     * neither a string nor a token object. Token texts are {@link #idToToken} of the ids when
     * {@link #hasUniqueIds()}.
     */
    public void tokenize(char[] chars, int length, int hash, WordTokens out) {
        if (cache.readInto(chars, 0, length, hash, out)) return;
        if (hasUniqueIds() && splitInto(chars, length, out)) {
            // A miss split without strings or token objects.
            out.cacheAs(cache, chars, length, hash);
            return;
        }
        List<Token> tokens = split(new String(chars, 0, length));
        cache.put(chars, 0, length, hash, tokens);
        out.fill(tokens);
    }

    /**
     * The id of the one token that the word made of the single unit {@code c} (no surrogate)
     * becomes, with offsets {@code [0, 1)}: the vocabulary's {@code c}, else the unk token; -1 when
     * {@link #tokenize} must decide (the unk token is needed but missing). One trie probe, where
     * {@link #tokenize(char[], int, int, WordTokens)} would hash the word and read the cache: CJK
     * text is split into words of one ideograph each.
     */
    public int singleUnitId(char c) {
        return c < latin1Ids.length ? latin1Ids[c] : probeSingleUnit(c);
    }

    private int probeSingleUnit(char c) {
        if (maxInputCharsPerWord >= 1) {
            long step = trie.step(CharTrie.ROOT, c);
            if (step != CharTrie.NO_STEP && (int) step != CharTrie.NONE) return nodeIds[(int) step];
        }
        return unkId;
    }

    /**
     * {@link #split} of the word {@code w[0, len)} straight into {@code out}, without strings or
     * token objects; false, {@code out} then unspecified, when the word needs the unk token and the
     * vocabulary lacks it (then {@link #split} throws the error).
     */
    boolean splitInto(char[] w, int len, WordTokens out) {
        out.setCount(0);
        if (len > maxInputCharsPerWord && Character.codePointCount(w, 0, len) > maxInputCharsPerWord) return unknownInto(len, out);
        int start = 0;
        while (start < len) {
            long match = longestMatch(w, start, len);
            if (match < 0) return unknownInto(len, out);
            int bestEnd = (int) (match >>> 32);
            int bestEntry = (int) match;
            out.append(nodeIds[bestEntry], start, bestEnd);
            start = bestEnd;
        }
        return true;
    }

    private boolean unknownInto(int len, WordTokens out) {
        if (unkId < 0) return false;
        out.setCount(0);
        out.append(unkId, 0, len);
        return true;
    }

    /** Whether no two vocabulary entries share an id, so that an id names its token's text. */
    public boolean hasUniqueIds() {
        return vocab.hasUniqueIds();
    }

    /** Greedy longest-match-first. */
    private List<Token> split(String sequence) {
        int len = sequence.length();
        // Rust counts chars (scalar values); a string has at least as many UTF-16 units.
        if (len > maxInputCharsPerWord && sequence.codePointCount(0, len) > maxInputCharsPerWord) {
            return List.of(unknown(sequence));
        }
        char[] w = sequence.toCharArray();
        List<Token> tokens = new ArrayList<>();
        int start = 0;
        while (start < len) {
            long match = longestMatch(w, start, len);
            if (match < 0) return List.of(unknown(sequence));
            int end = (int) (match >>> 32);
            int entry = (int) match;
            tokens.add(new Token(nodeIds[entry], nodeTokens[entry], start, end));
            start = end;
        }
        return tokens;
    }

    /**
     * The longest vocabulary entry that {@code w[start, len)} starts with (looked up after
     * {@code continuingSubwordPrefix} when {@code start > 0}), as its end {@code << 32 |} its entry
     * index, or -1 when there is none.
     */
    private long longestMatch(char[] w, int start, int len) {
        int node = start == 0 ? CharTrie.ROOT : prefixNode;
        long best = -1;
        for (int i = start; i < len && node != CharTrie.NONE; i++) {
            char c = w[i];
            long step = trie.step(node, c);
            if (step == CharTrie.NO_STEP) break;
            node = (int) (step >>> 32);
            int entry = (int) step;
            // A match never ends between the two halves of a surrogate pair (see endsOnCharBoundary).
            if (entry != CharTrie.NONE && (!Character.isHighSurrogate(c) || i + 1 == len || !Character.isLowSurrogate(w[i + 1]))) {
                best = (long) (i + 1) << 32 | entry;
            }
        }
        return best;
    }

    /**
     * Rust shrinks candidates one scalar value at a time, so a match never ends between the two
     * halves of a surrogate pair (only a vocabulary entry with a lone surrogate could).
     */
    static boolean endsOnCharBoundary(String s, int end) {
        return end == s.length() || !Character.isLowSurrogate(s.charAt(end)) || !Character.isHighSurrogate(s.charAt(end - 1));
    }

    private Token unknown(String sequence) {
        if (unkId < 0) {
            throw new TokenizerException("WordPiece: the unk_token \"" + unkToken
                    + "\" is missing from the vocabulary, and the word \"" + sequence + "\" needs it");
        }
        return new Token(unkId, unkToken, 0, sequence.length());
    }

    @Override
    public int tokenToId(String token) {
        return vocab.id(token);
    }

    @Override
    public String idToToken(int id) {
        return vocab.token(id);
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }
}
