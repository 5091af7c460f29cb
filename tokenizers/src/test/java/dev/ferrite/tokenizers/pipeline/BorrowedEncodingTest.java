package dev.ferrite.tokenizers.pipeline;

import org.junit.jupiter.api.Test;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Encodings built in a thread's reusable arrays ({@link RawEncoding#borrowing}) and copied out by
 * {@link RawEncoding#detach}: exact sizes, no aliasing between encodings, texts and type ids stored
 * only where they must be.
 */
class BorrowedEncodingTest {
    private static final IntFunction<String> NAMES = id -> "t" + id;

    /** A borrowed encoding of {@code n} model tokens with ids {@code first..first+n-1}, detached. */
    private static RawEncoding built(int sequence, int first, int n) {
        RawEncoding e = RawEncoding.borrowing(sequence, NAMES);
        for (int i = 0; i < n; i++) e.addModelToken(first + i, i, i + 1, i, sequence);
        e.detach();
        return e;
    }

    private static void assertTokens(RawEncoding e, int first, int n) {
        assertThat(e.size()).isEqualTo(n);
        for (int i = 0; i < n; i++) {
            assertThat(e.id(i)).isEqualTo(first + i);
            assertThat(e.start(i)).isEqualTo(i);
            assertThat(e.end(i)).isEqualTo(i + 1);
            assertThat(e.word(i)).isEqualTo(i);
            assertThat(e.token(i)).isEqualTo("t" + (first + i));
        }
    }

    @Test
    void detachCopiesOutArraysOfExactlyTheSize() {
        RawEncoding e = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < 25; i++) e.addModelToken(i, i, i + 1, i, 0);
        assertThat(e.isBorrowing()).isTrue();
        e.detach();
        assertThat(e.isBorrowing()).isFalse();
        assertThat(e.capacity()).isEqualTo(25);
        assertThat(e.hasTexts()).isFalse();
        assertThat(e.storesTypeIds()).isFalse();
        assertTokens(e, 0, 25);
    }

    @Test
    void laterEncodingsOfOtherLengthsDoNotTouchEarlierOnes() {
        RawEncoding longer = built(0, 1000, 700); // grows the thread's arrays
        RawEncoding shorter = built(0, 5, 3);
        RawEncoding middle = built(0, 50, 40);
        assertTokens(longer, 1000, 700);
        assertTokens(shorter, 5, 3);
        assertTokens(middle, 50, 40);
        assertThat(middle.capacity()).isEqualTo(40);
    }

    @Test
    void aVeryLongEncodingIsNotKeptAsScratch() {
        int n = EncodingScratch.KEEP + 10;
        RawEncoding e = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < n; i++) e.addModelToken(i, i, i + 1, i, 0);
        assertThat(e.isBorrowing()).isFalse(); // it owns the arrays it grew into
        e.detach();
        assertTokens(e, 0, n);
        assertThat(RawEncoding.borrowing(0, NAMES).capacity()).isLessThanOrEqualTo(EncodingScratch.KEEP);
    }

    @Test
    void sequenceAndPairAreBuiltInSeparateArrays() {
        RawEncoding a = RawEncoding.borrowing(0, NAMES);
        RawEncoding b = RawEncoding.borrowing(1, NAMES);
        for (int i = 0; i < 10; i++) {
            a.addModelToken(i, i, i + 1, i, 0);
            b.addModelToken(100 + i, i, i + 1, i, 1);
        }
        a.mergeWith(b, false);
        a.detach();
        assertThat(a.size()).isEqualTo(20);
        assertThat(a.id(9)).isEqualTo(9);
        assertThat(a.id(10)).isEqualTo(100);
        assertThat(a.typeIds()).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
    }

    @Test
    void specialTokensNamedByTheirIdsStoreNoTextsButOthersDo() {
        RawEncoding e = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < 3; i++) e.addModelToken(10 + i, i, i + 1, i, 0);
        e.insertFront(1);
        e.set(0, 7, "t7", 0, 0, -1, 0, 1, 1);
        e.add(8, "t8", 0, 0, -1, 0, 1, 1);
        assertThat(e.hasTexts()).isFalse();
        e.add(9, "<other>", 0, 0, -1, 0, 1, 1);
        e.detach();
        assertThat(e.tokens()).containsExactly("t7", "t10", "t11", "t12", "t8", "<other>");
        assertThat(e.specialTokensMask()).containsExactly(1, 0, 0, 0, 1, 1);
    }

    @Test
    void textsLeftInTheThreadsArraysDoNotLeakIntoTheNextEncoding() {
        RawEncoding e = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < 4; i++) e.add(i, "x" + i, 0, 0, -1, 0, 0, 1);
        e.truncate(2, 0, false); // into new arrays: the texts stay behind in the scratch
        RawEncoding next = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < 3; i++) next.addModelToken(i, 0, 0, 0, 0);
        next.add(3, "y", 0, 0, -1, 0, 0, 1);
        next.detach();
        assertThat(next.tokens()).containsExactly("t0", "t1", "t2", "y");
    }

    @Test
    void typeIdsAreStoredOnlyWhileTheyDiffer() {
        RawEncoding e = RawEncoding.borrowing(0, NAMES);
        for (int i = 0; i < 3; i++) e.addModelToken(i, 0, 0, 0, 0);
        e.add(3, null, 0, 0, -1, 2, 1, 1);
        assertThat(e.storesTypeIds()).isTrue();
        assertThat(e.typeIds()).containsExactly(0, 0, 0, 2);
        e.setTypeIds(1);
        assertThat(e.storesTypeIds()).isFalse();
        assertThat(e.typeIds()).containsExactly(1, 1, 1, 1);
        e.pad(6, 0, 3, "[PAD]", true);
        e.detach();
        assertThat(e.typeIds()).containsExactly(3, 3, 1, 1, 1, 1);
        assertThat(e.tokens()).containsExactly("[PAD]", "[PAD]", "t0", "t1", "t2", "t3");
        assertThat(e.capacity()).isEqualTo(6);
    }

    @Test
    void paddingAfterDetachGrowsToExactlyTheTarget() {
        RawEncoding e = built(0, 1, 5);
        e.pad(9, 0, 0, "t0", false);
        assertThat(e.capacity()).isEqualTo(9);
        assertThat(e.hasTexts()).isFalse(); // the pad token is the name of its id
        assertThat(e.tokens()).containsExactly("t1", "t2", "t3", "t4", "t5", "t0", "t0", "t0", "t0");
        assertThat(e.attentionMask()).containsExactly(1, 1, 1, 1, 1, 0, 0, 0, 0);
    }

    @Test
    void threadsBuildInTheirOwnArrays() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            java.util.List<Future<Boolean>> results = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int first = 1000 * t;
                Callable<Boolean> job = () -> {
                    for (int round = 0; round < 200; round++) {
                        int n = 1 + (round * 37 + first) % 300;
                        RawEncoding e = built(0, first, n);
                        for (int i = 0; i < n; i++) if (e.id(i) != first + i || e.start(i) != i) return false;
                    }
                    return true;
                };
                results.add(pool.submit(job));
            }
            for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
        } finally {
            pool.shutdownNow();
        }
    }
}
