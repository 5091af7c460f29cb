package dev.ferrite.server;

import dev.ferrite.tokenizers.Encoding;
import dev.ferrite.tokenizers.Tokenizer;
import dev.ferrite.tokenizers.TokenizerException;
import dev.ferrite.tokenizers.Truncation;
import java.util.Map;
import java.util.TreeSet;

/**
 * Text to token ids as TEI does it: the named prompt put first, special tokens added, cut to the
 * model's limit when truncation is asked (from the right or the left), else refused when too long.
 * Before tokenizing, an input longer than {@link #CHARS_PER_TOKEN} characters per token of the
 * model's limit is refused, or cut to that many characters when truncation is asked, as TEI does
 * (its {@code MAX_CHAR_MULTIPLIER}): so a huge text is never tokenized whole only to be cut.
 * Thread-safe.
 */
final class Tokenization {
    /** TEI's bound on an input's characters (Unicode code points, the prompt not counted): this many per token of the limit. */
    static final int CHARS_PER_TOKEN = 250;

    private final ServedModel model;
    private final Tokenizer plain;
    private final Tokenizer cutRight;
    private final Tokenizer cutLeft;
    private final ServerMetrics metrics;

    Tokenization(ServedModel model, ServerMetrics metrics) {
        this.model = model;
        this.metrics = metrics;
        this.plain = model.tokenizer();
        int max = model.maxInputLength();
        this.cutRight = plain.withTruncation(new Truncation(max, 0, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.RIGHT));
        this.cutLeft = plain.withTruncation(new Truncation(max, 0, Truncation.Strategy.LONGEST_FIRST, Truncation.Direction.LEFT));
    }

    /** Where a too-long input is cut. */
    enum Direction { LEFT, RIGHT }

    /**
     * The job's ids for one text.
     *
     * @throws ApiException {@code validation} for an unknown prompt or an input too long without
     *                      truncation, {@code tokenizer} when the tokenizer rejects the text
     */
    Job job(String text, boolean truncate, Direction direction, String promptName, Job.Output output) {
        Encoding e = encode(withPrompt(limitChars(text, truncate), promptName), truncate ? direction : null, true);
        check(e.length());
        return new Job(e.ids(), e.typeIds(), output);
    }

    /** A job of ids given by the client (OpenAI's token arrays): used as they are, no special tokens added. */
    Job job(int[] ids, boolean truncate, Job.Output output) {
        if (ids.length == 0) {
            throw new ApiException(ErrorType.VALIDATION, "`input` cannot be an empty array of token ids");
        }
        int vocab = plain.vocabSize(true);
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new ApiException(ErrorType.VALIDATION, "token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        int[] kept = truncate && ids.length > model.maxInputLength() ? java.util.Arrays.copyOf(ids, model.maxInputLength()) : ids;
        check(kept.length);
        return Job.of(kept, output);
    }

    /** The text encoded for /tokenize: the prompt first, special tokens as asked, not truncated. */
    Encoding tokenize(String text, boolean addSpecialTokens, String promptName) {
        return encode(withPrompt(limitChars(text, false), promptName), null, addSpecialTokens);
    }

    /**
     * The text within TEI's character bound: as it is when within, its first code points when
     * {@code truncate}, else refused.
     *
     * @throws ApiException {@code validation} when the text is over the bound and not to be truncated
     */
    String limitChars(String text, boolean truncate) {
        long limit = (long) model.maxInputLength() * CHARS_PER_TOKEN;
        if (text.length() <= limit) {
            return text; // no more code points than UTF-16 units
        }
        int chars = text.codePointCount(0, text.length());
        if (chars <= limit) {
            return text;
        }
        if (!truncate) {
            throw new ApiException(ErrorType.VALIDATION, "`inputs` must have less than " + limit + " characters. Given: " + chars);
        }
        return text.substring(0, text.offsetByCodePoints(0, (int) limit));
    }

    /** The prompt's text followed by the input's. */
    String withPrompt(String text, String promptName) {
        if (promptName == null) {
            return text;
        }
        Map<String, String> prompts = model.prompts();
        if (prompts.isEmpty()) {
            throw new ApiException(ErrorType.VALIDATION, "`prompt_name` is set to `" + promptName
                    + "` but no prompts were found in the Sentence Transformers configuration");
        }
        String prompt = prompts.get(promptName);
        if (prompt == null) {
            throw new ApiException(ErrorType.VALIDATION, "`prompt_name` is set to `" + promptName
                    + "` but it was not found in the Sentence Transformers prompts. Available prompts: " + new TreeSet<>(prompts.keySet()));
        }
        return prompt + text;
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        int vocab = plain.vocabSize(true);
        for (int id : ids) {
            if (id < 0 || id >= vocab) {
                throw new ApiException(ErrorType.TOKENIZER, "token id " + id + " is outside the vocabulary (0.." + (vocab - 1) + ")");
            }
        }
        try {
            return plain.decode(ids, skipSpecialTokens);
        } catch (TokenizerException | IllegalArgumentException e) {
            throw new ApiException(ErrorType.TOKENIZER, e.getMessage(), e);
        }
    }

    private Encoding encode(String text, Direction cut, boolean addSpecialTokens) {
        Tokenizer t = cut == null ? plain : cut == Direction.LEFT ? cutLeft : cutRight;
        try {
            return t.encode(text, addSpecialTokens);
        } catch (TokenizerException | IllegalArgumentException e) {
            throw new ApiException(ErrorType.TOKENIZER, e.getMessage(), e);
        }
    }

    private void check(int tokens) {
        if (tokens > model.maxInputLength()) {
            throw new ApiException(ErrorType.VALIDATION, "`inputs` must have less than " + model.maxInputLength()
                    + " tokens. Given: " + tokens);
        }
        metrics.inputLength(tokens);
    }
}
