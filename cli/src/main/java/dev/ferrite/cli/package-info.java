/**
 * The {@code ferrite} command line: {@code tokenize}, {@code embed}, {@code serve} and {@code bench},
 * one picocli command class each, wired together in {@link dev.ferrite.cli.Main}.
 *
 * <p>Output for machines goes to standard output (JSON lines, benchmark figures); every error is
 * one line on standard error, prefixed with the command's name. Exit status: 0 success, 1 the
 * command failed (a file is missing, tokenizer.json is malformed, an input line is bad), 2 the
 * command line itself is wrong, 141 standard output was closed early (as {@code | head} does).
 */
package dev.ferrite.cli;
