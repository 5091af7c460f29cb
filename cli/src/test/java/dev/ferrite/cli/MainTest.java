package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;

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
                .containsPattern("(?m)^  serve  .*text-embeddings-inference")
                .containsPattern("(?m)^  bench  ");
    }

    @Test
    void helpBeforeACommandStillListsEveryCommand() {
        Cli.Result r = Cli.run("", "--help", "tokenize");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("Usage: ferrite").containsPattern("(?m)^  embed  ").containsPattern("(?m)^  bench  ");
    }

    @Test
    void eachSubcommandIsListedUnderTheNameItsCommandDeclares() {
        Io io = new Io(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
                new PrintWriter(OutputStream.nullOutputStream()), false);
        for (Main.Subcommand subcommand : Main.subcommands(io)) {
            Object command = subcommand.command().get();
            CommandLine built = command instanceof CommandLine cli ? cli : new CommandLine(command);
            assertThat(built.getCommandName()).isEqualTo(subcommand.name());
        }
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
    void anUnknownOptionIsNamedBeforeAMissingRequiredOne() {
        // picocli checks required options before it reports unmatched ones: the typo is the cause.
        Cli.Result inside = Cli.run("", "tokenize", "--tokeniser", "t.json");
        assertThat(inside.status()).isEqualTo(2);
        assertThat(inside.errLines()).singleElement().asString()
                .startsWith("ferrite tokenize: Unknown options: '--tokeniser', 't.json'").contains("ferrite tokenize --help");
        Cli.Result before = Cli.run("", "--bogus", "tokenize");
        assertThat(before.status()).isEqualTo(2);
        assertThat(before.errLines()).singleElement().asString()
                .startsWith("ferrite: Unknown option: '--bogus'").contains("ferrite --help");
    }

    @Test
    void serveRefusesBadLimitsAndMissingModels() {
        Cli.Result r = Cli.run("", "serve", "--port", "70000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite serve: port must be 0..65535");
        r = Cli.run("", "serve", "--max-batch-tokens", "0");
        assertThat(r.status()).isEqualTo(2);
        r = Cli.run("", "serve", "--max-batch-requests", "-1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("ferrite serve: max-batch-requests must be 0 (no cap but the token budget) or more, not -1");
        r = Cli.run("", "serve", "--workers", "100000");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite serve: workers must be 1..256, not 100000");
        r = Cli.run("", "serve", "--warmup", "-1");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite serve: --warmup must be 0 to 3600 seconds, got -1");
        r = Cli.run("", "serve", "--body-timeout", "0");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite serve: --body-timeout must be 0.001 to 86400 seconds, got 0.0");
        r = Cli.run("", "serve", "--body-timeout", "NaN");
        assertThat(r.status()).isEqualTo(2);
        r = Cli.run("", "serve", "--model", "no/such/model");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().isEqualTo("ferrite serve: model not found: no/such/model");
    }

    /** Said before the model loads and warms up (seconds), not after. */
    @Test
    void servePortInUseFailsAtOnce() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Cli.Result r = Cli.run("", "serve", "--port", Integer.toString(port), "--warmup", "1");
            assertThat(r.status()).isEqualTo(1);
            assertThat(r.errLines()).singleElement().asString()
                    .isEqualTo("ferrite serve: cannot listen on 127.0.0.1:" + port + ": Address already in use");
        }
    }

    /** A budget under one input at the default model's longest (128 tokens): said once it loads, before the warm-up. */
    @Test
    void serveRefusesATokenBudgetTheModelsInputsCannotFitBeforeWarmingUp() {
        Cli.Result r = Cli.run("", "serve", "--port", "0", "--max-batch-tokens", "100", "--warmup", "30");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("ferrite serve: max-batch-tokens (100) must be at least the model's maximum input length (");
    }

    @Test
    void benchWithoutSubcommandIsAUsageError() {
        Cli.Result r = Cli.run("", "bench");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.errLines()).singleElement().asString().startsWith("ferrite bench: missing command: tokenize or embed");
    }

    @Test
    void subcommandHelpWorks() {
        Cli.Result r = Cli.run("", "tokenize", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--tokenizer=PATH", "--offsets=UNIT", "utf16 (the default", "codepoints",
                "--decode", "--keep-special-tokens", "--no-special-tokens", "--input=FILE");
    }
}
