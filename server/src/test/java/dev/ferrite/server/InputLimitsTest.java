package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TEI's bound on an input's characters (250 per token of the model's limit: 32000 for the fake
 * model's 128 tokens), and OpenAI token-array inputs checked against the vocabulary and the limit.
 */
class InputLimitsTest {
    private static TestServer strict;
    private static TestServer truncating;

    @BeforeAll
    static void start() {
        strict = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of()), ServerConfig.defaults().withAutoTruncate(false));
        truncating = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of()), ServerConfig.defaults().withAutoTruncate(true));
    }

    @AfterAll
    static void stop() {
        strict.close();
        truncating.close();
    }

    private static String embed(String text) {
        return "{\"inputs\": \"" + text + "\"}";
    }

    private static String ids(int n, int id) {
        return IntStream.range(0, n).mapToObj(i -> Integer.toString(id)).collect(Collectors.joining(",", "[", "]"));
    }

    @Test
    void overTheCharacterBoundWithoutTruncationIsRefusedBeforeTokenizing() throws Exception {
        HttpResponse<String> r = strict.post("/embed", embed("x".repeat(32_001)));
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode err = TestServer.json(r);
        assertThat(err.get("error_type").asText()).isEqualTo("validation");
        assertThat(err.get("error").asText()).isEqualTo("`inputs` must have less than 32000 characters. Given: 32001");
        r = strict.post("/tokenize", embed("x".repeat(32_001)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").asText()).contains("characters");
        r = strict.post("/v1/embeddings", "{\"input\": \"" + "x".repeat(32_001) + "\"}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").get("message").asText()).contains("32000 characters");
    }

    @Test
    void charactersAreCodePointsNotUtf16Units() throws Exception {
        // 12000 times emoji and space: 36000 UTF-16 units, 24000 characters: within the bound, then too many tokens.
        HttpResponse<String> r = strict.post("/embed", embed("\uD83D\uDE00 ".repeat(12_000)));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").asText()).startsWith("`inputs` must have less than 128 tokens");
    }

    @Test
    void withTruncationALongTextIsCutToTheBoundThenToTheTokenLimit() throws Exception {
        HttpResponse<String> r = truncating.post("/embed", embed("word ".repeat(10_000)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-compute-tokens")).contains("128");
        assertThat(r.headers().firstValue("x-compute-characters")).contains("50000");
    }

    @Test
    void tokenArraysAreCheckedAgainstTheVocabularyAndTheLimit() throws Exception {
        HttpResponse<String> r = strict.post("/v1/embeddings", "{\"input\": [101, 30522, 102]}");
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode err = TestServer.json(r).get("error");
        assertThat(err.get("code").asText()).isEqualTo("validation");
        assertThat(err.get("message").asText()).isEqualTo("token id 30522 is outside the vocabulary (0..30521)");

        r = strict.post("/v1/embeddings", "{\"input\": [[101, 102], []]}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").get("message").asText()).isEqualTo("`input` cannot be an empty array of token ids");

        r = strict.post("/v1/embeddings", "{\"input\": " + ids(129, 2000) + "}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(TestServer.json(r).get("error").get("message").asText()).isEqualTo("`inputs` must have less than 128 tokens. Given: 129");

        r = truncating.post("/v1/embeddings", "{\"input\": " + ids(129, 2000) + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.json(r).get("usage").get("prompt_tokens").asInt()).isEqualTo(128);
        r = truncating.post("/v1/embeddings", "{\"input\": [101, 30521, 102]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }
}
