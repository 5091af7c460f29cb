package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferrite.tokenizers.Tokenizer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIGTERM while requests are in flight: they are all answered, then the process exits 0. */
class SigtermTest {
    @Test
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // 40 ms per token, batches of 2 requests: eight requests take about a second and a half.
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dferrite.fixtures=" + System.getProperty("ferrite.fixtures"),
                "-Dferrite.model.cache=" + System.getProperty("ferrite.model.cache", "off"), DrainMain.class.getName(), "40000000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (HttpClient client = HttpClient.newHttpClient()) {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertThat(line).as("the server's first line").startsWith("PORT ");
            int port = Integer.parseInt(line.substring(5).strip());
            Tokenizer tok = TestServer.minilmTokenizer().withPadding(null).withTruncation(null);
            List<CompletableFuture<HttpResponse<String>>> inFlight = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                inFlight.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/embed"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": \"request number " + i + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
            }
            // Wait until the server has received all eight (they then wait on the slow model).
            HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!client.send(metrics, HttpResponse.BodyHandlers.ofString()).body().contains("te_request_count_total{method=\"single\"} 8.0")) {
                assertThat(System.nanoTime()).as("all requests received in time").isLessThan(deadline);
                Thread.sleep(20);
            }
            assertThat(inFlight).noneMatch(CompletableFuture::isDone);
            p.destroy(); // SIGTERM
            for (int i = 0; i < inFlight.size(); i++) {
                HttpResponse<String> r = inFlight.get(i).get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode v = TestServer.json(r);
                assertThat(TestServer.floats(v.get(0))).containsExactly(TestServer.expected(tok, "request number " + i, true));
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }
}
