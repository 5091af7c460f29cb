/**
 * The test-side reference harness: the Rust {@code tokenizers} library in-process through DJL's JNI
 * layer ({@link dev.ferrite.tokenizers.reference.RustReference}, whose Javadoc records how DJL
 * behaves), the comparison of a Ferrite {@code Encoding} with the reference's
 * ({@link dev.ferrite.tokenizers.reference.EncodingDiff},
 * {@link dev.ferrite.tokenizers.reference.Differential}), failure reports that count mismatching
 * samples and show the first few ({@link dev.ferrite.tokenizers.reference.MismatchReport}), the shared
 * fixtures and a per-JVM cache of loaded tokenizers, and tokenizer.json files built for models no
 * real fixture uses. The exactness suites that use it are the {@code *ExactnessTest},
 * {@code RobustnessTest} and {@code BadTokenizerFileTest} classes one package up.
 */
package dev.ferrite.tokenizers.reference;
