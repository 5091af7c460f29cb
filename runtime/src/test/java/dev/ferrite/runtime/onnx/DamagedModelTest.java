package dev.ferrite.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.ferrite.runtime.ModelException;
import dev.ferrite.runtime.TestModels;
import dev.ferrite.runtime.graph.Graph;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real model file, cut short or with bytes overwritten, fails with a {@link ModelException} that
 * names the file and what is wrong; no protobuf or other exception escapes. (A byte changed inside a
 * weight cannot be seen and still loads: that is the one acceptable outcome besides the exception.)
 */
class DamagedModelTest {
    private static final TestModels MODEL = TestModels.ALL_MINILM_L6_V2_Q;
    private static byte[] bytes;

    @BeforeAll
    static void read() {
        bytes = MODEL.onnxBytes();
    }

    private static Graph load(byte[] data, int length) {
        return OnnxImporter.load(ByteBuffer.wrap(data, 0, length), MODEL.onnxName(), null);
    }

    @Test
    void theIntactFileLoads() {
        assertThat(load(bytes, bytes.length).nodes()).hasSize(772);
    }

    @Test
    void truncatedFilesAreReportedAsTruncated() {
        int n = bytes.length;
        long[] cuts = LongStream.of(1, 2, 3, 10, 100, 1_000, 10_000, 100_000, n / 4, n / 2, 3L * n / 4, n - 1_000, n - 10,
                n - 1).toArray();
        for (long cut : cuts) {
            assertThatThrownBy(() -> load(bytes, (int) cut)).as("cut at %d of %d bytes", cut, n)
                    .isInstanceOf(ModelException.class)
                    .hasMessageStartingWith(MODEL.onnxName() + ": ")
                    .hasMessageContaining("truncated");
        }
        assertThatThrownBy(() -> load(bytes, 0)).isInstanceOf(ModelException.class)
                .hasMessage(MODEL.onnxName() + ": empty file, not an ONNX model");
    }

    @Test
    void aBrokenFirstFieldIsReported() {
        byte[] copy = bytes.clone();
        copy[0] = (byte) 0xFF; // field 31, wire type 7: no such wire type
        assertThatThrownBy(() -> load(copy, copy.length)).isInstanceOf(ModelException.class)
                .hasMessageStartingWith(MODEL.onnxName() + ": not a valid ONNX model, the file is truncated or corrupt (");
    }

    @Test
    void overwrittenBytesFailCleanlyOrLoad() {
        Random random = new Random(20250611);
        int failures = 0;
        for (int trial = 0; trial < 60; trial++) {
            byte[] copy = bytes.clone();
            // Half the trials in the first 64 KiB, where the graph structure sits before the weights.
            int at = trial % 2 == 0 ? random.nextInt(65_536) : random.nextInt(copy.length);
            int count = 1 + random.nextInt(4);
            for (int i = 0; i < count && at + i < copy.length; i++) {
                copy[at + i] = (byte) random.nextInt(256);
            }
            try {
                load(copy, copy.length);
            } catch (ModelException e) {
                failures++;
                assertThat(e.getMessage()).as("message at byte %d", at).startsWith(MODEL.onnxName() + ": ");
            } catch (RuntimeException | Error e) {
                fail("byte " + at + " overwritten: " + e.getClass().getName() + " escaped instead of a ModelException", e);
            }
        }
        assertThat(failures).as("damaged copies rejected").isPositive();
    }
}
