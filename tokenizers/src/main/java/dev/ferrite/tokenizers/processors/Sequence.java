package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.List;

/**
 * Runs post-processors one after the other on the same encodings (Llama 3 style tokenizers chain
 * ByteLevel and TemplateProcessing); the added token counts add up. Port of {@code processors/sequence.rs}.
 */
public record Sequence(List<PostProcessor> processors) implements PostProcessor {
    public Sequence {
        processors = List.copyOf(processors);
    }

    @Override
    public int addedTokens(boolean isPair) {
        int n = 0;
        for (PostProcessor p : processors) n += p.addedTokens(isPair);
        return n;
    }

    @Override
    public List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens) {
        List<RawEncoding> current = encodings;
        for (PostProcessor p : processors) current = p.processEncodings(current, addSpecialTokens);
        return current;
    }
}
