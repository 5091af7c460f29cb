package dev.ferrite.server;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends a read that brings no byte for longer than a bound: the reading thread is interrupted, and
 * an interrupted read on a socket channel closes the channel, so the connection ends.
 *
 * <p>Why by hand: Helidon 4.5 offers no read timeout for a server's connections. Its connection
 * options' {@code readTimeout} is used by its client only (an accepted channel gets the options'
 * socket-option map, which has no SO_TIMEOUT, and a blocking channel read ignores SO_TIMEOUT
 * anyway); its {@code idleConnectionTimeout} counts from the start of the last request and
 * interrupts a connection only while it waits for a request line, never in a body; its
 * {@code maxPayloadSize} bounds bytes, not time. So a client that sends headers and part of a body,
 * then nothing, held its connection and its thread until it left.
 *
 * <p>One timer thread serves every read: a read's check runs when its bound would pass, and waits
 * again as long as bytes came meanwhile. Nothing is written to a timed-out connection: the
 * interrupt has closed it.
 */
final class StallTimer implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;
    private final Duration bound;
    private final long boundNanos;

    StallTimer(Duration bound) {
        this.bound = bound;
        this.boundNanos = bound.toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().name("ferrite-stall-timer").daemon(true).unstarted(r));
        // A read that finishes in time cancels its check; without this the check would stay queued until its bound.
        timer.setRemoveOnCancelPolicy(true);
    }

    Duration bound() {
        return bound;
    }

    /** Starts watching a read by the current thread: call {@link Read#progress} as bytes come, {@link Read#finish} at the end. */
    Read start() {
        Read read = new Read(Thread.currentThread());
        read.schedule(boundNanos);
        return read;
    }

    /** Stops the timer; reads still watched are no longer bounded. */
    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One watched read. */
    final class Read implements Runnable {
        private final Thread reader;
        private static final int READING = 0, FINISHED = 1, STALLED = 2;
        private final AtomicInteger state = new AtomicInteger(READING);
        private volatile long lastProgress = System.nanoTime();
        private volatile ScheduledFuture<?> check;

        private Read(Thread reader) {
            this.reader = reader;
        }

        /** Bytes have come: the bound counts from now. */
        void progress() {
            lastProgress = System.nanoTime();
        }

        /**
         * Stops watching; idempotent.
         *
         * @return whether the read had stalled past the bound (its thread is or will be interrupted, its connection closed)
         */
        boolean finish() {
            state.compareAndSet(READING, FINISHED);
            ScheduledFuture<?> c = check;
            if (c != null) {
                c.cancel(false);
            }
            return state.get() == STALLED;
        }

        @Override
        public void run() {
            long quiet = System.nanoTime() - lastProgress;
            if (quiet < boundNanos) {
                if (state.get() == READING) {
                    schedule(boundNanos - quiet);
                }
            } else if (state.compareAndSet(READING, STALLED)) {
                reader.interrupt();
            }
        }

        private void schedule(long delayNanos) {
            try {
                check = timer.schedule(this, delayNanos, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                // The server is stopping: the read is no longer bounded, as close() says.
            }
        }
    }
}
