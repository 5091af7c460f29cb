package dev.ferrite.tokenizers.models;

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
        int id = Bpe.checkedId(token, boxedId);
        ids.put(token, id);
        alphabet.offer(token, id);
        names.add(token, id);
    }
}
