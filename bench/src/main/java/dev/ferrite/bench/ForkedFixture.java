package dev.ferrite.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fixture tokenizer of {@link CompareTokenizers} in a child JVM of its own. The parent starts
 * the child with its own JVM flags ({@link java.lang.management.RuntimeMXBean#getInputArguments()}:
 * heap size, native access, {@code -XX} options...) and class path, and the options of the run
 * narrowed to that one fixture plus {@code --child}. The child runs as an unforked run would, then
 * {@linkplain #report reports} its rows, load lines and problems on standard output as tagged,
 * tab-separated lines; the parent relays every other line (the progress lines) as they come and
 * folds the tagged ones into its own lists. Doubles travel as {@link Double#toString}, so the
 * parent prints the very figures the child measured.
 */
final class ForkedFixture {
    private static final String ROW = "@@compare-tokenizers-row";
    private static final String LOAD = "@@compare-tokenizers-load";
    private static final String PROBLEM = "@@compare-tokenizers-problem";
    /**
     * Set by {@code bench/compare-tokenizers --launcher-jvm}: the class path of the {@code ./ferrite}
     * launcher, put before this JVM's in the child, so that Ferrite's classes come from the CLI's jars.
     */
    private static final String LAUNCHER_CLASSPATH = "ferrite.bench.child.classpath";
    /** With {@link #LAUNCHER_CLASSPATH}: the launcher's AOT cache for that class path, or empty for none. */
    private static final String LAUNCHER_AOT_CACHE = "ferrite.bench.child.aot-cache";

    private ForkedFixture() {
    }

    /** How the children start, for the header of the run. */
    static String jvmDescription() {
        String cache = System.getProperty(LAUNCHER_AOT_CACHE, "");
        if (System.getProperty(LAUNCHER_CLASSPATH) == null) return "children with this JVM's flags and class path, no AOT cache";
        return "children started as ./ferrite starts, " + (cache.isEmpty() ? "without an AOT cache"
                : "with its AOT cache " + Path.of(cache).getFileName());
    }

    /** In the child: what it measured, as the tagged lines {@link #run} reads. */
    static void report(CompareTokenizers run, PrintStream out) {
        for (CompareTokenizers.Row row : run.rows) {
            StringBuilder line = new StringBuilder(ROW).append('\t').append(row.tokenizer()).append('\t').append(row.corpus());
            row.mbps().forEach((who, mbps) -> line.append('\t').append(who).append('=').append(mbps)
                    .append('=').append(row.tokens().get(who)));
            out.println(line);
        }
        run.loads.forEach(l -> out.println(LOAD + '\t' + oneLine(l)));
        run.problems.forEach(p -> out.println(PROBLEM + '\t' + oneLine(p)));
        out.flush();
    }

    /**
     * In the parent: runs {@code fixture} in a child JVM with {@code options} (the run's own, narrowed
     * to the fixture), relays its progress lines to {@code out} and adds its rows, load lines and
     * problems to {@code run}'s. A child that dies or reports nothing is a problem of the run.
     */
    static void run(String fixture, List<String> options, CompareTokenizers run, PrintStream out) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        String launcherClasspath = System.getProperty(LAUNCHER_CLASSPATH);
        String cache = System.getProperty(LAUNCHER_AOT_CACHE, "");
        // As cli/jvm.sh: a cache the JVM refuses after all is left out quietly (its errors go to standard output).
        if (!cache.isEmpty()) command.addAll(List.of("-XX:AOTCache=" + cache, "-Xlog:aot=off"));
        command.add("-cp");
        command.add(launcherClasspath == null ? System.getProperty("java.class.path")
                : launcherClasspath + File.pathSeparator + System.getProperty("java.class.path"));
        command.add(CompareTokenizers.class.getName());
        command.add("--child");
        command.addAll(options);
        int rowsBefore = run.rows.size();
        try {
            Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            child.getOutputStream().close();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!take(line, run)) out.println(line);
                }
            }
            int status = child.waitFor();
            if (status != 0) run.problems.add(fixture + ": child JVM exited with status " + status);
            else if (run.rows.size() == rowsBefore) run.problems.add(fixture + ": child JVM reported no rows");
        } catch (IOException e) {
            run.problems.add(fixture + ": could not run a child JVM: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            run.problems.add(fixture + ": interrupted waiting for its child JVM");
        }
    }

    /** Folds a tagged line into {@code run}; false if {@code line} is not one. */
    private static boolean take(String line, CompareTokenizers run) {
        String[] f = line.split("\t", -1);
        switch (f[0]) {
            case ROW -> {
                Map<String, Double> mbps = new LinkedHashMap<>();
                Map<String, Long> tokens = new LinkedHashMap<>();
                for (int i = 3; i < f.length; i++) {
                    String[] c = f[i].split("=", -1);
                    mbps.put(c[0], Double.parseDouble(c[1]));
                    if (!c[2].equals("null")) tokens.put(c[0], Long.parseLong(c[2]));
                }
                run.rows.add(new CompareTokenizers.Row(f[1], f[2], mbps, tokens));
            }
            case LOAD -> run.loads.add(f[1]);
            case PROBLEM -> run.problems.add(f[1]);
            default -> {
                return false;
            }
        }
        return true;
    }

    private static String oneLine(String s) {
        return s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }
}
