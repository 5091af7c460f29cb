package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.runtime.embed.TokenBatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private final FakeEncoder encoder = new FakeEncoder();
    private final ServerMetrics metrics = new ServerMetrics(512);
    private Batcher batcher;

    @AfterEach
    void close() {
        encoder.open();
        if (batcher != null) {
            batcher.close();
        }
    }

    private Batcher batcher(int maxConcurrent, int maxBatchTokens, int maxBatchRequests, int workers) {
        batcher = new Batcher(encoder, Pooling.MEAN, maxConcurrent, maxBatchTokens, maxBatchRequests, workers, metrics);
        return batcher;
    }

    private static int[] ids(int... ids) {
        return ids;
    }

    private static JobResult get(CompletableFuture<JobResult> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static float[] pooled(int[] ids, boolean normalize) {
        float[] v = Pooling.MEAN.pool(FakeEncoder.states(ids), ids.length, FakeEncoder.HIDDEN);
        return normalize ? Pooling.normalize(v) : v;
    }

    @Test
    void eachOutputKindIsTheModelsOwn() throws Exception {
        batcher(16, 100, 0, 1);
        int[] a = ids(101, 7592, 102);
        List<CompletableFuture<JobResult>> f = batcher.submit(List.of(
                Job.of(a, Job.Output.TOKENS), Job.of(a, Job.Output.POOLED), Job.of(a, Job.Output.POOLED_NORMALIZED)));
        assertThat(get(f.get(0)).values()).containsExactly(FakeEncoder.states(a));
        assertThat(get(f.get(1)).values()).containsExactly(pooled(a, false));
        assertThat(get(f.get(2)).values()).containsExactly(pooled(a, true));
        assertThat(get(f.get(0)).tokens()).isEqualTo(3);
        assertThat(encoder.onVirtualThread).containsOnly(false);
    }

    @Test
    void anEmptySequencePoolsToZeros() throws Exception {
        batcher(16, 100, 0, 1);
        List<CompletableFuture<JobResult>> f = batcher.submit(List.of(Job.of(ids(), Job.Output.POOLED), Job.of(ids(5), Job.Output.POOLED)));
        assertThat(get(f.get(0)).values()).containsExactly(0, 0, 0, 0);
        assertThat(get(f.get(1)).values()).containsExactly(5, 0, 1, 1);
    }

    @Test
    void manyConcurrentSubmittersGetExactlyTheirOwnVectors() throws Exception {
        batcher(4096, 64, 0, 2);
        encoder.slow(20_000);
        int clients = 32;
        int rounds = 40;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> checks = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                checks.add(pool.submit(() -> {
                    Random random = new Random(client);
                    int checked = 0;
                    for (int r = 0; r < rounds; r++) {
                        int inputs = 1 + random.nextInt(4);
                        List<Job> jobs = new ArrayList<>();
                        for (int i = 0; i < inputs; i++) {
                            int[] seq = new int[1 + random.nextInt(12)];
                            for (int t = 0; t < seq.length; t++) {
                                seq[t] = client * 100_000 + r * 100 + i * 10 + t;
                            }
                            jobs.add(Job.of(seq, i % 2 == 0 ? Job.Output.TOKENS : Job.Output.POOLED_NORMALIZED));
                        }
                        List<CompletableFuture<JobResult>> futures = batcher.submit(jobs);
                        for (int i = 0; i < inputs; i++) {
                            Job job = jobs.get(i);
                            float[] want = job.output() == Job.Output.TOKENS ? FakeEncoder.states(job.ids()) : pooled(job.ids(), true);
                            assertThat(get(futures.get(i)).values()).containsExactly(want);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : checks) {
                total += f.get(120, TimeUnit.SECONDS);
            }
            assertThat(total).isGreaterThan(clients * rounds);
        }
        // Batching happened: some batch held several sequences, and none passed the token budget
        // (unless one sequence alone).
        assertThat(encoder.batches).anySatisfy(b -> assertThat(b.size()).isGreaterThan(1));
        assertThat(encoder.batches).allSatisfy(b -> assertThat(b.tokens() <= 64 || b.size() == 1).isTrue());
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void aClientBatchLargerThanAnEngineBatchIsSplit() throws Exception {
        batcher(64, 10, 0, 1);
        encoder.close();
        // Held at the gate, the first batch keeps the rest queued so they batch under the budget.
        CompletableFuture<JobResult> first = batcher.submit(List.of(Job.of(ids(1), Job.Output.POOLED))).getFirst();
        encoder.awaitEntered();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            jobs.add(Job.of(ids(10 * i, 10 * i + 1, 10 * i + 2, 10 * i + 3), Job.Output.TOKENS));
        }
        List<CompletableFuture<JobResult>> f = batcher.submit(jobs);
        encoder.open();
        get(first);
        for (int i = 0; i < 10; i++) {
            assertThat(get(f.get(i)).values()).containsExactly(FakeEncoder.states(jobs.get(i).ids()));
        }
        List<TokenBatch> after = encoder.batches.subList(1, encoder.batches.size());
        assertThat(after).hasSize(5).allSatisfy(b -> assertThat(b.tokens()).isEqualTo(8));
    }

    @Test
    void theRequestCapLimitsSequencesPerBatch() throws Exception {
        batcher(64, 1000, 3, 1);
        encoder.close();
        CompletableFuture<JobResult> first = batcher.submit(List.of(Job.of(ids(1), Job.Output.POOLED))).getFirst();
        encoder.awaitEntered();
        List<Job> jobs = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            jobs.add(Job.of(ids(i + 2), Job.Output.POOLED));
        }
        List<CompletableFuture<JobResult>> f = batcher.submit(jobs);
        encoder.open();
        get(first);
        for (CompletableFuture<JobResult> r : f) {
            get(r);
        }
        assertThat(encoder.batches.stream().skip(1).map(TokenBatch::size)).containsExactly(3, 3, 1);
    }

    @Test
    void aCancelledQueuedJobIsDroppedNotComputed() throws Exception {
        batcher(64, 1000, 0, 1);
        encoder.close();
        CompletableFuture<JobResult> first = batcher.submit(List.of(Job.of(ids(1), Job.Output.POOLED))).getFirst();
        encoder.awaitEntered();
        CompletableFuture<JobResult> gone = batcher.submit(List.of(Job.of(ids(666, 667), Job.Output.POOLED))).getFirst();
        CompletableFuture<JobResult> kept = batcher.submit(List.of(Job.of(ids(7), Job.Output.POOLED))).getFirst();
        assertThat(gone.cancel(true)).isTrue();
        encoder.open();
        get(first);
        assertThat(get(kept).values()).containsExactly(7, 0, 1, 1);
        assertThat(encoder.batches).noneSatisfy(b -> assertThat(Arrays.stream(b.ids()).anyMatch(id -> id == 666)).isTrue());
        assertThat(metrics.counter("te_request_failure", "err", "dropped")).isEqualTo(1);
        assertThat(batcher.inFlight()).isZero();
    }

    @Test
    void pastTheConcurrencyLimitASubmitIsRefusedWhole() throws Exception {
        batcher(4, 1000, 0, 1);
        encoder.close();
        List<CompletableFuture<JobResult>> held = batcher.submit(List.of(
                Job.of(ids(1), Job.Output.POOLED), Job.of(ids(2), Job.Output.POOLED), Job.of(ids(3), Job.Output.POOLED)));
        assertThatThrownBy(() -> batcher.submit(List.of(Job.of(ids(4), Job.Output.POOLED), Job.of(ids(5), Job.Output.POOLED))))
                .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.type()).isEqualTo(ErrorType.OVERLOADED));
        assertThat(batcher.inFlight()).isEqualTo(3);
        CompletableFuture<JobResult> fourth = batcher.submit(List.of(Job.of(ids(4), Job.Output.POOLED))).getFirst();
        assertThatThrownBy(() -> batcher.submit(List.of(Job.of(ids(5), Job.Output.POOLED))))
                .isInstanceOf(ApiException.class);
        encoder.open();
        for (CompletableFuture<JobResult> f : held) {
            get(f);
        }
        get(fourth);
        assertThat(encoder.batches).noneSatisfy(b -> assertThat(Arrays.stream(b.ids()).anyMatch(id -> id == 5)).isTrue());
        // Every place is free again.
        assertThat(batcher.submit(List.of(Job.of(ids(5), Job.Output.POOLED), Job.of(ids(6), Job.Output.POOLED),
                Job.of(ids(7), Job.Output.POOLED), Job.of(ids(8), Job.Output.POOLED)))).hasSize(4);
    }

    @Test
    void aModelFailureFailsItsBatchWithBackendAndTheWorkerGoesOn() throws Exception {
        batcher(64, 1000, 0, 1);
        encoder.failOn(id -> id == 13);
        CompletableFuture<JobResult> bad = batcher.submit(List.of(Job.of(ids(13), Job.Output.POOLED))).getFirst();
        assertThatThrownBy(() -> get(bad)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(ApiException.class, x -> {
                    assertThat(x.type()).isEqualTo(ErrorType.BACKEND);
                    assertThat(x.getMessage()).contains("fake failure on id 13");
                });
        assertThat(get(batcher.submit(List.of(Job.of(ids(12), Job.Output.POOLED))).getFirst()).values()).containsExactly(12, 0, 1, 1);
    }

    @Test
    void closeFinishesQueuedJobsThenRefusesNewOnes() throws Exception {
        batcher(64, 2, 0, 1);
        encoder.close();
        List<CompletableFuture<JobResult>> f = batcher.submit(List.of(
                Job.of(ids(1, 2), Job.Output.POOLED), Job.of(ids(3, 4), Job.Output.POOLED), Job.of(ids(5, 6), Job.Output.POOLED)));
        encoder.awaitEntered();
        Thread closer = Thread.ofPlatform().start(batcher::close);
        while (!batcher.isClosed()) {
            Thread.onSpinWait();
        }
        assertThatThrownBy(() -> batcher.submit(List.of(Job.of(ids(7), Job.Output.POOLED))))
                .isInstanceOfSatisfying(ApiException.class, x -> assertThat(x.type()).isEqualTo(ErrorType.UNHEALTHY));
        encoder.open();
        closer.join(30_000);
        assertThat(closer.isAlive()).isFalse();
        for (CompletableFuture<JobResult> r : f) {
            assertThat(r).isCompleted();
            get(r);
        }
    }
}
