package dev.ferrite.tokenizers.processors;

import dev.ferrite.tokenizers.decoders.ByteLevelAlphabet;
import dev.ferrite.tokenizers.pipeline.CharClasses;
import dev.ferrite.tokenizers.pipeline.RawEncoding;

import java.util.List;

/**
 * The byte-level post-processor (GPT-2, Llama 3, Qwen): adds no special tokens; with
 * {@code trimOffsets} it narrows each token's offsets so that they leave out the spaces the token
 * starts or ends with. Port of {@code impl PostProcessor for ByteLevel} and {@code process_offsets}
 * in {@code pre_tokenizers/byte_level.rs}. {@code useRegex} only matters to the pre-tokenizer.
 */
public record ByteLevel(boolean addPrefixSpace, boolean trimOffsets, boolean useRegex) implements PostProcessor {
    /** {@code 'Ġ'}: the byte-level character of the space. */
    private static final char SPACE = ByteLevelAlphabet.charOf(' ');

    @Override
    public int addedTokens(boolean isPair) {
        return 0;
    }

    @Override
    public List<RawEncoding> processEncodings(List<RawEncoding> encodings, boolean addSpecialTokens) {
        if (trimOffsets) {
            for (RawEncoding e : encodings) {
                trimOffsets(e, addPrefixSpace);
                for (RawEncoding o : e.overflowing()) trimOffsets(o, addPrefixSpace);
            }
        }
        for (int i = 0; i < encodings.size(); i++) encodings.get(i).setSequenceId(i);
        return encodings;
    }

    /**
     * Rust's {@code process_offsets}: for each token, counts the leading and the trailing characters
     * that are {@code 'Ġ'} or whitespace (Rust {@code char::is_whitespace}) and moves the start
     * right and the end left by those counts, never past each other. A single leading space is kept
     * on the first token of the text (index 0 or start 0) when {@code addPrefixSpace}, since the
     * pre-tokenizer added it. Counts are in characters and every such character is one UTF-16 unit,
     * so this is the reference's arithmetic on character offsets.
     */
    static void trimOffsets(RawEncoding e, boolean addPrefixSpace) {
        for (int i = 0; i < e.size(); i++) {
            String token = e.token(i);
            int leading = 0;
            while (leading < token.length() && isSpace(token.charAt(leading))) leading++;
            int trailing = 0;
            while (trailing < token.length() && isSpace(token.charAt(token.length() - 1 - trailing))) trailing++;
            if (leading == 0 && trailing == 0) continue;
            int start = e.start(i);
            int end = e.end(i);
            if (leading > 0) {
                boolean isFirst = i == 0 || start == 0;
                if (isFirst && addPrefixSpace && leading == 1) leading = 0;
                start = Math.min(start + leading, end);
            }
            if (trailing > 0 && end >= trailing) end = Math.max(end - trailing, start);
            e.setOffsets(i, start, end);
        }
    }

    /** Whitespace characters are all in the Basic Multilingual Plane, so a surrogate never counts. */
    private static boolean isSpace(char c) {
        return c == SPACE || CharClasses.isWhitespace(c);
    }
}
