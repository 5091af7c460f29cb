package dev.ferrite.tokenizers.pipeline;

/**
 * What a split does with the delimiter it found. On {@code the-final--countdown} split at '-':
 * REMOVED gives {@code the, final, countdown}; ISOLATED {@code the, -, final, -, -, countdown};
 * MERGED_WITH_PREVIOUS {@code the-, final-, -, countdown}; MERGED_WITH_NEXT
 * {@code the, -final, -, -countdown}; CONTIGUOUS {@code the, -, final, --, countdown}.
 */
public enum SplitDelimiterBehavior {
    REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS
}
