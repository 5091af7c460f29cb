/**
 * Benchmarks, never shipped: JMH benchmarks of Ferrite ({@link dev.ferrite.bench.TokenizerEncodeBenchmark})
 * and the side-by-side run against the anchors ({@link dev.ferrite.bench.CompareTokenizers}): the Rust
 * tokenizers library in-process through DJL, and jtokkit for o200k_base.
 */
package dev.ferrite.bench;
