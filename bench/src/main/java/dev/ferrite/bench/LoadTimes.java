package dev.ferrite.bench;

import dev.ferrite.tokenizers.Tokenizer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Ferrite's load time and retained heap per tokenizer fixture, without the encode runs of
 * {@link CompareTokenizers}: the fixtures are loaded in turn, {@code runs} rounds, and the median
 * load time and the heap retained by the last load are printed as a Markdown table.
 *
 * <pre>java -cp ... dev.ferrite.bench.LoadTimes FIXTURES_DIR [runs] [name,name...]</pre>
 */
public final class LoadTimes {
    private LoadTimes() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0], "tokenizers");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<String> names = args.length > 2 ? List.of(args[2].split(","))
                : List.of("minilm", "bge-small-zh", "llama2", "llama3", "qwen3", "gemma3", "gpt4o");
        double[][] ms = new double[names.size()][runs];
        long[] heap = new long[names.size()];
        List<Object> keep = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            for (int i = 0; i < names.size(); i++) {
                Path file = dir.resolve(names.get(i)).resolve("tokenizer.json");
                Footprint.Loaded<Tokenizer> loaded = Footprint.measure(() -> Tokenizer.fromFile(file));
                ms[i][r] = loaded.footprint().loadMillis();
                heap[i] = loaded.footprint().heapBytes();
                keep.add(loaded.value());
                keep.clear();
            }
        }
        System.out.println("| tokenizer | load ms (median of " + runs + ") | min | heap MB |");
        System.out.println("|---|---:|---:|---:|");
        for (int i = 0; i < names.size(); i++) {
            double[] t = ms[i].clone();
            Arrays.sort(t);
            System.out.println(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.1f |", names.get(i), t[runs / 2], t[0], heap[i] / 1e6));
        }
    }
}
