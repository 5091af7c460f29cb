package dev.ferrite.tokenizers.reference;

/** Renders test text readably in failure messages: control and invisible characters escaped, long text cut. */
public final class Text {
    private Text() {
    }

    /** {@code s} in double quotes, escaped, cut to about {@code max} characters with "…(+N)". */
    public static String quote(String s, int max) {
        if (s == null) return "null";
        StringBuilder sb = new StringBuilder("\"");
        int shown = 0;
        for (int i = 0; i < s.length(); ) {
            if (shown >= max) {
                sb.append("\"…(+").append(s.length() - i).append(" chars)");
                return sb.toString();
            }
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            shown++;
            switch (cp) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    int type = Character.getType(cp);
                    boolean invisible = type == Character.CONTROL || type == Character.FORMAT || type == Character.SURROGATE
                            || type == Character.UNASSIGNED || type == Character.PRIVATE_USE
                            || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                            || (Character.isWhitespace(cp) && cp != ' ') || Character.isSpaceChar(cp) && cp != ' ';
                    if (invisible) sb.append(cp > 0xFFFF ? String.format("\\U%08X", cp) : String.format("\\u%04X", cp));
                    else sb.appendCodePoint(cp);
                }
            }
        }
        return sb.append('"').toString();
    }
}
