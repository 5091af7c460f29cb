package dev.ferrite.cli;

import dev.ferrite.tokenizers.OffsetUnit;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The names the CLI gives {@link OffsetUnit}s, in {@code --offsets} and in the JSON {@code offsets_unit} field. */
final class OffsetUnits {
    private OffsetUnits() {
    }

    /** {@code utf16}, {@code codepoints} or {@code bytes}. */
    static String name(OffsetUnit unit) {
        return switch (unit) {
            case UTF16 -> "utf16";
            case CODEPOINTS -> "codepoints";
            case BYTES -> "bytes";
        };
    }

    /** Reads {@code --offsets utf16|codepoints|bytes}. */
    static final class Converter implements ITypeConverter<OffsetUnit> {
        @Override
        public OffsetUnit convert(String value) {
            for (OffsetUnit unit : OffsetUnit.values()) {
                if (name(unit).equals(value)) return unit;
            }
            throw new TypeConversionException("expected utf16, codepoints or bytes, got '" + value + "'");
        }
    }
}
