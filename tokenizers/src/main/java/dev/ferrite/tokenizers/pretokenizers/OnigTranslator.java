package dev.ferrite.tokenizers.pretokenizers;

import dev.ferrite.tokenizers.pipeline.CharClasses;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Translates a regex written for Oniguruma 6.9.10 with its default syntax (ONIG_SYNTAX_ONIGURUMA,
 * which is what the reference library's {@code onig::Regex::new} uses) and UTF-8 text into a
 * java.util.regex pattern that finds the same matches. Nothing is left to java.util.regex flags:
 * every construct is spelled out, because the two engines disagree on most defaults —
 * {@code \s \w \d \h \b . ^ $ \Z}, case-insensitive matching (Oniguruma folds with Unicode
 * CaseFolding, multi-character folds included, and closes bracket classes under folding but not
 * {@code \p{..}}), isolated options ({@code a(?i)b|c} is {@code a(?i:b|c)}), intervals such as
 * {@code {,n}} and {@code {n,m}+}, and which escapes mean what.
 *
 * <p>The parse follows Oniguruma's own ({@code regparse.c}: {@code fetch_token}, {@code prs_cc},
 * {@code prs_bag}); the case-fold expansion follows {@code unravel_case_fold_string} in
 * {@code regcomp.c} and {@code i_apply_case_fold} in {@code regparse.c}. Constructs java.util.regex
 * cannot express (absent groups, conditionals, callouts, subexpression calls, {@code \K}, the
 * {@code P} and {@code y} options) are rejected with an {@link IllegalArgumentException}.
 */
final class OnigTranslator extends OnigScanner {
    static final String ANY = "[\\x{0}-\\x{10FFFF}]";
    /** {@code \\w} inside a bracket class, and {@code \\p{Word}}: Oniguruma's Word code ranges. */
    static final String WORD = "[\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}]";
    /**
     * {@code \\w} outside a class, and the word test of {@code \\b}: a "ctype" node, which Oniguruma
     * answers below U+0100 from its ISO-8859-1 table (unicode.c), where ² ³ ¹ ¼ ½ ¾ are word
     * characters too.
     */
    static final String WORD_CTYPE = "[\\p{IsAlphabetic}\\p{M}\\p{Nd}\\p{Pc}\\x{B2}\\x{B3}\\x{B9}\\x{BC}-\\x{BE}]";
    static final String ASCII_WORD = "[A-Za-z0-9_]";
    static final String SPACE = "\\p{IsWhite_Space}";
    static final String ASCII_SPACE = "[\\t\\n\\x{B}\\f\\r ]";
    static final String DIGIT = "\\p{Nd}";
    static final String XDIGIT = "[0-9A-Fa-f]";

    private final boolean namedOnly;
    private int groups;
    private int namedGroups;
    private final Map<String, Integer> names = new HashMap<>();

    private OnigTranslator(String pattern, boolean namedOnly) {
        super(pattern);
        this.namedOnly = namedOnly;
    }

    /** The java.util.regex equivalent of {@code pattern}; throws IllegalArgumentException when it is invalid or unsupported. */
    static String translate(String pattern) {
        OnigTranslator t = new OnigTranslator(pattern, false);
        String out = t.top();
        // With named groups present, Oniguruma's plain (...) groups do not capture (ONIG_SYN_CAPTURE_ONLY_NAMED_GROUP).
        if (t.namedGroups > 0) out = new OnigTranslator(pattern, true).top();
        return out;
    }

    private String top() {
        String s = alternatives(Opts.DEFAULT, false);
        if (pos < cps.length) throw error("unmatched close parenthesis");
        return s;
    }

    /** Options in force: i, m (dot matches newline), x, and the W/D/S ASCII restrictions. */
    record Opts(boolean ignoreCase, boolean dotAll, boolean extended, boolean asciiWord, boolean asciiDigit, boolean asciiSpace) {
        static final Opts DEFAULT = new Opts(false, false, false, false, false, false);
    }

    private sealed interface Piece permits Lit, Atom, Anchor, Quantified {
    }

    /** A literal code point, still to be grouped into a string for case folding. */
    private record Lit(int cp) implements Piece {
    }

    /** A quantifiable unit. */
    private record Atom(String java) implements Piece {
    }

    /** A zero-width assertion, which cannot be quantified. */
    private record Anchor(String java) implements Piece {
    }

