package dev.ferrite.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request body that stops coming (slowloris) loses its connection after the body timeout; one that trickles does not. */
class StalledBodyTest {
    private static final Duration BOUND = Duration.ofSeconds(1);
    private static final String HEAD = "POST /embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
    private static TestServer s;

    @BeforeAll
    static void start() {
        s = new TestServer(TestServer.fakeModel(new FakeEncoder(), Map.of()), ServerConfig.defaults().withBodyTimeout(BOUND));
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void aStalledBodyLosesItsConnectionWhileOthersAreServed() throws Exception {
        try (RawHttp stalled = new RawHttp(s.server.port())) {
            stalled.socket.setSoTimeout(20_000);
            long t0 = System.nanoTime();
            stalled.write(HEAD + "Content-Length: 1000\r\n\r\n{\"inputs\":");

            HttpResponse<String> other = s.post("/embed", "{\"inputs\": \"served meanwhile\"}");
            assertThat(other.statusCode()).as(other.body()).isEqualTo(200);

            // Closed without an answer (the interrupted read has closed the channel); a read timeout here fails the test.
            assertThat(stalled.readToEnd()).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(BOUND);
        }
        HttpResponse<String> after = s.post("/embed", "{\"inputs\": \"served after\"}");
        assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
    }

    @Test
    void aBodyThatKeepsComingIsReadPastTheBound() throws Exception {
        String body = "{\"inputs\": \"" + "slow ".repeat(10) + "\"}";
        try (RawHttp slow = new RawHttp(s.server.port())) {
            slow.write(HEAD + "Content-Length: " + body.length() + "\r\n\r\n");
            // 14 pieces, 200 ms apart: about 2.6 s in all, never 1 s without a byte.
            for (int i = 0; i < body.length(); i += 5) {
                slow.write(body.substring(i, Math.min(body.length(), i + 5)));
                Thread.sleep(200);
            }
            RawHttp.Response r = slow.read();
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
    }
}
