package dev.ferrite.tokenizers.models;

import java.util.List;

/**
 * The merge rules of a BPE model, in rank order, kept as tokenizer.json gives them: pairs of
 * strings ({@code ["left", "right"]}) or lines ({@code "left right"}, split at their one space).
 * Rule {@code i} is {@code text(i)[leftFrom, leftTo)} followed by {@code rightText(i)[rightFrom,
 * rightTo)}; the model resolves and checks the rules from these regions without making a string
 * per token (a model has tens or hundreds of thousands of rules, read once at load).
 */
final class MergeRules {
    /** Pairs: {@code [left0, right0, left1, ...]}; lines: one per rule. */
    private final String[] texts;
    /** Lines: the index of the space of each; null for pairs. */
    private final int[] spaces;
    private final int size;

    private MergeRules(String[] texts, int[] spaces, int size) {
        this.texts = texts;
        this.spaces = spaces;
        this.size = size;
    }

    /** Rules {@code packed[2i]} + {@code packed[2i + 1]} for i below size. */
    static MergeRules ofPairs(String[] packed, int size) {
        return new MergeRules(packed, null, size);
    }

    /** Rules {@code lines[i]}, left and right of {@code spaces[i]}, for i below size. */
    static MergeRules ofLines(String[] lines, int[] spaces, int size) {
        return new MergeRules(lines, spaces, size);
    }

    static MergeRules of(List<Bpe.Merge> merges) {
        String[] packed = new String[2 * merges.size()];
        for (int i = 0; i < merges.size(); i++) {
            packed[2 * i] = merges.get(i).left();
            packed[2 * i + 1] = merges.get(i).right();
        }
        return ofPairs(packed, merges.size());
    }

    int size() {
        return size;
    }

    /** The string holding the left token of rule {@code i}, at {@link #leftFrom} to {@link #leftTo}. */
    String leftText(int i) {
        return spaces == null ? texts[2 * i] : texts[i];
    }

    int leftFrom(int i) {
        return 0;
    }

    int leftTo(int i) {
        return spaces == null ? texts[2 * i].length() : spaces[i];
    }

    /** The string holding the right token of rule {@code i}, at {@link #rightFrom} to {@link #rightTo}. */
    String rightText(int i) {
        return spaces == null ? texts[2 * i + 1] : texts[i];
    }

    int rightFrom(int i) {
        return spaces == null ? 0 : spaces[i] + 1;
    }

    int rightTo(int i) {
        return rightText(i).length();
    }

    /** The left token of rule {@code i} (a new string for a line: for error messages). */
    String left(int i) {
        return leftText(i).substring(leftFrom(i), leftTo(i));
    }

    String right(int i) {
        return rightText(i).substring(rightFrom(i), rightTo(i));
    }

    boolean hasEmptySide(int i) {
        return leftTo(i) == leftFrom(i) || rightTo(i) == rightFrom(i);
    }

    /** The last character (code point) of the left token of rule {@code i}, which is not empty. */
    int leftLast(int i) {
        return leftText(i).codePointBefore(leftTo(i));
    }

    /** The first character (code point) of the right token of rule {@code i}, which is not empty. */
    int rightFirst(int i) {
        return rightText(i).codePointAt(rightFrom(i));
    }
}
