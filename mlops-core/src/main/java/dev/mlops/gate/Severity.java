package dev.mlops.gate;

import java.util.Locale;

/** What a failing gate does to the build. */
public enum Severity {
    /** A failure fails the build (the default). */
    BLOCK,
    /** A failure is reported but does not fail the build. */
    WARN;

    /** @return the name used in spec files and reports: {@code block} or {@code warn} */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param name {@code block}, {@code warn} or {@code null} (block)
     * @return the severity
     */
    static Severity fromSpec(String name) {
        return "warn".equals(name) ? WARN : BLOCK;
    }
}
