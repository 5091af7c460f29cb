package dev.ferrite.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** serve's options read TEI's environment variables: a bad value there is reported under the variable's name. */
class EnvironmentOriginTest {
    private static final Io NO_IO = new Io(InputStream.nullInputStream(), OutputStream.nullOutputStream(),
            new PrintWriter(OutputStream.nullOutputStream()), false);

    @Test
    void theVariableIsNamedOnlyWhenTheValueCameFromIt() {
        CommandLine serve = new CommandLine(new ServeCommand(NO_IO));
        OptionSpec port = serve.getCommandSpec().findOption("--port");
        Map<String, String> env = Map.of("PORT", "abc");
        assertThat(EnvironmentOrigin.variable(port, null, env::get)).isEqualTo("PORT");
        assertThat(EnvironmentOrigin.variable(port, null, Map.<String, String>of()::get)).isNull(); // the fallback 8080
        CommandLine.ParseResult given = serve.parseArgs("--port", "1");
        assertThat(EnvironmentOrigin.variable(port, given, env::get)).isNull();

        assertThat(EnvironmentOrigin.rename("Invalid value for option '--port': 'abc' is not an int", port, "PORT"))
                .isEqualTo("Invalid value for environment variable PORT: 'abc' is not an int");
        assertThat(EnvironmentOrigin.rename("port must be 0..65535, not 70000", port, "PORT")).isEqualTo("PORT must be 0..65535, not 70000");
        assertThat(EnvironmentOrigin.rename("--port must be odd", port, "PORT")).isEqualTo("PORT must be odd");
        assertThat(EnvironmentOrigin.rename("bad", port, "PORT")).isEqualTo("bad (environment variable PORT)");
    }

    /** A real process, since a test cannot set its own environment. */
    @Test
    void serveNamesTheVariable() throws Exception {
        assertThat(serveWith(Map.of("PORT", "abc")))
                .isEqualTo("ferrite serve: Invalid value for environment variable PORT: 'abc' is not an int (see 'ferrite serve --help')");
        assertThat(serveWith(Map.of("PORT", "70000")))
                .isEqualTo("ferrite serve: PORT must be 0..65535, not 70000 (see 'ferrite serve --help')");
        assertThat(serveWith(Map.of("FERRITE_WARMUP", "-1")))
                .isEqualTo("ferrite serve: FERRITE_WARMUP must be 0 to 3600 seconds, got -1.0 (see 'ferrite serve --help')");
    }

    private static String serveWith(Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve");
        pb.environment().putAll(env);
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        List<String> err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(err).hasSize(1);
        return err.getFirst();
    }
}
