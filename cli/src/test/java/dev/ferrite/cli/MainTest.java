package dev.ferrite.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {

    @Test
    void helpListsEveryCommand() {
        Cli.Result r = Cli.run("", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("Usage: ferrite")
                .containsPattern("(?m)^  tokenize  ")
                .containsPattern("(?m)^  embed  .*one vector per input line")
                .containsPattern("(?m)^  serve  .*not yet available")
                .containsPattern("(?m)^  bench  ");
    }

    @Test
    void versionNamesTheProgram() {
        Cli.Result r = Cli.run("", "--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ferrite ");
    }

    @Test
    void noCommandIsAUsageError() {
        Cli.Result r = Cli.run("");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite: missing command");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandIsAUsageErrorOnOneLine() {
        Cli.Result r = Cli.run("", "tokenise");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().contains("tokenise").contains("ferrite --help");
    }

    @Test
    void serveSaysItIsNotAvailableAndFails() {
        for (String command : new String[] {"serve"}) {
            Cli.Result r = Cli.run("hello\n", command, "--model", "x", "some text");
            assertThat(r.status()).as(command).isEqualTo(1);
            assertThat(r.errLines()).as(command).singleElement().asString()
                    .startsWith("ferrite " + command + ": not yet available");
            assertThat(r.out()).as(command).isEmpty();
        }
    }

    @Test
    void benchWithoutSubcommandIsAUsageError() {
        Cli.Result r = Cli.run("", "bench");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite bench: missing command: tokenize");
    }

    @Test
    void subcommandHelpWorks() {
        Cli.Result r = Cli.run("", "tokenize", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--tokenizer=PATH", "--offsets=UNIT", "utf16 (the default", "codepoints",
                "--decode", "--keep-special-tokens", "--no-special-tokens", "--input=FILE");
    }
}
