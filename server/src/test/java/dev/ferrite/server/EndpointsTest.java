package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.tokenizers.Tokenizer;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every route of a real server (the fake transformer behind MiniLM's tokenizer), over HTTP. */
class EndpointsTest {
    static TestServer s;
    static Tokenizer tok;

    @BeforeAll
    static void start() {
        s = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of("query", "query: ")), ServerConfig.defaults());
        tok = TestServer.minilmTokenizer().withPadding(null).withTruncation(null);
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    /** Helidon logs a listener that cannot bind and returns from start(): that must not look like a server. */
    @Test
    void aPortInUseFailsTheStartNamingTheCause() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerConfig config = ServerConfig.defaults().withHostname("127.0.0.1").withPort(taken.getLocalPort());
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> EmbeddingServer.start(TestServer.fakeModel(new FakeEncoder(), Map.of()), config))
                    .hasMessageContaining("Address already in use");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddingServer.checkAddress(config))
                    .isInstanceOf(java.io.IOException.class).hasMessageContaining("Address already in use");
        }
        EmbeddingServer.checkAddress(ServerConfig.defaults().withPort(0));
    }

    /** A token budget under one input's longest form could never run that input: refused at start, naming the setting. */
    @Test
    void aTokenBudgetUnderTheModelsInputLengthFailsTheStart() {
        ServedModel model = TestServer.fakeModel(new FakeEncoder(), Map.of());
        ServerConfig config = ServerConfig.defaults().withPort(0)
                .withLimits(16, model.maxInputLength() - 1, 0, ServerConfig.DEFAULT_MAX_CLIENT_BATCH_SIZE);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EmbeddingServer.start(model, config))
                .isInstanceOfSatisfying(ServerConfig.InvalidSetting.class, e -> assertThat(e.setting()).isEqualTo("max-batch-tokens"))
                .hasMessage("max-batch-tokens (" + (model.maxInputLength() - 1) + ") must be at least the model's maximum input length ("
                        + model.maxInputLength() + ")");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> config.withPort(-1))
                .isInstanceOfSatisfying(ServerConfig.InvalidSetting.class, e -> assertThat(e.setting()).isEqualTo("port"))
                .hasMessage("port must be 0..65535, not -1");
    }

    @Test
    void embedASingleStringAndABatch() throws Exception {
        HttpResponse<String> r = s.post("/embed", "{\"inputs\": \"Hello world!\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestServer.json(r);
        assertThat(body.size()).isEqualTo(1);
        assertThat(TestServer.floats(body.get(0))).containsExactly(TestServer.expected(tok, "Hello world!", true));
        for (String h : new String[] {"x-compute-time", "x-compute-tokens", "x-total-time", "x-tokenization-time", "x-queue-time", "x-inference-time"}) {
            assertThat(r.headers().firstValue(h)).as(h).isPresent();
        }
        assertThat(r.headers().firstValue("x-compute-tokens")).contains("5");

        r = s.post("/embed", "{\"inputs\": [\"a\", \"b c\", \"\"], \"normalize\": false}");
        body = TestServer.json(r);
        assertThat(body.size()).isEqualTo(3);
        assertThat(TestServer.floats(body.get(1))).containsExactly(TestServer.expected(tok, "b c", false));
        assertThat(TestServer.floats(body.get(2))).containsExactly(TestServer.expected(tok, "", false));
    }

    @Test
    void embedWithPromptDimensionsAndTruncation() throws Exception {
        JsonNode body = TestServer.json(s.post("/embed", "{\"inputs\": \"Hi\", \"prompt_name\": \"query\", \"normalize\": false}"));
        assertThat(TestServer.floats(body.get(0))).containsExactly(TestServer.expected(tok, "query: Hi", false));

        body = TestServer.json(s.post("/embed", "{\"inputs\": \"Hi\", \"dimensions\": 2}"));
        float[] full = TestServer.expected(tok, "Hi", false);
        assertThat(TestServer.floats(body.get(0))).containsExactly(Pooling.normalize(new float[] {full[0], full[1]}));

        String longText = "word ".repeat(300);
        body = TestServer.json(s.post("/embed", "{\"inputs\": \"" + longText + "\", \"truncation_direction\": \"Left\", \"normalize\": false}"));
        // Cut from the left, 128 tokens: [CLS] and 126 words then [SEP]; the fake's third state is the length.
        assertThat(TestServer.floats(body.get(0))[2]).isEqualTo(128f);
    }

    @Test
    void embedAllGivesEveryTokensState() throws Exception {
        JsonNode body = TestServer.json(s.post("/embed_all", "{\"inputs\": [\"Hello world!\"]}"));
        int[] ids = tok.encode("Hello world!", true).ids();
        assertThat(body.get(0).size()).isEqualTo(ids.length);
        float[] states = FakeEncoder.states(ids);
        for (int t = 0; t < ids.length; t++) {
            assertThat(TestServer.floats(body.get(0).get(t))).containsExactly(java.util.Arrays.copyOfRange(states, t * 4, t * 4 + 4));
        }
    }

    @Test
    void similarityIsTheCosineOfPooledVectors() throws Exception {
        HttpResponse<String> r = s.post("/similarity",
                "{\"inputs\": {\"source_sentence\": \"a b\", \"sentences\": [\"a b\", \"zebra\"]}, \"parameters\": {\"truncate\": true}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestServer.json(r);
        assertThat(body.size()).isEqualTo(2);
        assertThat(body.get(0).floatValue()).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-6f));
        float[] a = TestServer.expected(tok, "a b", true);
        float[] z = TestServer.expected(tok, "zebra", true);
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * z[i];
        }
        assertThat(body.get(1).doubleValue()).isCloseTo(dot, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void openAiEmbeddingsInEveryInputForm() throws Exception {
        HttpResponse<String> r = s.post("/v1/embeddings", "{\"input\": \"Hello world!\", \"model\": \"whatever\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = TestServer.json(r);
        assertThat(body.get("object").asText()).isEqualTo("list");
        assertThat(body.get("model").asText()).isEqualTo("fake/minilm");
        assertThat(body.get("data").get(0).get("object").asText()).isEqualTo("embedding");
        assertThat(body.get("data").get(0).get("index").asInt()).isZero();
        assertThat(TestServer.floats(body.get("data").get(0).get("embedding"))).containsExactly(TestServer.expected(tok, "Hello world!", true));
        assertThat(body.get("usage").get("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(5);

        body = TestServer.json(s.post("/v1/embeddings", "{\"input\": [\"a\", \"b\"], \"encoding_format\": \"base64\"}"));
        byte[] bytes = Base64.getDecoder().decode(body.get("data").get(1).get("embedding").asText());
        float[] decoded = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(decoded);
        assertThat(decoded).containsExactly(TestServer.expected(tok, "b", true));
        assertThat(body.get("data").get(1).get("index").asInt()).isEqualTo(1);

        // Token ids are embedded as given, no special tokens added.
        body = TestServer.json(s.post("/v1/embeddings", "{\"input\": [[101, 7592, 102], [7592]], \"dimensions\": 3}"));
        float[] v = Pooling.MEAN.pool(FakeEncoder.states(new int[] {7592}), 1, 4);
        assertThat(TestServer.floats(body.get("data").get(1).get("embedding"))).containsExactly(Pooling.normalize(new float[] {v[0], v[1], v[2]}));
        body = TestServer.json(s.post("/v1/embeddings", "{\"input\": [101, 102]}"));
        assertThat(body.get("data").size()).isEqualTo(1);
        assertThat(body.get("usage").get("total_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void tokenizeAndDecode() throws Exception {
        JsonNode body = TestServer.json(s.post("/tokenize", "{\"inputs\": \"Héllo world!\"}"));
        JsonNode tokens = body.get(0);
        assertThat(tokens.get(0).get("text").asText()).isEqualTo("[CLS]");
        assertThat(tokens.get(0).get("special").asBoolean()).isTrue();
        assertThat(tokens.get(0).get("start").isNull()).isTrue();
        assertThat(tokens.get(1).get("text").asText()).isEqualTo("Héllo");
        assertThat(tokens.get(1).get("start").asInt()).isZero();
        assertThat(tokens.get(1).get("stop").asInt()).isEqualTo(6); // UTF-8 bytes: é is two
        assertThat(tokens.get(2).get("start").asInt()).isEqualTo(7);
        assertThat(tokens.get(1).get("id").asInt()).isEqualTo(tok.encode("Héllo world!", true).ids()[1]);

        body = TestServer.json(s.post("/tokenize", "{\"inputs\": [\"a\", \"b\"], \"add_special_tokens\": false}"));
        assertThat(body.size()).isEqualTo(2);
        assertThat(body.get(0).size()).isEqualTo(1);

        assertThat(s.post("/decode", "{\"ids\": [101, 7592, 2088, 999, 102]}").body()).isEqualTo("[\"hello world!\"]");
        assertThat(s.post("/decode", "{\"ids\": [[101, 7592, 102], [2088]], \"skip_special_tokens\": false}").body())
                .isEqualTo("[\"[CLS] hello [SEP]\",\"world\"]");
    }

    /** As in TEI (axum's get routes): HEAD on a GET route answers as GET, without the body; the connection stays usable. */
    @Test
    void headOnGetRoutesAnswersWithoutABody() throws Exception {
        try (RawHttp http = new RawHttp(s.server.port())) {
            for (String path : new String[] {"/health", "/ping", "/info", "/metrics", "/openapi.json"}) {
                HttpResponse<String> get = s.get(path);
                // HEAD, then GET on the same connection: a body after the HEAD answer would be read as the next status line.
                http.write("HEAD " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\nGET /ping HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
                RawHttp.Response head = http.readHead();
                assertThat(head.status()).as(path).isEqualTo(200);
                assertThat(java.util.Optional.ofNullable(head.headers().get("content-type"))).as(path).isEqualTo(get.headers().firstValue("content-type"));
                if (!path.equals("/metrics")) { // its series change between two scrapes
                    assertThat(head.headers().get("content-length")).as(path).isEqualTo(Integer.toString(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
                }
                assertThat(http.read().status()).as("GET after HEAD " + path).isEqualTo(200);
            }
        }
        HttpResponse<String> post = s.postAs("/health", "application/json", "{}");
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("allow")).contains("GET, HEAD");
    }

    @Test
    void healthInfoMetricsOpenApi() throws Exception {
        assertThat(s.get("/health").statusCode()).isEqualTo(200);
        JsonNode info = TestServer.json(s.get("/info"));
        assertThat(info.get("model_id").asText()).isEqualTo("fake/minilm");
        assertThat(info.get("max_input_length").asInt()).isEqualTo(128);
        assertThat(info.get("max_batch_tokens").asInt()).isEqualTo(16384);
        assertThat(info.get("max_concurrent_requests").asInt()).isEqualTo(512);
        assertThat(info.get("auto_truncate").asBoolean()).isTrue();
        assertThat(info.get("model_type").get("embedding").get("pooling").asText()).isEqualTo("mean");

        s.post("/embed", "{\"inputs\": \"x\"}");
        HttpResponse<String> m = s.get("/metrics");
        assertThat(m.statusCode()).isEqualTo(200);
        assertThat(m.headers().firstValue("content-type").orElse("")).startsWith("text/plain");
        assertThat(m.body()).contains("te_request_count_total{method=\"single\"}", "te_request_success_total",
                "te_request_duration_bucket", "te_request_tokenization_duration_bucket", "te_request_queue_duration_bucket",
                "te_request_inference_duration_bucket", "te_request_input_length_bucket", "te_batch_next_size_bucket",
                "te_batch_next_tokens_bucket", "te_queue_size");

        JsonNode api = TestServer.json(s.get("/openapi.json"));
        assertThat(api.get("paths").has("/embed")).isTrue();
        assertThat(api.get("paths").has("/v1/embeddings")).isTrue();
    }
}
