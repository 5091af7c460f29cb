package dev.ferrite.bench;

import com.sun.management.ThreadMXBean;
import dev.ferrite.tokenizers.Tokenizer;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;

/**
 * Bytes Ferrite allocates per encoded line, after warm-up, for each fixture tokenizer x corpus:
 * the thread's allocated-bytes counter over three passes after ten untimed ones, each line
 * encoded as compare-tokenizers does (special tokens, no truncation or padding). A count, not a
 * time, so it is as good on a busy machine as on a quiet one (a word cache that happens to grow
 * during the passes moves it by a few per cent).
 *
 * <pre>bench/alloc-tokenizers [fixture,...] [corpus,...]</pre>
 */
public final class TokenizerAllocation {
    private static final int WARMUP = 10;
    private static final int PASSES = 3;

    private TokenizerAllocation() {
    }

    public static void main(String[] args) {
        Fixtures fixtures = Fixtures.fromSystemProperty();
        List<String> tokenizers = List.of((args.length > 0 ? args[0] : "minilm,bge-small-zh,llama2,llama3,qwen3,gemma3,gpt4o").split(","));
        List<String> corpora = List.of((args.length > 1 ? args[1] : "english,code,multilingual").split(","));
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.println("| tokenizer | " + String.join(" B/line | ", corpora) + " B/line |");
        System.out.println("| --- |" + " ---: |".repeat(corpora.size()));
        for (String name : tokenizers) {
            Tokenizer tokenizer = Tokenizer.fromFile(fixtures.tokenizerJson(name)).withTruncation(null).withPadding(null);
            StringBuilder row = new StringBuilder("| " + name + " |");
            for (String corpus : corpora) {
                String[] lines = fixtures.corpus(corpus).lines();
                for (int p = 0; p < WARMUP; p++) encodeAll(tokenizer, lines);
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int p = 0; p < PASSES; p++) encodeAll(tokenizer, lines);
                double perLine = (threads.getCurrentThreadAllocatedBytes() - before) / (double) PASSES / lines.length;
                row.append(String.format(Locale.ROOT, " %.0f |", perLine));
            }
            System.out.println(row);
        }
    }

    private static long encodeAll(Tokenizer tokenizer, String[] lines) {
        long tokens = 0;
        for (String line : lines) tokens += tokenizer.encode(line).length();
        return tokens;
    }
}