    private record Quantified(String java) implements Piece {
    }

    // ---- structure

    private String alternatives(Opts o, boolean lookBehind) {
        StringBuilder b = new StringBuilder(sequence(o, lookBehind));
        while (more() && peek() == '|') {
            pos++;
            b.append('|').append(sequence(o, lookBehind));
        }
        return b.toString();
    }

    private String sequence(Opts o, boolean lookBehind) {
        List<Piece> pieces = new ArrayList<>();
        while (true) {
            if (o.extended()) skipExtended();
            if (!more() || peek() == '|' || peek() == ')') break;
            int c = peek();
            if (c == '(' && isolatedOptionAhead()) {
                // An isolated option swallows the rest of the enclosing group, alternatives included.
                Opts n = options(o);
                pieces.add(new Atom("(?:" + alternatives(n, lookBehind) + ")"));
                break;
            }
            if (c == '?' || c == '*' || c == '+' || (c == '{' && intervalAhead())) {
                quantify(pieces, o, lookBehind);
                continue;
            }
            Piece p = atom(o, lookBehind);
            if (p != null) pieces.add(p);
        }
        return flush(pieces, o, lookBehind);
    }

    private Piece atom(Opts o, boolean lookBehind) {
        int c = next();
        return switch (c) {
            case '(' -> group(o, lookBehind);
            case '[' -> {
                pos--;
                yield new Atom(OnigClass.parse(this, o));
            }
            case '.' -> new Atom(o.dotAll() ? ANY : "[^\\n]");
            case '^' -> new Anchor("(?:\\A|(?<=\\n)(?!\\z))");
            case '$' -> new Anchor("(?=\\n|\\z)");
            case '\\' -> escape(o, lookBehind);
            default -> new Lit(c);
        };
    }

    private Piece group(Opts o, boolean lookBehind) {
        String body;
        if (more() && peek() == '*') throw error("callouts are not supported");
        if (!more() || peek() != '?') {
            if (namedOnly) {
                body = "(?:" + alternatives(o, lookBehind) + ")";
            } else {
                groups++;
                body = "(" + alternatives(o, lookBehind) + ")";
            }
            expect(')');
            return new Atom(body);
        }
        pos++;
        int c = next();
        switch (c) {
            case '#' -> {
                while (more() && peek() != ')') pos++;
                expect(')');
                return null;
            }
            case ':' -> body = "(?:" + alternatives(o, lookBehind) + ")";
            case '=' -> body = "(?=" + alternatives(o, lookBehind) + ")";
            case '!' -> body = "(?!" + alternatives(o, lookBehind) + ")";
            case '>' -> body = "(?>" + alternatives(o, lookBehind) + ")";
            case '<' -> {
                if (more() && (peek() == '=' || peek() == '!')) {
                    int k = next();
                    body = "(?<" + (char) k + alternatives(o, true) + ")";
                } else {
                    body = named('>', o, lookBehind);
                }
            }
            case '\'' -> body = named('\'', o, lookBehind);
            case '~' -> throw error("absent groups (?~...) are not supported");
            case '(' -> throw error("conditionals (?(...)...) are not supported");
            case '{' -> throw error("callouts are not supported");
            default -> {
                pos -= 3; // back to the '(' of "(?flags:"
                Opts n = options(o);
                body = "(?:" + alternatives(n, lookBehind) + ")";
            }
        }
        expect(')');
        return new Atom(body);
    }

    private String named(int close, Opts o, boolean lookBehind) {
        StringBuilder name = new StringBuilder();
        while (more() && peek() != close) name.appendCodePoint(next());
        expect(close);
        if (name.isEmpty() || Character.isDigit(name.codePointAt(0))) throw error("invalid group name <" + name + ">");
        name.codePoints().forEach(ch -> {
            if (!Character.isLetterOrDigit(ch) && ch != '_') throw error("invalid group name <" + name + ">");
        });
        if (names.containsKey(name.toString())) throw error("a group name defined twice is not supported");
        groups++;
        namedGroups++;
        names.put(name.toString(), groups);
        return "(?<g" + groups + ">" + alternatives(o, lookBehind) + ")";
    }

    /** At '(' : is this {@code (?flags)} with no colon, an isolated option? */
    private boolean isolatedOptionAhead() {
        int p = pos;
        if (p + 2 >= cps.length || cps[p] != '(' || cps[p + 1] != '?') return false;
        p += 2;
        boolean any = false;
        while (p < cps.length && "imxWDSPy-".indexOf(cps[p]) >= 0) {
            p++;
            any = true;
        }
        return any && p < cps.length && cps[p] == ')';
    }

