package dev.ferrite.server;

import static dev.ferrite.server.RawHttp.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferrite.runtime.embed.TokenBatch;
import dev.ferrite.tokenizers.Tokenizer;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A request whose client leaves while its input waits for the model is dropped, not computed, and
 * no answer is written; the clients that stay are answered; a kept-alive connection whose requests
 * wait across many reads of the watch goes on serving. The model is the fake one, held at its gate
 * so inputs queue behind it.
 */
class ClientGoneTest {
    static Tokenizer tok;

    /** How the client leaves. */
    enum Leaving {
        /** close(): a FIN. */
        CLOSE,
        /** SO_LINGER 0, then close(): a RST; the kernel forgets the connection at once. */
        RESET,
        /** shutdownOutput(): a FIN, while the client could still read an answer. */
        HALF_CLOSE
    }

    @BeforeAll
    static void tokenizer() {
        tok = TestServer.minilmTokenizer().withPadding(null).withTruncation(null);
    }

    @ParameterizedTest
    @EnumSource(Leaving.class)
    void aQueuedRequestWhoseClientLeftIsDroppedNotComputed(Leaving leaving) throws Exception {
        FakeEncoder encoder = new FakeEncoder();
        encoder.close();
        try (TestServer s = new TestServer(TestServer.fakeModel(encoder, Map.of()), ServerConfig.defaults())) {
            assertThat(s.server.clientWatch().enabled()).as("the kernel's TCP table is readable here").isTrue();
            Batcher batcher = s.server.batcher();
            CompletableFuture<HttpResponse<String>> first = postAsync(s, "first in line");
            encoder.awaitEntered();

            RawHttp leaver = new RawHttp(s.server.port());
            leaver.post("/embed", "{\"inputs\": \"zebra crossing\"}");
            await("the leaving client's input is queued", () -> batcher.queued() == 1);
            CompletableFuture<HttpResponse<String>> kept = postAsync(s, "a client that stays");
            await("the staying client's input is queued", () -> batcher.queued() == 2);

            switch (leaving) {
                case CLOSE -> leaver.close();
                case RESET -> {
                    leaver.socket.setSoLinger(true, 0);
                    leaver.close();
                }
                case HALF_CLOSE -> leaver.socket.shutdownOutput();
            }
            ServerMetrics metrics = s.server.metrics();
            await("the server notices the client left", () -> metrics.counter("ferrite_request_client_gone") == 1);
            assertThat(batcher.queued()).as("still queued, until a worker forms the next batch").isEqualTo(2);
            if (leaving == Leaving.HALF_CLOSE) {
                assertThat(leaver.readToEnd()).as("no answer is written; the connection is closed").isEmpty();
                leaver.close();
            }

            encoder.open();
            assertAnswered(first.get(60, TimeUnit.SECONDS), "first in line");
            assertAnswered(kept.get(60, TimeUnit.SECONDS), "a client that stays");
            assertThat(metrics.counter("te_request_failure", "err", "dropped")).isEqualTo(1);
            int[] zebra = tok.encode("zebra crossing", true).ids();
            int computed = 0;
            for (TokenBatch b : encoder.batches) {
                for (int i = 0; i < b.size(); i++) {
                    assertThat(Arrays.copyOfRange(b.ids(), b.starts()[i], b.starts()[i + 1])).isNotEqualTo(zebra);
                    computed++;
                }
            }
            assertThat(computed).as("the two staying inputs, and only them").isEqualTo(2);
            assertThat(batcher.inFlight()).isZero();
            assertThat(s.server.metrics().scrape()).contains("ferrite_request_client_gone_total 1.0");
        }
    }

    @Test
    void aKeptAliveConnectionServesRequestsThatWaitAcrossManyReadsOfTheWatch() throws Exception {
        FakeEncoder encoder = new FakeEncoder();
        try (TestServer s = new TestServer(TestServer.fakeModel(encoder, Map.of()), ServerConfig.defaults());
             RawHttp c = new RawHttp(s.server.port())) {
            ClientWatch watch = s.server.clientWatch();
            assertThat(watch.enabled()).isTrue();
            for (int i = 0; i < 20; i++) {
                String text = "request number " + i;
                boolean held = i % 4 == 1;
                if (held) {
                    encoder.close();
                }
                c.post("/embed", "{\"inputs\": \"" + text + "\"}");
                if (held) {
                    // Waits while the watch reads the table several times: more than it needs to
                    // declare a connection reset, and far past Helidon's own 101 ms idle read.
                    encoder.awaitEntered();
                    long from = watch.scans();
                    await("the watch has read the table " + (ClientWatch.MISSING_SCANS + 3) + " times",
                            () -> watch.scans() >= from + ClientWatch.MISSING_SCANS + 3);
                    encoder.open();
                }
                RawHttp.Response r = c.read();
                assertThat(r.status()).as(text).isEqualTo(200);
                assertThat(TestServer.floats(TestServer.JSON.readTree(r.body()).get(0)))
                        .containsExactly(TestServer.expected(tok, text, true));
            }
            assertThat(s.server.metrics().counter("ferrite_request_client_gone")).isZero();
        }
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(TestServer s, String text) {
        HttpRequest req = HttpRequest.newBuilder(s.uri("/embed")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\": \"" + text + "\"}")).build();
        return s.client.sendAsync(req, HttpResponse.BodyHandlers.ofString());
    }

    private static void assertAnswered(HttpResponse<String> r, String text) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(TestServer.floats(TestServer.json(r).get(0))).containsExactly(TestServer.expected(tok, text, true));
    }
}
