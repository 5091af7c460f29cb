package dev.ferrite.server;

import dev.ferrite.runtime.embed.Encoder;
import dev.ferrite.runtime.embed.TokenBatch;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * A stand-in transformer whose output reads off its input: token {@code j} of a sequence of length
 * {@code n} with id {@code id} gets the state {@code (id, j, n, 1)}. So every vector says which
 * sequence it came from, and a sequence's states never depend on the rest of the batch, as the
 * {@link Encoder} contract requires. It records every batch, can be held at a gate, and can be
 * told to fail on an id.
 */
final class FakeEncoder implements Encoder {
    static final int HIDDEN = 4;

    final List<TokenBatch> batches = new CopyOnWriteArrayList<>();
    final List<Boolean> onVirtualThread = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);
    private volatile CountDownLatch entered = new CountDownLatch(0);
    private volatile IntPredicate failOn = id -> false;
    private volatile long sleepNanosPerToken;

    /** Holds every batch at the start of {@link #run} until {@link #open}. */
    void close() {
        gate = new CountDownLatch(1);
        entered = new CountDownLatch(1);
    }

    void open() {
        gate.countDown();
    }

    /** Waits until a batch is held at the gate. */
    void awaitEntered() throws InterruptedException {
        if (!entered.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no batch reached the model");
        }
    }

    void failOn(IntPredicate ids) {
        failOn = ids;
    }

    /** Makes each batch take this long per token, to let a queue build up. */
    void slow(long nanosPerToken) {
        sleepNanosPerToken = nanosPerToken;
    }

    @Override
    public int hiddenSize() {
        return HIDDEN;
    }

    @Override
    public float[] run(TokenBatch batch) {
        batches.add(batch);
        onVirtualThread.add(Thread.currentThread().isVirtual());
        entered.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("gate never opened");
            }
            if (sleepNanosPerToken > 0) {
                Thread.sleep(java.time.Duration.ofNanos(sleepNanosPerToken * batch.tokens()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        float[] out = new float[batch.tokens() * HIDDEN];
        for (int s = 0; s < batch.size(); s++) {
            int n = batch.length(s);
            for (int j = 0; j < n; j++) {
                int t = batch.starts()[s] + j;
                int id = batch.ids()[t];
                if (failOn.test(id)) {
                    throw new IllegalStateException("fake failure on id " + id);
                }
                out[t * HIDDEN] = id;
                out[t * HIDDEN + 1] = j;
                out[t * HIDDEN + 2] = n;
                out[t * HIDDEN + 3] = 1;
            }
        }
        return out;
    }

    /** The states {@link #run} gives a sequence of these ids, row by row. */
    static float[] states(int[] ids) {
        float[] out = new float[ids.length * HIDDEN];
        for (int j = 0; j < ids.length; j++) {
            out[j * HIDDEN] = ids[j];
            out[j * HIDDEN + 1] = j;
            out[j * HIDDEN + 2] = ids.length;
            out[j * HIDDEN + 3] = 1;
        }
        return out;
    }
}
