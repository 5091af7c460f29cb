package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.Pattern;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A measurement, not a test: how many MB (UTF-8) per second each {@link FastRegex} scanner and
 * {@link OnigRegex} find matches in, line by line, on english.txt and code.txt. Single-threaded,
 * no JMH: warm-up, then the worst, best and mean of the timed rounds (thread CPU time). Run with
 * {@code java -cp target/classes:target/test-classes dev.ferrite.tokenizers.pretokenizers.FastRegexThroughput
 * ../shared/fixtures [rounds] [scanner index]}.
 */
public final class FastRegexThroughput {
    private FastRegexThroughput() {
    }

    public static void main(String[] args) throws IOException {
        Path corpus = Path.of(args.length > 0 ? args[0] : "../shared/fixtures").resolve("corpus");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        // One scanner per JVM (an index into FastRegexTest.SOURCES) keeps its call sites monomorphic, as in a real process.
        List<String> sources = args.length > 2 ? List.of(FastRegexTest.SOURCES.get(Integer.parseInt(args[2]))) : FastRegexTest.SOURCES;
        for (String name : List.of("english", "code")) {
            List<String> lines = Files.readAllLines(corpus.resolve(name + ".txt"));
            long bytes = 0;
            for (String l : lines) bytes += l.getBytes(StandardCharsets.UTF_8).length;
            for (String source : sources) {
                FastRegex fast = FastRegex.forSource(source);
                String label = fast.getClass().getSimpleName() + (source.equals(FastRegex.QWEN2) ? "(qwen2)" : "");
                report(name, label + " matchEnd", bytes, rounds, () -> {
                    long n = 0;
                    char[] buf = new char[1 << 16];
                    for (String l : lines) {
                        int len = l.length();
                        if (len > buf.length) buf = new char[len];
                        l.getChars(0, len, buf, 0);
                        for (int i = 0; i < len; i = fast.matchEnd(buf, i, len)) n++;
                    }
                    return n;
                });
                report(name, label + " findMatches", bytes, rounds, () -> count(fast, lines));
                OnigRegex onig = OnigRegex.compile(source);
                report(name, label + " OnigRegex", bytes, Math.max(2, rounds / 4), () -> count(onig, lines));
            }
        }
    }

    private static long count(Pattern p, List<String> lines) {
        long n = 0;
        for (String l : lines) n += p.findMatches(l).size();
        return n;
    }

    private interface Run {
        long run();
    }

    /**
     * Warms up for about two seconds, then times {@code rounds} runs over the corpus. Times are the
     * thread's CPU time, so that other processes on a loaded machine count less.
     */
    private static void report(String corpus, String what, long bytes, int rounds, Run run) {
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long check = 0;
        for (long until = System.nanoTime() + 2_000_000_000L; System.nanoTime() < until; ) check += run.run();
        double best = 0, worst = Double.MAX_VALUE, sum = 0;
        for (int i = 0; i < rounds; i++) {
            long t0 = cpu.getCurrentThreadCpuTime();
            check += run.run();
            double mbs = bytes / 1e6 / ((cpu.getCurrentThreadCpuTime() - t0) / 1e9);
            best = Math.max(best, mbs);
            worst = Math.min(worst, mbs);
            sum += mbs;
        }
        System.out.printf("%-8s %-34s %7.1f .. %7.1f MB/s, mean %7.1f  (%d)%n", corpus, what, worst, best, sum / rounds, check);
    }
}
