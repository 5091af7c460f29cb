package dev.ferrite.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.ferrite.runtime.embed.Encoder;
import dev.ferrite.runtime.embed.Pooling;
import dev.ferrite.tokenizers.Tokenizer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** A server on an ephemeral loopback port, and an HTTP client for it. */
final class TestServer implements AutoCloseable {
    /** Numbers parsed as exact decimals, so a float read back is the float that was written. */
    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    final EmbeddingServer server;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    TestServer(ServedModel model, ServerConfig config) {
        this.server = EmbeddingServer.start(model, config.withHostname("127.0.0.1").withPort(0));
    }

    static Tokenizer minilmTokenizer() {
        String fixtures = System.getProperty("ferrite.fixtures");
        if (fixtures == null) {
            throw new AssertionError("system property ferrite.fixtures is not set (the parent pom sets it)");
        }
        Path p = Path.of(fixtures, "tokenizers", "minilm", "tokenizer.json");
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("fixture missing: " + p);
        }
        return Tokenizer.fromFile(p);
    }

    /** MiniLM's tokenizer in front of the given stand-in transformer, mean pooling, 128 tokens at most. */
    static ServedModel fakeModel(Encoder encoder, Map<String, String> prompts) {
        return new ServedModel("fake/minilm", minilmTokenizer(), encoder, Pooling.MEAN, 128, prompts);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    HttpResponse<String> post(String path, String body, String... headers) throws IOException, InterruptedException {
        return postAs(path, "application/json", body, headers);
    }

    /** A POST with this Content-Type (null: none). */
    HttpResponse<String> postAs(String path, String contentType, String body, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).decimalValue().floatValue();
        }
        return out;
    }

    /** The vector the fake model must give for {@code text}: MiniLM ids, the fake states, mean, normalized. */
    static float[] expected(Tokenizer tokenizer, String text, boolean normalize) {
        int[] ids = tokenizer.encode(text, true).ids();
        float[] v = Pooling.MEAN.pool(FakeEncoder.states(ids), ids.length, FakeEncoder.HIDDEN);
        return normalize ? Pooling.normalize(v) : v;
    }

    @Override
    public void close() {
        server.close();
        client.close();
    }
}
