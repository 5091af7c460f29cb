package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.tokenizers.Tokenizer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many concurrent clients over HTTP: each gets exactly its own vectors; overload gives 429s, never wrong answers. */
class LoadTest {
    private static final Tokenizer TOK = TestServer.minilmTokenizer().withPadding(null).withTruncation(null);

    /** A text unique to client {@code c}, request {@code r}, input {@code i}: its words spell the numbers. */
    private static String text(int c, int r, int i) {
        return "client " + c + " asks " + r + " item " + i + " " + "word ".repeat((c + r + i) % 7);
    }

    @Test
    void sixtyFourClientsGetExactlyTheirOwnVectors() throws Exception {
        FakeEncoder encoder = new FakeEncoder();
        encoder.slow(2_000);
        try (TestServer s = new TestServer(TestServer.fakeModel(encoder, Map.of()), ServerConfig.defaults().withLimits(4096, 256, 0, 32));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> clients = new ArrayList<>();
            for (int c = 0; c < 64; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    int checked = 0;
                    for (int r = 0; r < 12; r++) {
                        int n = 1 + (client + r) % 5;
                        StringBuilder body = new StringBuilder("{\"inputs\": [");
                        for (int i = 0; i < n; i++) {
                            body.append(i == 0 ? "" : ",").append('"').append(text(client, r, i)).append('"');
                        }
                        HttpResponse<String> resp = s.post(r % 2 == 0 ? "/embed" : "/v1/embeddings",
                                r % 2 == 0 ? body.append("]}").toString() : body.append("]}").toString().replace("\"inputs\"", "\"input\""));
                        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
                        JsonNode json = TestServer.json(resp);
                        for (int i = 0; i < n; i++) {
                            JsonNode v = r % 2 == 0 ? json.get(i) : json.get("data").get(i).get("embedding");
                            assertThat(TestServer.floats(v)).containsExactly(TestServer.expected(TOK, text(client, r, i), true));
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : clients) {
                total += f.get(300, TimeUnit.SECONDS);
            }
            assertThat(total).isGreaterThan(64 * 12);
            assertThat(encoder.batches).anySatisfy(b -> assertThat(b.size()).isGreaterThan(1));
            assertThat(encoder.batches).allSatisfy(b -> assertThat(b.tokens()).isLessThanOrEqualTo(256));
        }
    }

    @Test
    void overloadGives429sAndNoLostOrMixedAnswers() throws Exception {
        FakeEncoder encoder = new FakeEncoder();
        encoder.slow(200_000);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (TestServer s = new TestServer(TestServer.fakeModel(encoder, Map.of()), ServerConfig.defaults().withLimits(8, 256, 4, 32));
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int r = 0; r < 6; r++) {
                        String a = text(client, r, 0);
                        String b = text(client, r, 1);
                        HttpResponse<String> resp = s.post("/embed", "{\"inputs\": [\"" + a + "\", \"" + b + "\"]}");
                        if (resp.statusCode() == 429) {
                            assertThat(TestServer.json(resp).get("error_type").asText()).isEqualTo("overloaded");
                            refused.incrementAndGet();
                            continue;
                        }
                        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
                        JsonNode json = TestServer.json(resp);
                        assertThat(TestServer.floats(json.get(0))).containsExactly(TestServer.expected(TOK, a, true));
                        assertThat(TestServer.floats(json.get(1))).containsExactly(TestServer.expected(TOK, b, true));
                        ok.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : clients) {
                f.get(300, TimeUnit.SECONDS);
            }
            assertThat(ok.get() + refused.get()).isEqualTo(32 * 6);
            assertThat(refused.get()).isPositive();
            assertThat(ok.get()).isPositive();
            assertThat(s.get("/metrics").body()).contains("te_request_failure_total{err=\"overloaded\"}");
            // Once the storm is over, every place is free again.
            assertThat(s.post("/embed", "{\"inputs\": [\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\",\"h\"]}").statusCode()).isEqualTo(200);
        }
    }
}
