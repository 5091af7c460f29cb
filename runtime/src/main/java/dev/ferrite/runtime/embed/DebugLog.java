package dev.ferrite.runtime.embed;

import java.lang.System.Logger.Level;
import java.util.function.Supplier;

/**
 * The DEBUG messages of the model cache and the prepared encoders, under the name of the class that
 * logs them. The logger is looked up when the first message is logged, not when that class loads:
 * {@code System.getLogger} starts java.util.logging, 31-35 ms of a fresh JVM, which every model load
 * paid before reading anything, though a load logs only when a cache file cannot be used.
 */
final class DebugLog {
    private final String name;
    /** Looked up on first use; racing first messages look up the same logger. */
    private volatile System.Logger logger;

    DebugLog(Class<?> of) {
        this.name = of.getName();
    }

    void log(Supplier<String> message) {
        System.Logger l = logger;
        if (l == null) logger = l = System.getLogger(name);
        l.log(Level.DEBUG, message);
    }
}
