package dev.mlops.drift;

/**
 * Bounds on what a {@link ReferenceProfile} keeps, so its size does not grow with the training set.
 *
 * @param sampleSize    values kept per numeric feature (seeded uniform sample) for KS and Wasserstein
 * @param maxCategories categories kept per categorical feature, most frequent first
 * @param maxTokens     tokens kept per text feature, most frequent first
 * @param seed          seed of the sample; the same data and seed give the same profile
 */
public record ProfileOptions(int sampleSize, int maxCategories, int maxTokens, long seed) {

    /** Default sample size: 10,000 values per numeric feature. */
    public static final int DEFAULT_SAMPLE_SIZE = 10_000;

    /** Validates the bounds. */
    public ProfileOptions {
        if (sampleSize < 1) {
            throw new IllegalArgumentException("sampleSize must be at least 1, got " + sampleSize);
        }
        if (maxCategories < 1) {
            throw new IllegalArgumentException("maxCategories must be at least 1, got " + maxCategories);
        }
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be at least 1, got " + maxTokens);
        }
    }

    /**
     * 10,000 sampled values per numeric feature, 1,000 categories, 1,000 tokens, seed 42.
     *
     * @return the defaults
     */
    public static ProfileOptions defaults() {
        return new ProfileOptions(DEFAULT_SAMPLE_SIZE, 1_000, 1_000, 42);
    }

    /**
     * These options with another sample size.
     *
     * @param size values kept per numeric feature
     * @return new options
     */
    public ProfileOptions withSampleSize(int size) {
        return new ProfileOptions(size, maxCategories, maxTokens, seed);
    }

    /**
     * These options with another seed.
     *
     * @param newSeed the sampling seed
     * @return new options
     */
    public ProfileOptions withSeed(long newSeed) {
        return new ProfileOptions(sampleSize, maxCategories, maxTokens, newSeed);
    }
}
