package dev.ferrite.runtime.embed;

import java.util.concurrent.CompletableFuture;

/**
 * A file a load writes into the model cache for later loads (the prepared encoder, or a model's
 * extracted copy), written on a thread of its own so that the load returns without waiting for it:
 * 90 MB for MiniLM, 0.1-0.3 s of a first load. The file itself is written as {@link CacheFiles}
 * writes, a temporary file renamed when whole, so a reader never sees it half written.
 *
 * <p>The JVM's exit waits for the write to end (a shutdown hook joins it, {@code System.exit}
 * included), so an exit neither leaves a temporary file behind nor loses the file the next run would
 * map. A JVM killed or halted mid-write may leave the temporary file: never read (named apart), as
 * after any crash.
 */
final class CacheWrite {
    private static final DebugLog LOG = new DebugLog(CacheWrite.class);

    private CacheWrite() {
    }

    /**
     * Runs {@code write} on a thread of its own (on this one when the JVM is already exiting); done
     * when it has ended, whatever it threw (which is logged at DEBUG: a cache that cannot be written is
     * no error).
     */
    static CompletableFuture<Void> start(String what, Runnable write) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread exitWaits = Thread.ofPlatform().name("ferrite-cache-write-exit").unstarted(done::join);
        try {
            Runtime.getRuntime().addShutdownHook(exitWaits);
        } catch (IllegalStateException exiting) {
            run(what, write, done);
            return done;
        }
        Thread.ofPlatform().name("ferrite-cache-write").daemon().start(() -> {
            run(what, write, done);
            try {
                Runtime.getRuntime().removeShutdownHook(exitWaits);
            } catch (IllegalStateException exiting) {
                // the hook is running, or about to: it returns at once now
            }
        });
        return done;
    }

    private static void run(String what, Runnable write, CompletableFuture<Void> done) {
        try {
            write.run();
        } catch (RuntimeException e) {
            LOG.log(() -> what + " not written: " + e);
        } finally {
            done.complete(null);
        }
    }
}