    /** Parses {@code (?flags)} or the {@code (?flags:} head of a group (pos at '('); returns the new options. */
    private Opts options(Opts o) {
        expect('(');
        expect('?');
        boolean neg = false;
        Opts n = o;
        while (true) {
            int c = next();
            switch (c) {
                case '-' -> neg = true;
                case 'i' -> n = new Opts(!neg, n.dotAll(), n.extended(), n.asciiWord(), n.asciiDigit(), n.asciiSpace());
                case 'm' -> n = new Opts(n.ignoreCase(), !neg, n.extended(), n.asciiWord(), n.asciiDigit(), n.asciiSpace());
                case 'x' -> n = new Opts(n.ignoreCase(), n.dotAll(), !neg, n.asciiWord(), n.asciiDigit(), n.asciiSpace());
                case 'W' -> n = new Opts(n.ignoreCase(), n.dotAll(), n.extended(), !neg, n.asciiDigit(), n.asciiSpace());
                case 'D' -> n = new Opts(n.ignoreCase(), n.dotAll(), n.extended(), n.asciiWord(), !neg, n.asciiSpace());
                case 'S' -> n = new Opts(n.ignoreCase(), n.dotAll(), n.extended(), n.asciiWord(), n.asciiDigit(), !neg);
                case 'P', 'y' -> throw error("option (?" + (char) c + ") is not supported");
                case ')' -> {
                    return n;
                }
                case ':' -> {
                    return n;
                }
                default -> throw error("undefined group option");
            }
        }
    }

    // ---- quantifiers

    /** Whether a valid interval starts at pos ('{'); an invalid one is a literal '{' in Oniguruma. */
    private boolean intervalAhead() {
        return interval(pos) != null;
    }

    /** The interval at {@code p} ('{'), or null when none starts there. */
    private OnigInterval interval(int p) {
        OnigInterval iv = OnigInterval.at(cps, p);
        if (iv != null && iv.tooBig()) throw error("too big number for repeat range");
        return iv;
    }

    private void quantify(List<Piece> pieces, Opts o, boolean lookBehind) {
        int c = next();
        String q;
        boolean modifiers = true; // may a following '?' (lazy) or '+' (possessive) attach?
        boolean lazyAllowed = true;
        boolean possessiveAllowed = true;
        switch (c) {
            case '?' -> q = "?";
            case '*' -> q = "*";
            case '+' -> q = "+";
            default -> {
                OnigInterval iv = interval(pos - 1);
                pos = iv.end();
                q = iv.java();
                possessiveAllowed = false; // {n,m}+ is a nested repeat in this syntax
                modifiers = !iv.reversed(); // {n,m} with n > m is possessive already
                lazyAllowed = !iv.fixed(); // {n}? is (?:x{n})?
            }
        }
        if (modifiers && more()) {
            if (peek() == '?' && lazyAllowed) {
                pos++;
                q += "?";
            } else if (peek() == '+' && possessiveAllowed) {
                pos++;
                q += "+";
            }
        }
        if (pieces.isEmpty()) throw error("target of repeat operator is not specified");
        Piece last = pieces.removeLast();
        String base = switch (last) {
            case Lit l -> OnigFold.single(l.cp(), o.ignoreCase(), lookBehind);
            case Atom a -> a.java();
            case Quantified qq -> "(?:" + qq.java() + ")";
            case Anchor a -> throw error("target of repeat operator is invalid");
        };
        pieces.add(new Quantified(base + q));
    }

