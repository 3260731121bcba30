package dev.mlops.drift;

/**
 * A category (or token) and how often it occurs.
 *
 * @param value the category or token
 * @param count occurrences, positive
 */
public record CategoryCount(String value, long count) {
}
