package dev.ferrite.tokenizers.models;

import dev.ferrite.tokenizers.TokenizerException;

/**
 * The one pass over a BPE vocabulary when a model is built ({@link Bpe}): checks the ids, names each
 * id by a token ({@link TokenNames}), and fills the token table that resolves the merge rules
 * ({@link TokenIds}) and the alphabet of initial symbols ({@link BpeAlphabet}). One call per entry:
 * compiled early, where the loop of a method run once stays interpreted.
 */
final class BpeVocabPass {
    final TokenIds ids;
    final BpeAlphabet.Builder alphabet;
    /** The token naming each id; {@link TokenNames#finish finish} it after the pass. */
    final TokenNames names;

    BpeVocabPass(int size, String prefix, String suffix) {
        ids = new TokenIds(size);
        alphabet = new BpeAlphabet.Builder(prefix, suffix);
        names = new TokenNames(size);
    }

    void add(String token, Integer boxedId) {
        int id = checkedId(token, boxedId);
        ids.put(token, id);
        alphabet.offer(token, id);
        names.add(token, id);
    }

    static int checkedId(String token, Integer id) {
        if (id == null) throw new NullPointerException("vocabulary id");
        if (id < 0) throw new TokenizerException("BPE vocabulary: negative id " + id + " for \"" + token + "\"");
        return id;
    }
}
