package dev.ferrite.tokenizers.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects the mismatches of one comparison run (one tokenizer x one corpus, say): how many samples
 * differ, and a readable account of the first few. {@link #assertClean()} fails the test with the
 * whole account. Safe to fill from parallel streams.
 */
public final class MismatchReport {
    /** How many mismatches are described in full; the rest are only counted. */
    public static final int SHOWN = 5;

    private final String title;
    private final AtomicInteger checked = new AtomicInteger();
    private final AtomicInteger mismatched = new AtomicInteger();
    /** The mismatches with the lowest sample numbers, at most {@link #SHOWN}. */
    private final TreeMap<Integer, Entry> shown = new TreeMap<>();

    private record Entry(int sample, String text, String what) {
    }

    public MismatchReport(String title) {
        this.title = title;
    }

    /** Counts one compared sample that matched. */
    public void ok() {
        checked.incrementAndGet();
    }

    /**
     * Records that sample {@code sample} (a 1-based line number, or an index the title explains),
     * with input {@code text}, differs: {@code what} says how.
     */
    public void mismatch(int sample, String text, String what) {
        checked.incrementAndGet();
        mismatched.incrementAndGet();
        synchronized (shown) {
            shown.putIfAbsent(sample, new Entry(sample, text, what));
            if (shown.size() > SHOWN) shown.pollLastEntry();
        }
    }

    /** Records the outcome of one sample: {@code what == null} means it matched. */
    public void record(int sample, String text, String what) {
        if (what == null) ok();
        else mismatch(sample, text, what);
    }

    public int mismatches() {
        return mismatched.get();
    }

    public int checked() {
        return checked.get();
    }

    /** The account: counts, then the first {@value #SHOWN} mismatches in sample order. */
    public String summary() {
        List<Entry> entries;
        synchronized (shown) {
            entries = new ArrayList<>(shown.values());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(title).append(": ").append(mismatched.get()).append(" of ").append(checked.get())
                .append(" samples differ from the Rust reference\n");
        for (Entry e : entries) {
            sb.append("  sample ").append(e.sample).append(": ").append(Text.quote(e.text, 160)).append('\n');
            for (String line : e.what.split("\n")) sb.append("    ").append(line).append('\n');
        }
        if (mismatched.get() > entries.size()) sb.append("  ... and ").append(mismatched.get() - entries.size()).append(" more\n");
        return sb.toString();
    }

    /** Fails (AssertionError with {@link #summary()}) if any sample differed or none was compared. */
    public void assertClean() {
        if (checked.get() == 0) throw new AssertionError(title + ": nothing was compared");
        if (mismatched.get() > 0) throw new AssertionError(summary());
    }
}
