package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.pipeline.Token;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The WordLevel model (Rust {@code models/wordlevel/mod.rs}): the whole string is one token if the
 * vocabulary has it, else {@code unkToken} spanning the whole string, even when that string is
 * empty. A vocabulary without the unk token is accepted, as in Rust; {@link #tokenize} fails only
 * when it needs it. Offsets are UTF-16 indices into the string given to {@link #tokenize}.
 */
public final class WordLevel implements Model {
    private final VocabIndex vocab;
    private final String unkToken;
    private final int unkId;

    /**
     * @param vocab    token to id; ids need not be dense
     * @param unkToken the token for a string the vocabulary lacks
     */
    public WordLevel(Map<String, Integer> vocab, String unkToken) {
        this(VocabIndex.copyOf(vocab), unkToken);
    }

    /** A WordLevel over {@code vocab} (which it keeps). */
    WordLevel(VocabIndex vocab, String unkToken) {
        this.vocab = vocab;
        this.unkToken = Objects.requireNonNull(unkToken, "unkToken");
        this.unkId = this.vocab.id(unkToken);
    }

    public String unkToken() {
        return unkToken;
    }

    /** The vocabulary, token to id (read-only). */
    public Map<String, Integer> vocab() {
        return vocab.entries();
    }

    @Override
    public List<Token> tokenize(String sequence) {
        int id = vocab.id(sequence);
        if (id >= 0) return List.of(new Token(id, sequence, 0, sequence.length()));
        if (unkId >= 0) return List.of(new Token(unkId, unkToken, 0, sequence.length()));
        throw new TokenizerException("WordLevel: the unk_token \"" + unkToken
                + "\" is missing from the vocabulary, and \"" + sequence + "\" needs it");
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
