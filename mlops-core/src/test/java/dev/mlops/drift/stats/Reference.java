package dev.mlops.drift.stats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The values pinned from scipy by src/test/python/drift_reference.py. */
public final class Reference {

    private static JsonNode root;

    private Reference() {
    }

    public static synchronized JsonNode get(String section) {
        if (root == null) {
            try (InputStream in = Reference.class.getResourceAsStream("/drift/stats-reference.json")) {
                root = new ObjectMapper().enable(com.fasterxml.jackson.core.JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root.get(section);
    }

    public static double[] doubles(JsonNode array) {
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asDouble();
        }
        return out;
    }

    /** Asserts |actual - expected| <= rel * |expected| + abs. */
    public static void close(double expected, double actual, double rel, double abs, String what) {
        if (actual != expected && !(Math.abs(actual - expected) <= rel * Math.abs(expected) + abs)) {
            throw new AssertionError(what + ": expected " + expected + " but was " + actual
                + " (relative error " + Math.abs(actual - expected) / Math.abs(expected) + ")");
        }
    }
}
