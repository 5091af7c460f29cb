package dev.ferrite.tokenizers.normalizers;

import dev.ferrite.tokenizers.pipeline.NormalizedString;

import java.util.List;

/** Runs the given normalizers one after the other on the same string. */
public record Sequence(List<Normalizer> normalizers) implements Normalizer {
    public Sequence {
        normalizers = List.copyOf(normalizers);
    }

    @Override
    public void normalize(NormalizedString s) {
        for (Normalizer n : normalizers) n.normalize(s);
    }
}
