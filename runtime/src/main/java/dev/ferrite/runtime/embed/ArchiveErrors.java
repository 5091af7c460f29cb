package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;

/**
 * How a jar entry that does not read as its directory states is reported, the same whichever way it
 * was inflated ({@link EntryInflater} over the mapped jar, or {@code ZipFile}'s stream).
 */
final class ArchiveErrors {
    private ArchiveErrors() {
    }

    /** The entry {@code source} holds {@code held} bytes (more than {@code stated} when greater) where {@code stated} were said. */
    static ModelException sizeDiffers(String source, long stated, long held) {
        return new ModelException(source + ": the archive says " + stated + " bytes but the entry holds " + (held < stated ? held : "more"));
    }

    static ModelException crcDiffers(String source) {
        return new ModelException(source + ": damaged in the archive (CRC-32 differs from the jar's directory)");
    }

    static ModelException unreadable(String source, Exception cause) {
        return new ModelException(source + ": cannot be read from the archive (" + cause.getMessage() + ")", cause);
    }
}
