/**
 * The normalizers of the Rust tokenizers library (v0.21), one class per tokenizer.json type, read
 * by {@link dev.ferrite.tokenizers.normalizers.Normalizers#fromJson}. Each rewrites a
 * {@link dev.ferrite.tokenizers.pipeline.NormalizedString} exactly as its Rust counterpart does,
 * alignments (UTF-16 offsets into the original) included, with the Unicode data the Rust crates
 * carry: Unicode 9.0.0 for NFC/NFD/NFKC/NFKD and StripAccents, 8.0.0 for BertNormalizer's
 * character classes, 17.0.0 for lowercasing.
 */
package dev.ferrite.tokenizers.normalizers;
