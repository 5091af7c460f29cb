package dev.ferrite.tokenizers.reference;

import dev.ferrite.tokenizers.Tokenizer;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Both sides of one tokenizer.json, loaded once per JVM and shared by every test class (surefire
 * runs them in one JVM): gemma3's file is 33 MB, and loading it takes seconds on each side.
 *
 * @param name      fixture name, or a label for a JSON built in a test
 * @param json      the tokenizer.json text
 * @param ours      Ferrite's tokenizer, or null when it failed to load
 * @param oursError why Ferrite failed to load it, or null
 * @param reference the Rust library's tokenizer (its load failing is a broken fixture: it throws)
 */
public record LoadedTokenizers(String name, String json, Tokenizer ours, Throwable oursError, RustReference reference) {
    private static final ConcurrentHashMap<String, LoadedTokenizers> CACHE = new ConcurrentHashMap<>();

    /** The named fixture from {@link Fixtures}, loaded on first use. */
    public static LoadedTokenizers fixture(String name) {
        return cached("fixture:" + name, name, () -> Fixtures.tokenizerJson(name));
    }

    /** A tokenizer.json built by a test, cached under {@code label}. */
    public static LoadedTokenizers synthetic(String label, Supplier<String> json) {
        return cached("synthetic:" + label, label, json);
    }

    private static LoadedTokenizers cached(String key, String name, Supplier<String> json) {
        return CACHE.computeIfAbsent(key, k -> load(name, json.get()));
    }

    /** Loads both sides of {@code json} (not cached). */
    public static LoadedTokenizers load(String name, String json) {
        RustReference reference = RustReference.fromJson(json);
        Tokenizer ours = null;
        Throwable error = null;
        try {
            ours = Tokenizer.fromJson(json);
        } catch (Throwable t) {
            error = t;
        }
        return new LoadedTokenizers(name, json, ours, error, reference);
    }

    /** Ferrite's tokenizer; fails the test (AssertionError caused by the loading error) if there is none. */
    public Tokenizer oursOrFail() {
        if (ours != null) return ours;
        throw new AssertionError("Ferrite cannot load tokenizer \"" + name + "\" (the Rust library can): " + oursError, oursError);
    }
}