    private String flush(List<Piece> pieces, Opts o, boolean lookBehind) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pieces.size(); ) {
            if (pieces.get(i) instanceof Lit) {
                int j = i;
                while (j < pieces.size() && pieces.get(j) instanceof Lit) j++;
                int[] run = new int[j - i];
                for (int k = i; k < j; k++) run[k - i] = ((Lit) pieces.get(k)).cp();
                b.append(OnigFold.string(run, o.ignoreCase(), lookBehind));
                i = j;
                continue;
            }
            switch (pieces.get(i)) {
                case Atom a -> b.append(a.java());
                case Anchor a -> b.append(a.java());
                case Quantified q -> b.append(q.java());
                case Lit l -> throw new AssertionError(l);
            }
            i++;
        }
        return b.toString();
    }

    // ---- escapes outside classes

    private Piece escape(Opts o, boolean lookBehind) {
        if (!more()) throw error("end pattern at escape");
        int c = next();
        return switch (c) {
            case 'w' -> new Atom(o.asciiWord() ? ASCII_WORD : WORD_CTYPE);
            case 'W' -> new Atom(negate(o.asciiWord() ? ASCII_WORD : WORD_CTYPE));
            case 's' -> new Atom(o.asciiSpace() ? ASCII_SPACE : SPACE);
            case 'S' -> new Atom(negate(o.asciiSpace() ? ASCII_SPACE : SPACE));
            case 'd' -> new Atom(o.asciiDigit() ? "[0-9]" : DIGIT);
            case 'D' -> new Atom(negate(o.asciiDigit() ? "[0-9]" : DIGIT));
            case 'h' -> new Atom(XDIGIT);
            case 'H' -> new Atom(negate(XDIGIT));
            case 'b' -> new Anchor(wordBoundary(o, true));
            case 'B' -> new Anchor(wordBoundary(o, false));
            case 'A' -> new Anchor("\\A");
            case 'z' -> new Anchor("\\z");
            case 'Z' -> new Anchor("(?=\\n?\\z)");
            case 'G' -> new Anchor("\\G");
            case 'R' -> new Atom("(?>\\r\\n|[\\n\\x{B}\\f\\r\\x{85}\\x{2028}\\x{2029}])");
            case 'N' -> new Atom("[^\\n]");
            case 'O' -> new Atom(ANY);
            case 'X' -> new Atom("\\X");
            case 'y' -> new Anchor("\\b{g}");
            case 'Y' -> new Anchor("(?!\\b{g})");
            case 'K' -> throw error("\\K is not supported");
            case 'g' -> throw error("subexpression calls \\g<...> are not supported");
            case 'k' -> new Atom(namedBackref(o));
            case 'p', 'P' -> {
                if (more() && peek() == '{') yield new Atom(property(c == 'P'));
                yield new Lit(c);
            }
            case '1', '2', '3', '4', '5', '6', '7', '8', '9' -> {
                pos--;
                int start = pos;
                int n = 0;
                while (more() && peek() >= '0' && peek() <= '9' && n < 100_000) n = n * 10 + (next() - '0');
                if (n <= groups || n <= 9) yield new Atom(backref(n, o));
                pos = start;
                if (c == '8' || c == '9') {
                    pos++;
                    yield new Lit(c);
                }
                yield new Lit(octal(3));
            }
            case '0' -> {
                pos--;
                yield new Lit(octal(3));
            }
            default -> {
                pos--;
                yield new Lit(escapedValue());
            }
        };
    }

    private String wordBoundary(Opts o, boolean boundary) {
        String w = o.asciiWord() ? ASCII_WORD : WORD_CTYPE;
        return boundary ? "(?:(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + "))"
                : "(?:(?<=" + w + ")(?=" + w + ")|(?<!" + w + ")(?!" + w + "))";
    }

    private String backref(int n, Opts o) {
        if (namedOnly) throw error("numbered backref/call is not allowed. (use name)");
        String b = "\\" + n;
        return o.ignoreCase() ? "(?iu:" + b + ")" : b;
    }

    private String namedBackref(Opts o) {
        if (!more() || (peek() != '<' && peek() != '\'')) return OnigFold.lit('k');
        int close = next() == '<' ? '>' : '\'';
        StringBuilder name = new StringBuilder();
        while (more() && peek() != close) name.appendCodePoint(next());
        expect(close);
        String s = name.toString();
        int n;
        if (s.matches("-?[0-9]+")) {
            if (namedOnly) throw error("numbered backref/call is not allowed. (use name)");
            n = Integer.parseInt(s);
            if (n < 0) n = groups + 1 + n;
            return backref(n, o);
        }
        Integer g = names.get(s);
        if (g == null) throw error("undefined name <" + s + "> reference");
        String b = "\\k<g" + g + ">";
        return o.ignoreCase() ? "(?iu:" + b + ")" : b;
    }

    // ---- extended mode

    private void skipExtended() {
        while (more()) {
            int c = peek();
            if (CharClasses.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (more() && peek() != '\n') pos++;
            } else {
                return;
            }
        }
    }
}
