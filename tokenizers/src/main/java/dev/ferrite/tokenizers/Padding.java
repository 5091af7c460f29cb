package dev.ferrite.tokenizers;

/**
 * How encodings are padded. Mirrors the {@code padding} block of tokenizer.json.
 *
 * @param fixedLength     pad every encoding to this length; 0 means "to the longest of the batch"
 * @param direction       which end receives the padding
 * @param padToMultipleOf round the target length up to a multiple of this; 0 for none
 * @param padId           id of the padding token
 * @param padTypeId       type id given to padding positions
 * @param padToken        the padding token's text
 */
public record Padding(int fixedLength, Direction direction, int padToMultipleOf, int padId, int padTypeId,
                      String padToken) {
    public enum Direction { LEFT, RIGHT }

    public Padding {
        if (fixedLength < 0) throw new IllegalArgumentException("fixedLength must be >= 0, got " + fixedLength);
        if (padToMultipleOf < 0) throw new IllegalArgumentException("padToMultipleOf must be >= 0, got " + padToMultipleOf);
        if (direction == null || padToken == null) throw new IllegalArgumentException("direction and padToken are required");
    }

    /** Pads to the longest encoding of the batch, on the right. */
    public static Padding batchLongest(int padId, String padToken) {
        return new Padding(0, Direction.RIGHT, 0, padId, 0, padToken);
    }

    /** Pads every encoding to {@code length}, on the right. */
    public static Padding fixed(int length, int padId, String padToken) {
        return new Padding(length, Direction.RIGHT, 0, padId, 0, padToken);
    }

    public boolean isBatchLongest() {
        return fixedLength == 0;
    }
}
