package dev.ferrite.server;

import java.time.Duration;
import java.util.Map;

/** A server process for {@link SigtermTest}: a slow fake model; prints its port; stops on SIGTERM; exits 0. */
public final class DrainMain {
    private DrainMain() {
    }

    public static void main(String[] args) throws Exception {
        FakeEncoder encoder = new FakeEncoder();
        encoder.slow(Long.parseLong(args[0]));
        EmbeddingServer server = EmbeddingServer.start(TestServer.fakeModel(encoder, Map.of()),
                ServerConfig.defaults().withHostname("127.0.0.1").withPort(0).withLimits(512, 16384, 2, 32));
        server.stopOnSignals(Duration.ofSeconds(60));
        System.out.println("PORT " + server.port());
        System.out.flush();
        server.awaitStop();
        System.exit(0);
    }
}
