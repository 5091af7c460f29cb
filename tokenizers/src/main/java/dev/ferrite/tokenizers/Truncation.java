package dev.ferrite.tokenizers;

/**
 * How encodings longer than {@code maxLength} tokens (special tokens included) are cut.
 * Mirrors the {@code truncation} block of tokenizer.json.
 *
 * @param maxLength  the longest an encoding may be, special tokens included
 * @param stride     how many tokens each overflowing piece repeats from the previous one
 * @param strategy   which sequence of a pair loses tokens
 * @param direction  which end of a sequence loses tokens
 */
public record Truncation(int maxLength, int stride, Strategy strategy, Direction direction) {
    public enum Strategy { LONGEST_FIRST, ONLY_FIRST, ONLY_SECOND }

    public enum Direction { LEFT, RIGHT }

    public Truncation {
        if (maxLength < 0) throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength);
        if (stride < 0) throw new IllegalArgumentException("stride must be >= 0, got " + stride);
        if (strategy == null || direction == null) throw new IllegalArgumentException("strategy and direction are required");
    }

    /** Right-side, longest-first truncation to {@code maxLength} with no stride. */
    public static Truncation of(int maxLength) {
        return new Truncation(maxLength, 0, Strategy.LONGEST_FIRST, Direction.RIGHT);
    }
}
