package dev.ferrite.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code ./ferrite} launcher, run as a user runs it, after {@code package} has built
 * cli/target (FERRITE_SKIP_BUILD=1 keeps it from building again inside the test).
 */
class LauncherIT {
    private static Path root;

    @TempDir
    Path dir;

    @BeforeAll
    static void findLauncher() {
        String r = System.getProperty("ferrite.root");
        assertThat(r).as("system property ferrite.root (set by cli/pom.xml)").isNotBlank();
        root = Path.of(r);
        assertThat(root.resolve("ferrite")).as("the launcher").isExecutable();
        assertThat(root.resolve("cli/target/ferrite-cli.jar")).as("the CLI jar (built by package)").isRegularFile();
    }

    /**
     * The first start after a build makes the launcher's AOT cache (a training run of some seconds, longer
     * on a busy machine): done here, so that it counts against no test's deadline.
     */
    @BeforeAll
    static void makeTheAotCache(@TempDir Path modelCache) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(root.resolve("ferrite").toString(), "--version")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("FERRITE_SKIP_BUILD", "1");
        pb.environment().put("FERRITE_CACHE", System.getProperty("ferrite.model.cache", modelCache.toString()));
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("the launcher's first start finished").isTrue();
    }

    record Run(int status, String out, String err) {
    }

    /** Where the launched JVMs extract the model jar: the build's test cache, never the user's ~/.cache. */
    private String modelCache() {
        return System.getProperty("ferrite.model.cache", dir.resolve("model-cache").toString());
    }

    private Run ferrite(String stdin, String... args) throws IOException, InterruptedException {
        return ferrite(Map.of(), stdin, args);
    }

    private Run ferrite(Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        return ferrite(root, env, stdin, args);
    }

    private Run ferrite(Path root, Map<String, String> env, String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("ferrite").toString());
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Path in = Files.writeString(dir.resolve("in.txt"), stdin);
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("FERRITE_SKIP_BUILD", "1");
        pb.environment().put("FERRITE_CACHE", modelCache());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ferrite finished").isTrue();
        // Read at once: whatever the launcher's stderr filter does, messages must be there on exit.
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void helpListsTheCommandsAndTheJvmStaysQuiet() throws Exception {
        Run r = ferrite("", "--help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("tokenize", "embed", "serve", "bench");
        assertThat(r.err()).as("stderr, where JVM warnings would show").isEmpty();
    }

    @Test
    void errorsAreOneLineOnStderrWithStatusOne() throws Exception {
        Run r = ferrite("hello\n", "tokenize", "--tokenizer", "missing.json");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("ferrite tokenize: tokenizer file not found: missing.json\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void usageErrorsExitWithTwo() throws Exception {
        Run r = ferrite("", "tokenize");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err().lines().toList()).singleElement().asString().contains("--tokenizer");
    }

    @Test
    void relativePathsAreReadFromTheCallersDirectory() throws Exception {
        Files.writeString(dir.resolve("bad.json"), "{");
        Run r = ferrite("hello\n", "tokenize", "--tokenizer", "bad.json");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err().lines().toList()).singleElement().asString()
                .startsWith("ferrite tokenize: bad.json: $: malformed JSON");
    }

    @Test
    void serveAnswersThenStopsOnSigtermWithStatusZero() throws Exception {
        Path err = dir.resolve("serve-err.txt");
        ProcessBuilder pb = new ProcessBuilder(root.resolve("ferrite").toString(), "serve", "--hostname", "127.0.0.1", "--port", "0")
                .directory(dir.toFile()).redirectOutput(dir.resolve("serve-out.txt").toFile()).redirectError(err.toFile());
        pb.environment().put("FERRITE_SKIP_BUILD", "1");
        pb.environment().put("FERRITE_CACHE", modelCache());
        Process p = pb.start();
        try (java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient()) {
            java.util.regex.Pattern serving = java.util.regex.Pattern.compile("serving all-minilm-l6-v2 on http://127.0.0.1:(\\d+)");
            java.util.regex.Matcher m = serving.matcher("");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!(m = serving.matcher(Files.readString(err))).find()) {
                assertThat(p.isAlive()).as("serve is running: " + Files.readString(err)).isTrue();
                assertThat(System.nanoTime()).as("serve started in time").isLessThan(deadline);
                Thread.sleep(50);
            }
            String base = "http://127.0.0.1:" + m.group(1);
            var health = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/health")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            var embed = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/embed"))
                    .header("Content-Type", "application/json").POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"inputs\": \"Hello world!\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(embed.statusCode()).isEqualTo(200);
            assertThat(embed.body()).startsWith("[[");
            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
            assertThat(Files.readString(err)).contains("ferrite serve: warmed up the model (",
                    "ferrite serve: warmed up the HTTP side (", "ferrite serve: stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void embedsWithTheBundledModelAndNoDownload() throws Exception {
        Run r = ferrite("Hello world!\nsecond line\n", "embed");
        assertThat(r.err()).as("stderr of a pipe: no progress bar").isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().toList()).hasSize(2)
                .allSatisfy(line -> assertThat(line).startsWith("{\"embedding\":[").endsWith("]}")
                        .satisfies(l -> assertThat(l.split(",")).hasSize(384)));
    }

    @Test
    void encodesStandardInputToStandardOutput() throws Exception {
        String tokenizer = TinyTokenizer.writeTo(dir).toString();
        Run r = ferrite("hello\n\ud83d\ude00hello\n", "tokenize", "--tokenizer", tokenizer, "--offsets", "codepoints");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "{\"ids\":[1],\"tokens\":[\"hello\"],\"offsets\":[[0,5]],\"offsets_unit\":\"codepoints\",\"type_ids\":[0],"
                        + "\"word_ids\":[0],\"special_tokens_mask\":[0],\"attention_mask\":[1]}",
                "{\"ids\":[5,1],\"tokens\":[\"\ud83d\ude00\",\"hello\"],\"offsets\":[[0,1],[1,6]],\"offsets_unit\":\"codepoints\","
                        + "\"type_ids\":[0,0],\"word_ids\":[0,1],\"special_tokens_mask\":[0,0],\"attention_mask\":[1,1]}");
    }

    /** Not the JDK's lib/modules, which the JVM opens first and would get fd 0 if it were free. */
    @Test
    void aClosedStandardInputIsAnErrorNotAFileTheJvmOpened() throws Exception {
        String tokenizer = TinyTokenizer.writeTo(dir).toString();
        Path err = dir.resolve("closed-err.txt");
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "exec \"$0\" tokenize --tokenizer \"$1\" <&-",
                root.resolve("ferrite").toString(), tokenizer).redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
        pb.environment().put("FERRITE_SKIP_BUILD", "1");
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("ferrite finished").isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(Files.readString(err)).isEqualTo("ferrite tokenize: cannot read stdin: standard input is closed\n");
    }

    @Test
    void theVectorModuleIsResolvedAndExtraOptionsPassOn() throws Exception {
        Run r = ferrite(Map.of("FERRITE_JAVA_OPTS", "--show-module-resolution -Xshare:auto"), "", "--version");
        assertThat(r.status()).isZero();
        assertThat(r.out()).containsPattern("(?m)^root jdk\\.incubator\\.vector ").contains("ferrite ");
        assertThat(r.err()).isEmpty();
    }

    /**
     * The AOT cache is keyed by the jars it was made from: a rebuilt jar gets a new cache, made by the
     * next start, and the old one goes. A tree of its own (without the 80 MB model jar, so the training
     * run's embed fails at once and the test stays short), as the test touches a jar.
     * {@code -XX:AOTMode=on} makes the JVM fail rather than start without the cache.
     */
    @Test
    void aRebuiltJarGetsANewAotCacheAndNoNoise() throws Exception {
        Path tree = treeWithoutTheModel();
        Map<String, String> env = Map.of("FERRITE_FIXTURES", dir.resolve("no-fixtures").toString(),
                "FERRITE_JAVA_OPTS", "-XX:AOTMode=on");
        Run first = ferrite(tree, env, "", "--version");
        assertThat(first.err()).isEmpty();
        assertThat(first.status()).isZero();
        assertThat(first.out()).startsWith("ferrite ");
        Path before = theOnlyCache(tree);

        Path jar = tree.resolve("cli/target/ferrite-cli.jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));
        Run second = ferrite(tree, env, "", "--version");
        assertThat(second.err()).isEmpty();
        assertThat(second.status()).isZero();
        assertThat(theOnlyCache(tree)).isNotEqualTo(before);
    }

    /** A tree where the AOT cache cannot be written starts without it, quietly. */
    @Test
    void anUnwritableCacheDirectoryMeansNoCacheAndNoNoise() throws Exception {
        Path tree = treeWithoutTheModel();
        Files.writeString(tree.resolve("cli/target/aot"), "a file where the cache directory would be");
        Run r = ferrite(tree, Map.of("FERRITE_FIXTURES", dir.resolve("no-fixtures").toString()), "", "--version");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("ferrite ");
    }

    /** The launcher and the CLI's jars, the model jar left out, in a directory of the test's. */
    private Path treeWithoutTheModel() throws IOException {
        Path tree = dir.resolve("tree");
        for (String file : List.of("ferrite", "cli/jvm.sh", ".mvn/wrapper/find-java.sh", "cli/target/ferrite-cli.jar")) {
            Files.createDirectories(tree.resolve(file).getParent());
            Files.copy(root.resolve(file), tree.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path lib = Files.createDirectories(tree.resolve("cli/target/lib"));
        try (Stream<Path> jars = Files.list(root.resolve("cli/target/lib"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().startsWith("langchain4j-embeddings")).toList()) {
                Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return tree;
    }

    private static Path theOnlyCache(Path tree) throws IOException {
        try (Stream<Path> files = Files.list(tree.resolve("cli/target/aot"))) {
            List<Path> caches = files.filter(f -> f.getFileName().toString().endsWith(".aot")).toList();
            assertThat(caches).as("AOT caches").hasSize(1);
            return caches.getFirst();
        }
    }
}
