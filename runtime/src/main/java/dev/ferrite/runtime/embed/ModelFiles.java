package dev.ferrite.runtime.embed;

import dev.ferrite.runtime.ModelException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of one embedding model, found but not yet interpreted: the ONNX model (a file, or
 * bytes read out of a jar), the tokenizer.json text, and the optional sentence-transformers and
 * Hugging Face configs. Where the files come from:
 * <ul>
 *   <li>a directory in the Hugging Face layout: {@code tokenizer.json}, {@code model.onnx} or
 *       {@code onnx/model.onnx}, {@code config.json}, {@code 1_Pooling/config.json},
 *       {@code sentence_bert_config.json};</li>
 *   <li>an {@code .onnx} file, with {@code tokenizer.json} or {@code <name>-tokenizer.json} beside it
 *       (or one directory up when the file sits in {@code onnx/});</li>
 *   <li>a jar or zip holding one {@code .onnx} and its tokenizer.json (the LangChain4j model jars:
 *       {@code <name>.onnx} and {@code <name>-tokenizer.json}), read as a zip file: no class in it is
 *       ever loaded;</li>
 *   <li>classpath resources {@code <name>.onnx} and {@code <name>-tokenizer.json}, as bytes.</li>
 * </ul>
 *
 * @param source        how messages name the model (a path, {@code jar!/entry}, {@code classpath:name})
 * @param onnxFile      the ONNX file, or null when the model is read as bytes ({@link #onnxBytes})
 * @param onnxReader    reads (or maps) the ONNX model when asked, or null when it is {@link #onnxFile}: a
 *                      load that finds the model prepared before ({@link EncoderCache}) never reads it
 * @param identity      what the ONNX content is, for {@link EncoderCache}; null when unknown
 * @param tokenizerJson the tokenizer.json bytes (UTF-8, which the tokenizer's parser checks, decoding only its
 *                      strings); {@code tokenizerSource} names it
 * @param poolingConfig sentence-transformers' 1_Pooling/config.json text, or null
 * @param stConfig      sentence_bert_config.json text, or null
 * @param hfConfig      config.json text, or null
 */
record ModelFiles(String source, Path onnxFile, OnnxReader onnxReader, OnnxIdentity identity, String onnxName,
        byte[] tokenizerJson, String tokenizerSource, String poolingConfig, String stConfig, String hfConfig) {

    /** Reads the ONNX model of a jar entry or classpath resource, which is no file of its own. */
    interface OnnxReader {
        /**
         * The model's bytes. With {@code extract}, a jar entry is mapped from the cache's extracted copy,
         * which is written first when missing; without, the copy is mapped only when it is there whole,
         * else the entry is inflated into memory and nothing is written (for a load that writes the
         * prepared encoder: later loads map that, not the model). Bytes held in memory, else.
         */
        ByteBuffer read(boolean extract);

        /**
         * Writes the cache's extracted copy from {@code bytes} that {@link #read read(false)} inflated
         * into memory (nothing for bytes it mapped, or with no cache): for a model later loads must
         * read again, as no prepared encoder was written for it.
         */
        void keep(ByteBuffer bytes);
    }

    /**
     * The ONNX model's bytes (see {@link OnnxReader#read}); for a model given as {@link #onnxFile}, null.
     */
    ByteBuffer onnxBytes(boolean extract) {
        return onnxReader == null ? null : onnxReader.read(extract);
    }

    /**
     * How messages about the ONNX model name it: its file's path, or {@link #source} ({@code jar!/entry},
     * {@code classpath:name}) for a model read as bytes. The same for a prepared encoder read instead.
     */
    String onnxSource() {
        return onnxFile != null ? onnxFile.toString() : source;
    }

    /** See {@link OnnxReader#keep}; nothing for a model given as {@link #onnxFile}. */
    void keepExtracted(ByteBuffer bytes) {
        if (onnxReader != null) onnxReader.keep(bytes);
    }

    static ModelFiles resolve(Path path, ModelCache cache) {
        if (Files.isDirectory(path)) {
            return directory(path);
        }
        if (!Files.exists(path)) {
            throw new ModelException(path + ": no such model file or directory");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jar") || name.endsWith(".zip")) {
            return archive(path, cache);
        }
        if (!name.endsWith(".onnx")) {
            throw new ModelException(path + ": not a model: a directory (tokenizer.json and model.onnx), an .onnx file or a "
                    + ".jar/.zip that bundles both is expected");
        }
        return onnxFile(path);
    }

    private static ModelFiles directory(Path dir) {
        Path onnx = dir.resolve("model.onnx");
        if (!Files.isRegularFile(onnx)) {
            onnx = dir.resolve("onnx").resolve("model.onnx");
        }
        if (!Files.isRegularFile(onnx)) {
            throw new ModelException(dir + ": no model.onnx or onnx/model.onnx in the model directory");
        }
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizer)) {
            throw new ModelException(dir + ": no tokenizer.json in the model directory");
        }
        return new ModelFiles(dir.toString(), onnx, null, OnnxIdentity.of(onnx), onnx.getFileName().toString(), bytes(tokenizer),
                tokenizer.toString(), optText(dir.resolve("1_Pooling").resolve("config.json")),
                optText(dir.resolve("sentence_bert_config.json")), optText(dir.resolve("config.json")));
    }

    private static ModelFiles onnxFile(Path onnx) {
        Path dir = onnx.toAbsolutePath().getParent();
        String base = stripSuffix(onnx.getFileName().toString(), ".onnx");
        List<Path> candidates = new ArrayList<>(List.of(dir.resolve(base + "-tokenizer.json"), dir.resolve("tokenizer.json")));
        Path home = dir;
        if (dir.getFileName() != null && dir.getFileName().toString().equals("onnx") && dir.getParent() != null) {
            home = dir.getParent(); // the Hugging Face layout's onnx/model.onnx: the rest is one level up
            candidates.add(home.resolve("tokenizer.json"));
        }
        Path tokenizer = candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() ->
                new ModelException(onnx + ": no tokenizer.json (or " + base + "-tokenizer.json) beside the model"));
        return new ModelFiles(onnx.toString(), onnx, null, OnnxIdentity.of(onnx), onnx.getFileName().toString(), bytes(tokenizer),
                tokenizer.toString(), optText(home.resolve("1_Pooling").resolve("config.json")),
                optText(home.resolve("sentence_bert_config.json")), optText(home.resolve("config.json")));
    }

    private static ModelFiles archive(Path jar, ModelCache cache) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> models = onnxEntries(zip);
            if (models.size() != 1) {
                throw new ModelException(jar + ": expected one .onnx file in the archive, found "
                        + (models.isEmpty() ? "none" : models.stream().map(ZipEntry::getName).toList()));
            }
            ZipEntry model = models.getFirst();
            String name = model.getName();
            String prefix = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
            String base = stripSuffix(name.substring(prefix.length()), ".onnx");
            ZipEntry tokenizer = zip.getEntry(prefix + base + "-tokenizer.json");
            if (tokenizer == null) {
                tokenizer = zip.getEntry(prefix + "tokenizer.json");
            }
            if (tokenizer == null) {
                throw new ModelException(jar + ": no " + prefix + base + "-tokenizer.json or " + prefix
                        + "tokenizer.json beside " + name + " in the archive");
            }
            String tokenizerSource = jar + "!/" + tokenizer.getName();
            return new ModelFiles(jar + "!/" + name, null, new JarEntryReader(jar, model, cache), OnnxIdentity.of(model), name.substring(prefix.length()),
                    bytes(zip, tokenizer, jar), tokenizerSource,
                    optEntry(zip, prefix + "1_Pooling/config.json", jar), optEntry(zip, prefix + "sentence_bert_config.json", jar),
                    optEntry(zip, prefix + "config.json", jar));
        } catch (ZipException e) {
            throw new ModelException(jar + ": not a readable jar or zip file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new ModelException(jar + ": cannot read: " + e, e);
        }
    }

    /** The {@code .onnx} files of an archive (a model jar holds exactly one). */
    static List<ZipEntry> onnxEntries(ZipFile zip) {
        List<ZipEntry> models = new ArrayList<>();
        for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
            ZipEntry entry = e.nextElement();
            if (!entry.isDirectory() && entry.getName().toLowerCase(Locale.ROOT).endsWith(".onnx")) {
                models.add(entry);
            }
        }
        return models;
    }

    /**
     * The model {@code <name>.onnx} + {@code <name>-tokenizer.json} read as resources of {@code loader}
     * (the bytes only; nothing is loaded as a class), or null when {@code <name>.onnx} is not there.
     */
    static ModelFiles classpath(ClassLoader loader, String name, ModelCache cache) {
        JarResource jarred = jarResource(loader, name + ".onnx", cache);
        OnnxReader onnx;
        if (jarred != null) {
            onnx = new JarEntryReader(jarred.jar(), jarred.entry(), cache);
        } else {
            byte[] bytes = resource(loader, name + ".onnx");
            if (bytes == null) {
                return null;
            }
            onnx = new OnnxReader() {
                @Override
                public ByteBuffer read(boolean extract) {
                    return ByteBuffer.wrap(bytes);
                }

                @Override
                public void keep(ByteBuffer read) {
                    // a resource outside a jar file is not cached
                }
            };
        }
        byte[] tokenizer = resource(loader, name + "-tokenizer.json");
        if (tokenizer == null) {
            throw new ModelException("classpath:" + name + ".onnx: no " + name + "-tokenizer.json beside it on the classpath");
        }
        String tokenizerSource = "classpath:" + name + "-tokenizer.json";
        return new ModelFiles("classpath:" + name + ".onnx", null, onnx, jarred == null ? null : jarred.identity(), name + ".onnx",
                tokenizer, tokenizerSource, null, null, null);
    }

    /** A classpath resource found in a jar file: which jar, which entry, and what the entry is. */
    private record JarResource(Path jar, ZipEntry entry, OnnxIdentity identity) {
    }

    /**
     * A resource that lies in a jar file on the classpath, to be read through the cache as {@link
     * #archive} reads it; null when it is elsewhere (a directory, a nested jar) or the cache is off.
     */
    private static JarResource jarResource(ClassLoader loader, String name, ModelCache cache) {
        URL url = loader.getResource(name);
        if (url == null || !url.getProtocol().equals("jar") || cache.directory().isEmpty()) {
            return null;
        }
        String spec = url.toString(); // jar:file:/.../x.jar!/name
        int bang = spec.indexOf("!/");
        if (!spec.startsWith("jar:file:") || bang < 0 || spec.indexOf("!/", bang + 2) >= 0) {
            return null;
        }
        Path jar;
        try {
            jar = Path.of(URI.create(spec.substring("jar:".length(), bang)));
        } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            return null;
        }
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(spec.substring(bang + 2));
            return entry == null ? null : new JarResource(jar, entry, OnnxIdentity.of(entry));
        } catch (IOException e) {
            return null; // read as a resource stream instead, which reports its own errors
        }
    }

    private static byte[] resource(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new ModelException("classpath:" + name + ": cannot read: " + e, e);
        }
    }

    /**
     * The .onnx entry {@code entry} of {@code jar}, read through {@code cache} (see {@link OnnxReader#read}):
     * either way the parse reads it in place (see OnnxImporter).
     */
    private record JarEntryReader(Path jar, ZipEntry entry, ModelCache cache) implements OnnxReader {
        @Override
        public ByteBuffer read(boolean extract) {
            String source = jar + "!/" + entry.getName();
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry now = zip.getEntry(entry.getName());
                if (now == null) throw new ModelException(source + ": no longer in the archive");
                ByteBuffer mapped = extract ? cache.map(zip, now, source) : cache.mapped(now);
                if (mapped != null) return mapped;
                // Inflated from the mapped jar where the archive allows (on two threads when large: see
                // EntryInflater), else streamed through ZipFile.
                byte[] inflated = EntryInflater.inflate(jar, now, source);
                return ByteBuffer.wrap(inflated != null ? inflated : bytes(zip, now, jar));
            } catch (ZipException e) {
                throw new ModelException(jar + ": not a readable jar or zip file (" + e.getMessage() + ")", e);
            } catch (IOException e) {
                throw new ModelException(jar + ": cannot read: " + e, e);
            }
        }

        @Override
        public void keep(ByteBuffer bytes) {
            if (!bytes.isDirect()) cache.keep(entry, bytes, jar + "!/" + entry.getName());
        }
    }

    private static byte[] bytes(ZipFile zip, ZipEntry entry, Path jar) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            long size = entry.getSize();
            if (size >= 0 && size <= Integer.MAX_VALUE - 8) {
                // The size the jar states: inflated straight into one array (readNBytes(int) would read
                // chunks of 16 KB and copy them into one at the end: twice the model, and a copy).
                byte[] all = new byte[(int) size];
                int read = in.readNBytes(all, 0, all.length);
                if (read != size || in.read() != -1) {
                    throw ArchiveErrors.sizeDiffers(jar + "!/" + entry.getName(), size, read < size ? read : size + 1);
                }
                checkCrc(all, entry, jar);
                return all;
            }
            return in.readAllBytes();
        } catch (ZipException e) {
            throw ArchiveErrors.unreadable(jar + "!/" + entry.getName(), e);
        }
    }

    /** Fails when {@code content}, read from {@code entry}, does not have the CRC-32 the jar's directory states. */
    private static void checkCrc(byte[] content, ZipEntry entry, Path jar) {
        // The inflater does not check the CRC-32; a few milliseconds for a 90 MB model.
        CRC32 crc = new CRC32();
        crc.update(content);
        if (entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
            throw ArchiveErrors.crcDiffers(jar + "!/" + entry.getName());
        }
    }

    private static String optEntry(ZipFile zip, String name, Path jar) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        return entry == null ? null : decode(bytes(zip, entry, jar), jar + "!/" + name);
    }

    private static String text(Path file) {
        return decode(bytes(file), file.toString());
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelException(file + ": cannot read: " + e, e);
        }
    }

    private static String optText(Path file) {
        return Files.isRegularFile(file) ? text(file) : null;
    }

    private static String decode(byte[] bytes, String source) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ModelException(source + ": not valid UTF-8", e);
        }
    }

    /** {@code s} without {@code suffix} at its end (compared ignoring case), or as it is. */
    static String stripSuffix(String s, String suffix) {
        return s.toLowerCase(Locale.ROOT).endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
    }
}
