package dev.ferrite.tokenizers.json;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Breaks a JSON document's UTF-8 bytes for {@link JsonReaderVsJacksonTest}: deletes, inserts or
 * replaces bytes (structural characters, digits, letters, white space, control characters, bytes
 * that are not UTF-8, a byte order mark), truncates, puts malformed UTF-8, control characters or
 * bad escapes into a string, appends garbage, or nests the document deeper, about the nesting limit.
 */
final class Mutator {
    private static final byte[] STRUCTURE = "{}[]:,\"\\/0123456789-+.eEtrufalsnxu \t\n\r".getBytes();
    /** Malformed UTF-8 (a stray continuation, overlong forms, surrogates, past U+10FFFF, cut short) and one well-formed. */
    private static final List<int[]> UTF8 = List.of(new int[] {0x80}, new int[] {0xBF}, new int[] {0xC0, 0x80}, new int[] {0xC1, 0xBF},
            new int[] {0xE0, 0x80, 0x80}, new int[] {0xE0, 0x9F, 0xBF}, new int[] {0xED, 0xA0, 0x80}, new int[] {0xED, 0xBF, 0xBF},
            new int[] {0xF0, 0x80, 0x80, 0x80}, new int[] {0xF4, 0x90, 0x80, 0x80}, new int[] {0xF5, 0x80, 0x80, 0x80},
            new int[] {0xF8, 0x88, 0x80, 0x80, 0x80}, new int[] {0xFF}, new int[] {0xFE}, new int[] {0xE2, 0x82}, new int[] {0xC3},
            new int[] {0xF0, 0x9F, 0x98}, new int[] {0xEF, 0xBF, 0xBD}, new int[] {0xC3, 0xA9});
    private static final List<String> BAD_ESCAPES = List.of("\\x", "\\u12", "\\u12G4", "\\U0041", "\\'", "\\", "\\0", "\\a", "\\u", "\\ ", "\\\u00e9", "\\u+123");
    private static final List<String> GARBAGE = List.of(" x", "}", "]", ",", "{}", " 1", "\u0000", "\"", " null", "\ufeff", "/", " //", "\u00e9");

    private Mutator() {
    }

    /** {@code doc} broken one way, which is added to {@code how}. */
    static byte[] mutate(byte[] doc, Random r, List<String> how) {
        int at = r.nextInt(doc.length + 1);
        switch (r.nextInt(11)) {
            case 0 -> {
                if (doc.length == 0) return doc;
                at = Math.min(at, doc.length - 1);
                how.add("delete@" + at);
                return splice(doc, at, at + 1, new byte[0]);
            }
            case 1 -> {
                int to = Math.min(doc.length, at + 1 + r.nextInt(8));
                how.add("delete@" + at + ".." + to);
                return splice(doc, at, to, new byte[0]);
            }
            case 2 -> {
                byte[] b = oneByte(r);
                how.add("insert@" + at + ":" + hex(b));
                return splice(doc, at, at, b);
            }
            case 3 -> {
                if (doc.length == 0) return doc;
                at = Math.min(at, doc.length - 1);
                byte[] b = oneByte(r);
                how.add("replace@" + at + ":" + hex(b));
                return splice(doc, at, at + 1, b);
            }
            case 4 -> {
                how.add("truncate@" + at);
                return Arrays.copyOf(doc, at);
            }
            case 5 -> {
                int[] seq = UTF8.get(r.nextInt(UTF8.size()));
                byte[] b = new byte[seq.length];
                for (int i = 0; i < seq.length; i++) b[i] = (byte) seq[i];
                at = inString(doc, at);
                how.add("utf8@" + at + ":" + hex(b));
                return splice(doc, at, at, b);
            }
            case 6 -> {
                byte[] b = {(byte) (r.nextInt(8) == 0 ? 0x7F : r.nextInt(0x20))};
                at = inString(doc, at);
                how.add("control@" + at + ":" + hex(b));
                return splice(doc, at, at, b);
            }
            case 7 -> {
                String e = BAD_ESCAPES.get(r.nextInt(BAD_ESCAPES.size()));
                at = inString(doc, at);
                how.add("escape@" + at + ":" + e);
                return splice(doc, at, at, e.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case 8 -> {
                String g = GARBAGE.get(r.nextInt(GARBAGE.size()));
                how.add("append:" + hex(g.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                return splice(doc, doc.length, doc.length, g.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            case 9 -> {
                int levels = 190 + r.nextInt(15);
                how.add("nest:" + levels);
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                StringBuilder close = new StringBuilder();
                for (int k = 0; k < levels; k++) {
                    boolean object = r.nextInt(3) == 0;
                    out.writeBytes((object ? "{\"n\":" : "[").getBytes());
                    close.insert(0, object ? '}' : ']');
                }
                out.writeBytes(doc);
                out.writeBytes(close.toString().getBytes());
                return out.toByteArray();
            }
            default -> { // a byte of the document moved or doubled
                if (doc.length == 0) return doc;
                at = Math.min(at, doc.length - 1);
                int to = r.nextInt(doc.length + 1);
                how.add("copy@" + at + "->" + to);
                return splice(doc, to, to, new byte[] {doc[at]});
            }
        }
    }

    private static byte[] oneByte(Random r) {
        return switch (r.nextInt(5)) {
            case 0, 1 -> new byte[] {STRUCTURE[r.nextInt(STRUCTURE.length)]};
            case 2 -> new byte[] {(byte) r.nextInt(0x20)};
            case 3 -> new byte[] {(byte) (0x7F + r.nextInt(0x81))};
            default -> r.nextBoolean() ? new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF} : new byte[] {(byte) r.nextInt(0x80)};
        };
    }

    /** A place just after the first double quote at or after {@code at} (or before it), likely inside a string. */
    private static int inString(byte[] doc, int at) {
        for (int i = at; i < doc.length; i++) if (doc[i] == '"') return i + 1;
        for (int i = Math.min(at, doc.length) - 1; i >= 0; i--) if (doc[i] == '"') return i + 1;
        return at;
    }

    private static byte[] splice(byte[] doc, int from, int to, byte[] insert) {
        byte[] out = new byte[doc.length - (to - from) + insert.length];
        System.arraycopy(doc, 0, out, 0, from);
        System.arraycopy(insert, 0, out, from, insert.length);
        System.arraycopy(doc, to, out, from + insert.length, doc.length - to);
        return out;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(String.format("%02X", x & 0xFF));
        return s.toString();
    }
}
