package dev.mlops.drift.stats;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Regenerates the samples of src/test/python/drift_reference.py bit for bit: SplitMix64 uniforms
 * in [0, 1) with 53 random bits, transformed with exact IEEE operations only.
 */
public final class SampleGenerator {

    private SampleGenerator() {
    }

    /**
     * Generates the sample described by a JSON node {seed, n, kind, scale, shift}.
     *
     * @param gen the generator parameters
     * @return the sample, in generation order
     */
    public static double[] sample(JsonNode gen) {
        return sample(gen.get("seed").asLong(), gen.get("n").asInt(), gen.get("kind").asText(),
            gen.get("scale").asDouble(), gen.get("shift").asDouble());
    }

    /**
     * Generates a sample.
     *
     * @param seed  SplitMix64 seed
     * @param n     number of values
     * @param kind  uniform, sum3 (bell-shaped sum of three uniforms) or int (floor(u * scale), ties)
     * @param scale multiplier
     * @param shift added last
     * @return the sample
     */
    public static double[] sample(long seed, int n, String kind, double scale, double shift) {
        int per = kind.equals("sum3") ? 3 : 1;
        double[] u = new double[n * per];
        long state = seed;
        for (int i = 0; i < u.length; i++) {
            state += 0x9E3779B97F4A7C15L;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            u[i] = (z >>> 11) * 0x1.0p-53;
        }
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            switch (kind) {
                case "uniform" -> out[i] = u[i] * scale + shift;
                case "sum3" -> out[i] = ((u[3 * i] + u[3 * i + 1]) + u[3 * i + 2]) * scale + shift;
                case "int" -> out[i] = Math.floor(u[i] * scale) + shift;
                default -> throw new IllegalArgumentException("unknown kind " + kind);
            }
        }
        return out;
    }
}
