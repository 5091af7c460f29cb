package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.PreTokenizedString;

import java.util.List;

/** Runs pre-tokenizers one after the other (pre_tokenizers/sequence.rs). */
public record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
    public Sequence {
        preTokenizers = List.copyOf(preTokenizers);
    }

    @Override
    public void preTokenize(PreTokenizedString s) {
        for (PreTokenizer p : preTokenizers) p.preTokenize(s);
    }
}
