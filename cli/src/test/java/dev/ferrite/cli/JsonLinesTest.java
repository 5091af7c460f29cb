package dev.ferrite.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonLinesTest {

    @Test
    void writesOneEscapedStringPerLine() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonLines out = new JsonLines(bytes)) {
            out.string("plain");
            out.string("quote \" backslash \\ newline \n tab \t cr \r nul \u0000");
            out.string("caf\u00e9 \u4e2d \ud83d\ude00");
            out.string("");
        }
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("""
                "plain"
                "quote \\" backslash \\\\ newline \\n tab \\t cr \\r nul \\u0000"
                "caf\u00e9 \u4e2d \ud83d\ude00"
                ""
                """);
    }

    @Test
    void nothingIsWrittenBeforeFlush() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JsonLines out = new JsonLines(bytes);
        out.string("x");
        assertThat(bytes.size()).isZero();
        out.flush();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("\"x\"\n");
    }

    @Test
    void aClosedReaderIsReportedAsABrokenPipe() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        JsonLines out = new JsonLines(closed);
        out.string("x");
        assertThatThrownBy(out::flush).isInstanceOfSatisfying(OutputClosedException.class,
                e -> assertThat(e.isBrokenPipe()).isTrue());
    }
}
