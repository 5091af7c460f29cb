package dev.ferrite.tokenizers.reference;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Builds a SentencePiece {@code precompiled_charsmap} (the blob of a {@code Precompiled} normalizer)
 * for a handful of rewrite rules, so tests can exercise that normalizer without a real T5/ALBERT
 * file. Format, as the Rust {@code spm_precompiled} crate reads it: a little-endian u32 giving the
 * byte size of the trie, the trie as little-endian u32 units of a darts-clone double array over the
 * keys' UTF-8 bytes, then the replacement strings, each ended by a NUL byte.
 *
 * <p>Double-array units: a node at position {@code p} whose children start from
 * {@code b = p ^ offset} keeps child byte {@code c} at {@code b ^ c}; the unit is
 * {@code offset << 10 | hasLeaf << 8 | label}. A key's end is a leaf unit at {@code b ^ 0} holding
 * {@code 1 << 31 | index of the replacement in the string blob}. Every node gets its own {@code b},
 * so a lookup that strays into another node's children finds a different label and stops.
 */
public final class PrecompiledCharsmap {
    private PrecompiledCharsmap() {
    }

    private static final class Node {
        final TreeMap<Integer, Node> children = new TreeMap<>();
        int value = -1;
        int position;
    }

    /** The charsmap for {@code rules} (key -> replacement, either possibly several characters), base64. */
    public static String base64(Map<String, String> rules) {
        return Base64.getEncoder().encodeToString(build(rules));
    }

    /** The charsmap bytes for {@code rules}. */
    public static byte[] build(Map<String, String> rules) {
        ByteArrayOutputStream strings = new ByteArrayOutputStream();
        Node root = new Node();
        for (Map.Entry<String, String> rule : new TreeMap<>(rules).entrySet()) {
            byte[] key = rule.getKey().getBytes(StandardCharsets.UTF_8);
            if (key.length == 0) throw new IllegalArgumentException("empty key");
            Node n = root;
            for (byte b : key) {
                if (b == 0) throw new IllegalArgumentException("NUL in key");
                n = n.children.computeIfAbsent(b & 0xFF, k -> new Node());
            }
            n.value = strings.size();
            strings.writeBytes(rule.getValue().getBytes(StandardCharsets.UTF_8));
            strings.write(0);
        }
        List<Integer> units = new ArrayList<>();
        units.add(0);
        BitSet used = new BitSet();
        used.set(0);
        Set<Integer> bases = new HashSet<>();
        ArrayDeque<Node> queue = new ArrayDeque<>();
        root.position = 0;
        queue.add(root);
        while (!queue.isEmpty()) {
            Node n = queue.poll();
            List<Integer> labels = new ArrayList<>();
            if (n.value >= 0) labels.add(0);
            labels.addAll(n.children.keySet());
            if (labels.isEmpty()) continue;
            int base = 1;
            while (!fits(base, labels, used, bases)) base++;
            bases.add(base);
            int offset = n.position ^ base;
            if (offset >= 1 << 21) throw new IllegalStateException("charsmap too large for this builder");
            int label = units.get(n.position) & 0xFF;
            set(units, n.position, offset << 10 | (n.value >= 0 ? 1 << 8 : 0) | label);
            if (n.value >= 0) {
                used.set(base);
                set(units, base, 1 << 31 | n.value);
            }
            for (Map.Entry<Integer, Node> child : n.children.entrySet()) {
                int pos = base ^ child.getKey();
                used.set(pos);
                child.getValue().position = pos;
                set(units, pos, child.getKey());
                queue.add(child.getValue());
            }
        }
        // A lookup may probe base ^ c for any byte c: keep every such position inside the array
        // (the Rust reader indexes without a bounds check of its own, and would panic).
        for (int b : bases) set(units, b | 0xFF, units.size() > (b | 0xFF) ? units.get(b | 0xFF) : 0);
        ByteBuffer out = ByteBuffer.allocate(4 + 4 * units.size() + strings.size()).order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(4 * units.size());
        for (int u : units) out.putInt(u);
        out.put(strings.toByteArray());
        return out.array();
    }

    private static boolean fits(int base, List<Integer> labels, BitSet used, Set<Integer> bases) {
        if (bases.contains(base)) return false;
        for (int c : labels) {
            int pos = base ^ c;
            if (pos == 0 || used.get(pos)) return false;
        }
        return true;
    }

    private static void set(List<Integer> units, int pos, int value) {
        while (units.size() <= pos) units.add(0);
        units.set(pos, value);
    }

    /**
     * What {@code spm_precompiled}'s {@code transform} returns for {@code chunk}: the replacement of
     * the shortest rule key that is a prefix of it, or null. Walks the built blob, so a test can
     * check the builder against the reader's algorithm.
     */
    public static String transform(byte[] charsmap, String chunk) {
        ByteBuffer in = ByteBuffer.wrap(charsmap).order(ByteOrder.LITTLE_ENDIAN);
        int n = in.getInt() / 4;
        long[] array = new long[n];
        for (int i = 0; i < n; i++) array[i] = in.getInt() & 0xFFFFFFFFL;
        byte[] strings = new byte[in.remaining()];
        in.get(strings);
        int pos = 0;
        long unit = array[0];
        pos ^= offset(unit);
        for (byte b : chunk.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c == 0) break;
            pos ^= c;
            if (pos >= n) return null;
            unit = array[pos];
            if ((unit & (1L << 31 | 0xFF)) != c) return null;
            pos ^= offset(unit);
            if (((unit >> 8) & 1) == 1) {
                int at = (int) (array[pos] & ((1L << 31) - 1));
                int end = at;
                while (end < strings.length && strings[end] != 0) end++;
                return new String(strings, at, end - at, StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static int offset(long unit) {
        return (int) ((unit >> 10) << ((unit & (1 << 9)) >> 6));
    }
}
