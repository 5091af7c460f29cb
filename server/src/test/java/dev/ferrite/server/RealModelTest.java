package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.runtime.embed.EmbeddingModel;
import dev.ferrite.runtime.embed.EmbeddingOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bundled all-MiniLM-L6-v2 behind the server answers exactly what EmbeddingModel computes. */
class RealModelTest {
    @Test
    void responsesEqualEmbeddingModelOutput() throws Exception {
        EmbeddingModel model = EmbeddingModel.loadDefault(EmbeddingOptions.defaults());
        List<String> texts = List.of("Hello world!", "The quick brown fox.");
        float[][] want = model.embed(texts);
        try (TestServer s = new TestServer(ServedModel.of(EmbeddingModel.DEFAULT_MODEL, model, null), ServerConfig.defaults())) {
            JsonNode body = TestServer.json(s.post("/embed", "{\"inputs\": [\"Hello world!\", \"The quick brown fox.\"]}"));
            assertThat(TestServer.floats(body.get(0))).containsExactly(want[0]);
            assertThat(TestServer.floats(body.get(1))).containsExactly(want[1]);
            body = TestServer.json(s.post("/v1/embeddings", "{\"input\": \"Hello world!\"}"));
            assertThat(TestServer.floats(body.get("data").get(0).get("embedding"))).containsExactly(want[0]);
            assertThat(body.get("model").asText()).isEqualTo(EmbeddingModel.DEFAULT_MODEL);
            JsonNode info = TestServer.json(s.get("/info"));
            assertThat(info.get("max_input_length").asInt()).isEqualTo(model.maxLength());
            // embed_all's token states pool (mean, as the model says) to the unnormalized vector.
            body = TestServer.json(s.post("/embed_all", "{\"inputs\": \"Hello world!\"}"));
            int n = body.get(0).size();
            float[] mean = new float[384];
            for (int t = 0; t < n; t++) {
                float[] row = TestServer.floats(body.get(0).get(t));
                for (int j = 0; j < 384; j++) {
                    mean[j] += row[j] / n;
                }
            }
            float[] raw = TestServer.floats(TestServer.json(s.post("/embed", "{\"inputs\": \"Hello world!\", \"normalize\": false}")).get(0));
            for (int j = 0; j < 384; j++) {
                assertThat(mean[j]).isCloseTo(raw[j], org.assertj.core.data.Offset.offset(1e-5f));
            }
        }
    }
}
