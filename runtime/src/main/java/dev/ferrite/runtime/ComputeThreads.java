package dev.ferrite.runtime;

/**
 * How many platform threads an engine may compute on: the system property {@value #PROPERTY}
 * when set (a whole number, 1 or more), else the machine's available processors.
 *
 * <p>Engines read it when they are created, so set it before loading a model; a later change does
 * not resize an engine that exists. The CLI's {@code --threads} options and the side-by-side
 * benchmarks set it. The scalar reference executor computes on the calling thread and ignores it.
 */
public final class ComputeThreads {
    /** The system property holding the thread count. */
    public static final String PROPERTY = "ferrite.threads";

    private ComputeThreads() {
    }

    /**
     * The configured thread count.
     *
     * @throws ModelException when the property is set to anything but a whole number of 1 or more
     */
    public static int configured() {
        String value = System.getProperty(PROPERTY);
        if (value == null || value.isBlank()) return Runtime.getRuntime().availableProcessors();
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ModelException("system property " + PROPERTY + " must be a whole number of 1 or more, not '" + value + "'");
    }
}
