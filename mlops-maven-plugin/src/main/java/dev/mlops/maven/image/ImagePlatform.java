package dev.mlops.maven.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The operating system and CPU architecture an image is built for. It selects the base image
 * variant from a multi-platform registry base and decides which native libraries bundled in
 * dependency jars are kept (see {@link NativeJarFilter}).
 */
public enum ImagePlatform {
    /** Linux on x86-64 ({@code linux/amd64}), the default. */
    LINUX_AMD64("linux", "amd64"),
    /** Linux on 64-bit ARM ({@code linux/arm64}). */
    LINUX_ARM64("linux", "arm64");

    private final String os;
    private final String architecture;

    ImagePlatform(String os, String architecture) {
        this.os = os;
        this.architecture = architecture;
    }

    /** @return the operating system in OCI spelling, e.g. {@code linux} */
    public String os() {
        return os;
    }

    /** @return the architecture in OCI spelling, e.g. {@code amd64} */
    public String architecture() {
        return architecture;
    }

    /** @return {@code os/architecture}, e.g. {@code linux/amd64} */
    @Override
    public String toString() {
        return os + "/" + architecture;
    }

    /**
     * Parses {@code os/architecture} as written in a POM or on the command line.
     *
     * @param text e.g. {@code linux/amd64} or {@code linux/arm64} (case-insensitive)
     * @return the platform
     * @throws IllegalArgumentException when the text names no supported platform
     */
    public static ImagePlatform parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ImagePlatform platform : values()) {
            if (platform.toString().equals(wanted)) {
                return platform;
            }
        }
        throw new IllegalArgumentException("unsupported image platform '" + text + "'; valid: "
                + Arrays.stream(values()).map(ImagePlatform::toString).collect(Collectors.joining(", ")));
    }
}
