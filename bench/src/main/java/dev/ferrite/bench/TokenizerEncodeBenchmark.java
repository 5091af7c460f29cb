package dev.ferrite.bench;

import dev.ferrite.tokenizers.Tokenizer;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Ferrite's {@code Tokenizer.encode}, one line per operation, cycling through a corpus, for every
 * fixture x corpus. Besides operations per second, JMH reports the {@code bytes} and {@code tokens}
 * counters as rates: bytes/s of UTF-8 input (divide by 10^6 for MB/s) and tokens/s.
 *
 * <p>Run with {@code bench/jmh} (add {@code -p fixture=minilm -p corpus=english} to narrow it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "-Xmn128m"})
public class TokenizerEncodeBenchmark {

    @Param({"minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o"})
    public String fixture;

    @Param({"english", "code", "multilingual", "naughty"})
    public String corpus;

    private Tokenizer tokenizer;
    private String[] lines;
    private int[] lineBytes;

    @Setup(Level.Trial)
    public void load() {
        Fixtures fixtures = Fixtures.fromSystemProperty();
        tokenizer = Tokenizer.fromFile(fixtures.tokenizerJson(fixture));
        Fixtures.Corpus c = fixtures.corpus(corpus);
        lines = c.lines();
        lineBytes = c.lineBytes();
    }

    /** Where each thread is in the corpus. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;
    }

    /** Bytes and tokens encoded, reported by JMH as rates. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counters {
        public long bytes;
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            tokens = 0;
        }
    }

    @Benchmark
    public int encodeLine(Cursor cursor, Counters counters) {
        int i = cursor.next;
        cursor.next = i + 1 == lines.length ? 0 : i + 1;
        int n = tokenizer.encode(lines[i]).length();
        counters.bytes += lineBytes[i];
        counters.tokens += n;
        return n;
    }
}
