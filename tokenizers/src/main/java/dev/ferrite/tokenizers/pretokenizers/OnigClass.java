package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pretokenizers.OnigTranslator.Opts;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses an Oniguruma bracket class ({@code prs_cc} in regparse.c) into a java.util.regex class:
 * literals, ranges, {@code \w \s \d \h \p{..}}, POSIX brackets with their Unicode meaning, nested
 * classes and {@code &&} intersections; under the case-insensitive option the class is closed
 * under case folding ({@link OnigFold#closeClass}).
 */
final class OnigClass {
    private OnigClass() {
    }

    /** POSIX bracket names to the Oniguruma property whose code points they stand for. */
    private static final Map<String, String> POSIX = Map.ofEntries(
            Map.entry("alnum", "alnum"), Map.entry("alpha", "alpha"), Map.entry("ascii", "ascii"),
            Map.entry("blank", "blank"), Map.entry("cntrl", "cntrl"), Map.entry("digit", "digit"),
            Map.entry("graph", "graph"), Map.entry("lower", "lower"), Map.entry("print", "print"),
            Map.entry("punct", "posixpunct"), Map.entry("space", "space"), Map.entry("upper", "upper"),
            Map.entry("xdigit", "xdigit"), Map.entry("word", "word"));

    private record Expr(String positive, boolean negated) {
        String java() {
            return negated ? "[^" + positive + "]" : positive;
        }
    }

    /** An element of a class: a single code point (may start a range) or a set. */
    private record Item(int cp, String set) {
        String java() {
            return set != null ? set : OnigFold.lit(cp);
        }
    }

    /** Parses the class starting at the translator's position ('['); returns one java.util.regex unit. */
    static String parse(OnigTranslator t, Opts o) {
        Expr e = body(t, o);
        if (o.ignoreCase()) return OnigFold.closeClass(e.positive(), e.negated());
        return e.java();
    }

    private static Expr body(OnigTranslator t, Opts o) {
        t.expect('[');
        boolean negated = false;
        if (t.more() && t.peek() == '^') {
            t.next();
            negated = true;
        }
        List<String> operands = new ArrayList<>();
        StringBuilder items = new StringBuilder();
        boolean first = true;
        while (true) {
            if (!t.more()) throw t.error("premature end of char-class");
            int c = t.peek();
            if (c == ']') {
                t.next();
                // "[]...]": a ']' right at the start is a literal when another ']' closes the class later.
                if (!(first && t.existsAhead(']'))) break;
                items.append(OnigFold.lit(']'));
                first = false;
                continue;
            }
            first = false;
            if (c == '&' && t.peekAt(1) == '&') {
                t.position(t.position() + 2);
                operands.add(items.toString());
                items = new StringBuilder();
                continue;
            }
            Item it = item(t, o);
            if (it.set() == null && t.more() && t.peek() == '-' && t.peekAt(1) != ']' && t.peekAt(1) != -1) {
                t.next();
                Item hi = item(t, o);
                if (hi.set() != null) throw t.error("char-class value at end of range");
                if (hi.cp() < it.cp()) throw t.error("empty range in char class");
                items.append(OnigFold.lit(it.cp())).append('-').append(OnigFold.lit(hi.cp()));
                continue;
            }
            items.append(it.java());
        }
        String positive;
        if (operands.isEmpty()) {
            if (items.isEmpty()) throw t.error("empty char-class");
            positive = "[" + items + "]";
        } else {
            operands.add(items.toString());
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < operands.size(); i++) {
                if (i > 0) b.append("&&");
                String op = operands.get(i);
                b.append(op.isEmpty() ? OnigTranslator.ANY : "[" + op + "]");
            }
            positive = b.append(']').toString();
        }
        return new Expr(positive, negated);
    }

    private static Item item(OnigTranslator t, Opts o) {
        int c = t.peek();
        if (c == '[') {
            String posix = posixBracket(t);
            if (posix != null) return new Item(-1, posix);
            return new Item(-1, body(t, o).java());
        }
        t.next();
        if (c != '\\') return new Item(c, null);
        if (!t.more()) throw t.error("end pattern at escape");
        int e = t.peek();
        switch (e) {
            case 'w', 'W' -> {
                t.next();
                String w = o.asciiWord() ? OnigTranslator.ASCII_WORD : OnigTranslator.WORD;
                return new Item(-1, e == 'w' ? w : OnigTranslator.negate(w));
            }
            case 's', 'S' -> {
                t.next();
                String s = o.asciiSpace() ? OnigTranslator.ASCII_SPACE : OnigTranslator.SPACE;
                return new Item(-1, e == 's' ? s : OnigTranslator.negate(s));
            }
            case 'd', 'D' -> {
                t.next();
                String d = o.asciiDigit() ? "[0-9]" : OnigTranslator.DIGIT;
                return new Item(-1, e == 'd' ? d : OnigTranslator.negate(d));
            }
            case 'h', 'H' -> {
                t.next();
                return new Item(-1, e == 'h' ? OnigTranslator.XDIGIT : OnigTranslator.negate(OnigTranslator.XDIGIT));
            }
            case 'p', 'P' -> {
                t.next();
                if (t.more() && t.peek() == '{') return new Item(-1, t.property(e == 'P'));
                return new Item(e, null);
            }
            case 'b' -> {
                t.next();
                return new Item(0x08, null);
            }
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                return new Item(t.octal(3), null);
            }
            default -> {
                return new Item(t.escapedValue(), null);
            }
        }
    }

    /** {@code [:name:]} or {@code [:^name:]} at the position, or null (position unchanged) when it is not one. */
    private static String posixBracket(OnigTranslator t) {
        if (t.peekAt(1) != ':') return null;
        int start = t.position();
        t.position(start + 2);
        boolean negated = false;
        if (t.more() && t.peek() == '^') {
            negated = true;
            t.next();
        }
        StringBuilder name = new StringBuilder();
        while (t.more() && t.peek() >= 'a' && t.peek() <= 'z') name.appendCodePoint(t.next());
        String property = POSIX.get(name.toString());
        if (property == null || t.peekAt(0) != ':' || t.peekAt(1) != ']') {
            t.position(start);
            return null;
        }
        t.position(t.position() + 2);
        String java = OnigUnicode.property(property);
        return negated ? OnigTranslator.negate(java) : java;
    }
}
