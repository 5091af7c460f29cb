package dev.ferrite.server;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Notices that the client of a waiting request has gone: one thread reads the kernel's TCP table
 * ({@link TcpTable}) every {@link #INTERVAL} while any request is watched, and tells a request whose
 * connection the client has closed (its FIN: the server's side is in close-wait) or reset (the
 * kernel has dropped the connection). The sockets are never read, so a connection that stays is
 * left exactly as it was, and a request whose jobs complete returns at once, watched or not.
 *
 * <p>Why not a read on the socket, as servers built on non-blocking I/O do: Helidon 4.5's handler
 * runs on the connection's own thread, which alone reads the socket and only between requests; a
 * second reader would race with it, and a blocked read cannot be abandoned without closing the
 * connection. Helidon's own signal, {@code HelidonSocket.idle()}/{@code isConnected()}, does nothing
 * on its default NIO sockets ({@code idle()} is empty, {@code isConnected()} stays true until the
 * server closes the channel), and on its plain sockets ({@code useNio(false)}) its monitor gives up
 * after one 101 ms read, because the server sets no read timeout and nothing lets us set one:
 * tried, a live kept-alive client showed {@code isConnected() == false} at 127 ms and its next
 * request on the connection failed.
 *
 * <p>The contract:
 * <ul>
 * <li>{@code onGone} runs at most once, on the watch thread, within about {@link #INTERVAL} (plus
 *     the time to read the table) of the client closing, {@value #MISSING_SCANS} intervals of its
 *     resetting. It does not start after
 *     {@link Watch#close} has returned, but one already started may still be running then.</li>
 * <li>A client that half-closes (sends its FIN, then waits for the answer) counts as gone, as hyper,
 *     TEI's HTTP server, treats it by default.</li>
 * <li>A connection is declared reset when {@value #MISSING_SCANS} reads in a row miss it (the
 *     kernel prints the table in pieces and may skip a line while connections come and go), and
 *     only once the table has shown some connection to the same local address and port: should
 *     the connections of a listener never match the table's lines, that costs the detection, never
 *     a live request.</li>
 * <li>Where there is no such table (not Linux), or it cannot be read, nothing is detected.</li>
 * </ul>
 * A read of the table takes time in proportion to the sockets of the namespace; the pause after a
 * slow read grows so that reading takes at most a tenth of the watch thread's time. Behind a proxy,
 * the connection watched is the proxy's.
 */
final class ClientWatch implements AutoCloseable {
    /** How often the table is read while requests wait: a client's leaving is seen within about this. */
    static final Duration INTERVAL = Duration.ofMillis(20);
    /** Reads in a row that must miss a connection for it to count as reset. */
    static final int MISSING_SCANS = 2;
    /** A read of the table may take at most this share of the watch thread's time (large tables). */
    private static final int MAX_DUTY_DIVISOR = 10;
    private static final Logger LOG = Logger.getLogger(ClientWatch.class.getName());

    /** A request's watch; closing it stops the watching. Idempotent. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private static final Watch NONE = () -> {
    };

    private final List<Path> files;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicLong scans = new AtomicLong();
    /** Local endpoints the table has shown a watched connection of (only the watch thread uses it). */
    private final Set<Endpoint> matched = new HashSet<>();
    private final Thread thread;
    private volatile boolean closed;
    private boolean parked; // guarded by lock: the thread waits for a first request to watch

    private record Endpoint(InetAddress address, int port) {
        static Endpoint local(TcpTable.Connection c) {
            return new Endpoint(c.localAddress(), c.localPort());
        }
    }

    private static final class Watched {
        final TcpTable.Connection connection;
        final Runnable onGone;
        int missing; // only the watch thread reads and writes it

        Watched(TcpTable.Connection connection, Runnable onGone) {
            this.connection = connection;
            this.onGone = onGone;
        }
    }

    private ClientWatch(List<Path> files, boolean enabled) {
        this.files = files;
        this.thread = enabled ? Thread.ofPlatform().name("ferrite-client-watch").daemon(true).start(this::run) : null;
    }

    /** Watches through the kernel's table when there is one to read, else a watch that detects nothing. */
    static ClientWatch start() {
        return start(TcpTable.FILES);
    }

    /** Watches through these table files (the first must be readable for the watch to be on). */
    static ClientWatch start(List<Path> files) {
        return new ClientWatch(files, Files.isReadable(files.getFirst()));
    }

    /** Whether clients' leaving can be detected here. */
    boolean enabled() {
        return thread != null && !closed;
    }

    /**
     * Starts watching {@code connection}; {@code onGone} runs once if its client goes while watched.
     * A null connection (not a TCP one) is not watched.
     */
    Watch watch(TcpTable.Connection connection, Runnable onGone) {
        if (connection == null || !enabled()) {
            return NONE;
        }
        Watched w = new Watched(connection, onGone);
        watched.add(w);
        lock.lock();
        try {
            if (parked) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
        return () -> watched.remove(w);
    }

    /** Reads of the table so far, for tests that must outlast a few of them. */
    long scans() {
        return scans.get();
    }

    /** Stops the thread; requests still watched are no longer told anything. */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        long pause = INTERVAL.toNanos();
        while (awaitWork()) {
            // The pause comes first: a request answered within it costs no read of the table.
            pause(pause);
            long start = System.nanoTime();
            try {
                scan();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "cannot read " + files + "; clients that leave are no longer detected", e);
                closed = true;
                return;
            }
            scans.incrementAndGet();
            pause = Math.max(INTERVAL.toNanos(), (System.nanoTime() - start) * MAX_DUTY_DIVISOR);
        }
    }

    /** Waits until something is watched; false once closed. */
    private boolean awaitWork() {
        lock.lock();
        try {
            while (watched.isEmpty() && !closed) {
                parked = true;
                changed.awaitUninterruptibly();
            }
            parked = false;
            return !closed;
        } finally {
            lock.unlock();
        }
    }

    /** Sleeps between reads; {@link #close} cuts it short (new requests do not: they wait their turn). */
    private void pause(long nanos) {
        lock.lock();
        try {
            long left = nanos;
            while (left > 0 && !closed) {
                left = changed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    private void scan() throws IOException {
        List<Watched> now = List.copyOf(watched);
        if (now.isEmpty()) {
            return;
        }
        Set<TcpTable.Connection> wanted = now.stream().map(w -> w.connection).collect(Collectors.toSet());
        Map<TcpTable.Connection, Integer> states = TcpTable.states(files, wanted);
        states.keySet().forEach(c -> matched.add(Endpoint.local(c)));
        for (Watched w : now) {
            Integer state = states.get(w.connection);
            if (state == null) {
                if (matched.contains(Endpoint.local(w.connection)) && ++w.missing >= MISSING_SCANS) {
                    gone(w);
                }
            } else if (state == TcpTable.ESTABLISHED) {
                w.missing = 0;
            } else {
                gone(w);
            }
        }
    }

    private void gone(Watched w) {
        if (!watched.remove(w)) {
            return; // its request finished meanwhile
        }
        try {
            w.onGone.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "a client-gone callback failed", e);
        }
    }
}
