package dev.ferrite.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code ferrite serve} as a child process on a loopback port: started, awaited, measured, stopped with SIGTERM. */
final class ServerProcess {
    private final Process process;
    private final Path log;
    private final int port;

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /** Starts {@code command} (which must listen on {@code port}); its output goes to {@code log}. */
    static ServerProcess start(List<String> command, int port, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ServerProcess(p, log, port);
    }

    /** A port free on 127.0.0.1 just now (the child binds it a moment later; nothing else here races for it). */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    /** Polls {@code GET /health} until it answers 200; fails if the child exits or {@code timeout} passes. */
    void awaitHealthy(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (LoadClient client = LoadClient.of("raw", port, Duration.ofSeconds(5))) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the server exited with status " + process.exitValue()
                            + " before it was healthy; its output:\n" + tail());
                }
                try {
                    if (client.get("/health").status() == 200) {
                        return;
                    }
                } catch (IOException | RuntimeException notYet) {
                    // not listening yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the server was not healthy after " + timeout.toSeconds() + " s; its output:\n" + tail());
                }
                Thread.sleep(200);
            }
        }
    }

    /** CPU time the child has used so far, in nanoseconds; -1 when the system does not tell. */
    long cpuNanos() {
        return process.toHandle().info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    /**
     * Sends SIGTERM and waits for the exit.
     *
     * @return the exit status; the child is killed (and -1 returned) if it has not exited after {@code timeout}
     */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy(); // SIGTERM on Unix
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        process.destroyForcibly();
        process.waitFor();
        return -1;
    }

    /** The last lines of the child's output. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
