package dev.mlops.serving;

import java.time.Instant;

/**
 * The model a server is serving.
 *
 * @param name     the model name
 * @param version  the model version
 * @param source   where it was loaded from, or {@code null} when it was handed over in code
 * @param loadedAt when it started taking traffic
 */
public record ModelInfo(String name, String version, String source, Instant loadedAt) {
}
