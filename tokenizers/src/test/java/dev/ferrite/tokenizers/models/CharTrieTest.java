package dev.ferrite.tokenizers.models;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class CharTrieTest {
    @Test
    void mapsStringsAndPrefixes() {
        CharTrie.Builder b = new CharTrie.Builder();
        b.put("ab", 1);
        b.put("abc", 2);
        b.put("😀", 3);
        assertThat(b.put("ab", 4)).isEqualTo(1); // a later put replaces the value and returns the one before
        assertThat(b.put("abcd", 5)).isEqualTo(CharTrie.NONE);
        CharTrie t = b.build();
        int a = t.child(CharTrie.ROOT, 'a');
        assertThat(a).isNotEqualTo(CharTrie.NONE);
        assertThat(t.value(a)).isEqualTo(CharTrie.NONE);
        assertThat(t.value(t.walk(CharTrie.ROOT, "ab"))).isEqualTo(4);
        assertThat(t.value(t.walk(CharTrie.ROOT, "abc"))).isEqualTo(2);
        assertThat(t.walk(CharTrie.ROOT, "abd")).isEqualTo(CharTrie.NONE);
        assertThat(t.value(t.walk(CharTrie.ROOT, "😀"))).isEqualTo(3);
        assertThat(t.value(CharTrie.ROOT)).isEqualTo(CharTrie.NONE);
        assertThat(t.nodeCount()).isEqualTo(7);
    }

    @Test
    void agreesWithAHashMapOnManyRandomStrings() {
        Random r = new Random(7);
        Map<String, Integer> expected = new HashMap<>();
        CharTrie.Builder b = new CharTrie.Builder();
        for (int i = 0; i < 50_000; i++) {
            StringBuilder sb = new StringBuilder();
            int len = 1 + r.nextInt(8);
            for (int k = 0; k < len; k++) sb.append((char) (r.nextBoolean() ? 'a' + r.nextInt(4) : r.nextInt(0x10000)));
            expected.put(sb.toString(), i);
            b.put(sb.toString(), i);
        }
        CharTrie t = b.build();
        for (var e : expected.entrySet()) assertThat(t.value(t.walk(CharTrie.ROOT, e.getKey()))).isEqualTo(e.getValue());
        for (int i = 0; i < 10_000; i++) {
            String probe = "" + (char) ('a' + r.nextInt(4)) + (char) ('a' + r.nextInt(4)) + (char) ('a' + r.nextInt(4));
            int node = t.walk(CharTrie.ROOT, probe);
            int value = node == CharTrie.NONE ? CharTrie.NONE : t.value(node);
            assertThat(value).isEqualTo(expected.getOrDefault(probe, CharTrie.NONE));
        }
    }
}
