package dev.ferrite.cli;

import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.lang.reflect.Field;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variable an option's value came from, so that an error about the value names
 * what the user set: {@code ferrite serve}'s options default to TEI's variables
 * ({@code defaultValue = "${env:PORT:-8080}"}), and {@code PORT=abc} must be reported as
 * {@code PORT}, not as {@code --port}, which was never given.
 */
final class EnvironmentOrigin {
    private static final Pattern VARIABLE = Pattern.compile("^\\$\\{env:([A-Za-z_][A-Za-z0-9_]*)");

    private EnvironmentOrigin() {
    }

    /**
     * The variable {@code option}'s value was read from: the option is not on the command line, and
     * its default names a variable that is set; else null.
     *
     * @param parsed what the command line matched (null: nothing yet)
     * @param env    the environment ({@code System::getenv})
     */
    static String variable(OptionSpec option, ParseResult parsed, UnaryOperator<String> env) {
        if (parsed != null && parsed.hasMatchedOption(option)) {
            return null;
        }
        Matcher m = VARIABLE.matcher(writtenDefault(option));
        return m.find() && env.apply(m.group(1)) != null ? m.group(1) : null;
    }

    /**
     * The default as the annotation writes it: the spec's defaultValue() has the variable's value
     * put in already, and picocli keeps the text before that private.
     */
    private static String writtenDefault(OptionSpec option) {
        return option.userObject() instanceof Field field && field.getAnnotation(Option.class) instanceof Option annotation
                ? annotation.defaultValue() : "";
    }

    /**
     * {@code message} about {@code option}, with the option named as {@code variable}: picocli's
     * "option '--port'" and our messages that start with the option's name ("--warmup must be", "port
     * must be") say the variable instead; any other message is followed by it.
     */
    static String rename(String message, OptionSpec option, String variable) {
        String name = option.longestName();
        String quoted = "option '" + name + "'";
        if (message.contains(quoted)) {
            return message.replace(quoted, "environment variable " + variable);
        }
        for (String start : new String[] {name + " ", name.replaceFirst("^-+", "") + " "}) {
            if (message.startsWith(start)) {
                return variable + " " + message.substring(start.length());
            }
        }
        return message + " (environment variable " + variable + ")";
    }
}
