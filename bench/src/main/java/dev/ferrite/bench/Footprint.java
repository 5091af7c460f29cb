package dev.ferrite.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * What loading a tokenizer costs: wall time, Java heap still held afterwards, and growth of the
 * process's resident memory (where the Rust library's memory shows, off the Java heap).
 * Approximate: heap after full collections, RSS as Linux reports it once it has settled.
 *
 * @param loadMillis    wall time of the load
 * @param heapBytes     Java heap retained by the loaded tokenizer
 * @param rssBytes      growth of resident memory across the load, or -1 where unknown
 */
record Footprint(double loadMillis, long heapBytes, long rssBytes) {

    /** A loaded value and what loading it cost. */
    record Loaded<T>(T value, Footprint footprint) {
    }

    static <T> Loaded<T> measure(Supplier<T> load) {
        return measure(load, value -> { });
    }

    /**
     * As {@link #measure(Supplier)}, with {@code settle} run on the loaded value after the timing and
     * before memory is read: for a load that leaves work running (Ferrite's writing of a prepared
     * encoder), whose buffers would otherwise count as retained.
     */
    static <T> Loaded<T> measure(Supplier<T> load, Consumer<T> settle) {
        long heapBefore = usedHeapAfterGc();
        long rssBefore = settledRss();
        long t0 = System.nanoTime();
        T value = load.get();
        double ms = (System.nanoTime() - t0) / 1e6;
        settle.accept(value);
        long heapAfter = usedHeapAfterGc();
        long rssAfter = settledRss();
        long rss = rssBefore < 0 || rssAfter < 0 ? -1 : Math.max(0, rssAfter - rssBefore);
        return new Loaded<>(value, new Footprint(ms, Math.max(0, heapAfter - heapBefore), rss));
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Resident set size once it has stopped falling: G1 gives the heap a full collection shrank back
     * to the system in the background (since JDK 17), over some hundreds of milliseconds, so RSS read
     * right after {@code System.gc()} still counts heap the JVM has already decided to let go
     * (MiniLM: 150-260 MB more, varying run to run). Polled every 100 ms until two readings are
     * within 1 MB, for at most 3 s.
     */
    private static long settledRss() {
        long last = rss();
        for (int i = 0; i < 30 && last >= 0; i++) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long now = rss();
            if (Math.abs(now - last) < (1 << 20)) return now;
            last = now;
        }
        return last;
    }

    /** Resident set size from /proc/self/status, or -1 off Linux. */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux
        }
        return -1;
    }
}
