package dev.ferrite.tokenizers.json;

/**
 * Where a value sits in a JSON document, such as {@code $.model.merges[3]}: a link to the
 * enclosing value's place plus a field name or an array index. The text is only built when asked
 * for (an error message), since a tokenizer.json holds a million values and almost never an error.
 */
public final class JsonPath {
    /** The document itself, {@code $}. */
    static final JsonPath ROOT = new JsonPath(null, "$", -1);

    private final JsonPath parent;
    /** The field name, or null for an array element. At the root, {@code "$"}. */
    private final String field;
    private final int index;

    private JsonPath(JsonPath parent, String field, int index) {
        this.parent = parent;
        this.field = field;
        this.index = index;
    }

    /** The place of field {@code name} of the object here. */
    JsonPath field(String name) {
        return new JsonPath(this, name, -1);
    }

    /** The place of element {@code i} of the array here. */
    JsonPath element(int i) {
        return new JsonPath(this, null, i);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        append(b);
        return b.toString();
    }

    private void append(StringBuilder b) {
        if (parent == null) {
            b.append(field);
            return;
        }
        parent.append(b);
        if (field != null) b.append('.').append(field);
        else b.append('[').append(index).append(']');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JsonPath p && p.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
