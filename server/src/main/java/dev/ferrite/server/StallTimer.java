package dev.ferrite.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

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
 * <p>One thread looks over the reads in progress every {@link #tick}: a read ends between the
 * bound and the bound plus a tick after its last byte. A read costs its request a set insertion and
 * removal, never a wake-up of that thread, which a timer task per read would cost whenever it became
 * the earliest one (nearly every request of a lightly loaded server). Nothing is written to a
 * timed-out connection: the interrupt has closed it.
 */
final class StallTimer implements AutoCloseable {
    private static final long MIN_TICK_NANOS = Duration.ofMillis(10).toNanos();
    private static final long MAX_TICK_NANOS = Duration.ofSeconds(1).toNanos();

    private final Duration bound;
    private final long boundNanos;
    /** A quarter of the bound, within 10 ms to 1 s: how late past its bound a stalled read may end. */
    private final long tick;
    private final Set<Read> reads = ConcurrentHashMap.newKeySet();
    private final Thread watcher;
    private volatile boolean closed;

    StallTimer(Duration bound) {
        this.bound = bound;
        this.boundNanos = bound.toNanos();
        this.tick = Math.clamp(boundNanos / 4, MIN_TICK_NANOS, MAX_TICK_NANOS);
        this.watcher = Thread.ofPlatform().name("ferrite-stall-timer").daemon(true).start(this::watch);
    }

    Duration bound() {
        return bound;
    }

    /** Starts watching a read by the current thread: call {@link Read#progress} as bytes come, {@link Read#finish} at the end. */
    Read start() {
        Read read = new Read(Thread.currentThread());
        reads.add(read);
        return read;
    }

    /** Stops the watching thread; reads still in progress are no longer bounded. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watcher);
    }

    private void watch() {
        while (!closed) {
            LockSupport.parkNanos(tick);
            long now = System.nanoTime();
            for (Read read : reads) {
                if (now - read.lastProgress >= boundNanos) {
                    read.stall();
                }
            }
        }
    }

    /** One watched read. */
    final class Read {
        private static final int READING = 0, FINISHED = 1, STALLED = 2;
        private final Thread reader;
        private final AtomicInteger state = new AtomicInteger(READING);
        private volatile long lastProgress = System.nanoTime();

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
            reads.remove(this);
            return state.get() == STALLED;
        }

        private void stall() {
            reads.remove(this);
            if (state.compareAndSet(READING, STALLED)) {
                reader.interrupt();
            }
        }
    }
}
