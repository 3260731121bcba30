package dev.mlops.features;

import java.util.Arrays;

/**
 * The sparse model input for one record: feature names and their values, in the order the
 * encoders produced them. Features not listed are zero.
 *
 * @param names  feature names, unique
 * @param values values, parallel to {@code names}
 */
public record FeatureVector(String[] names, double[] values) {

    /** @return the number of non-listed-as-zero features */
    public int size() {
        return names.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureVector v && Arrays.equals(names, v.names) && Arrays.equals(values, v.values);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(names[i]).append('=').append(values[i]);
        }
        return sb.append('}').toString();
    }
}
