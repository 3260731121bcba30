package dev.mlops.features;

import java.util.Arrays;

/** Collects the features of one record. Not thread-safe; one per record. */
public final class FeatureSink {

    private String[] names = new String[16];
    private double[] values = new double[16];
    private int size;

    /**
     * Adds a feature.
     *
     * @param name  the feature name
     * @param value its value
     */
    public void add(String name, double value) {
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        size++;
    }

    /** @return the collected features */
    public FeatureVector toVector() {
        return new FeatureVector(Arrays.copyOf(names, size), Arrays.copyOf(values, size));
    }
}
