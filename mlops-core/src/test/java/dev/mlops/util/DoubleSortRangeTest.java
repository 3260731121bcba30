package dev.mlops.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleSortRangeTest {

    @Test
    void sort_probabilitiesWithTiesZerosAndOnes_sameAsArraysSort() {
        SplittableRandom random = new SplittableRandom(7);
        double[] values = new double[50_000];
        for (int i = 0; i < values.length; i++) {
            switch (i % 5) {
                case 0 -> values[i] = random.nextInt(100) / 100.0; // ties
                case 1 -> values[i] = i % 2 == 0 ? 0.0 : 1.0;
                case 2 -> values[i] = Double.MIN_VALUE * random.nextInt(3); // subnormals
                default -> values[i] = random.nextDouble();
            }
        }
        double[] expected = values.clone();
        Arrays.sort(expected, 100, 40_100);
        double[] actual = values.clone();
        DoubleSort.sort(actual, 100, 40_100);
        assertArrayEquals(expected, actual);
    }

    @Test
    void sort_allEqualAndShortRanges_sameAsArraysSort() {
        double[] equal = new double[5000];
        Arrays.fill(equal, 0.25);
        double[] sorted = equal.clone();
        DoubleSort.sort(sorted, 0, sorted.length);
        assertArrayEquals(equal, sorted);
        double[] small = {0.5, 0.1, 0.9, 0.1};
        DoubleSort.sort(small, 0, 4);
        assertArrayEquals(new double[] {0.1, 0.1, 0.5, 0.9}, small);
    }

    @Test
    void sort_valuesDifferingOnlyInHighDigits_sameAsArraysSort() {
        // every low digit equal: the sort must skip those passes and still order by the high ones
        double[] values = new double[4096];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.scalb(1.0, -(i * 37 % 1000));
        }
        double[] expected = values.clone();
        Arrays.sort(expected);
        DoubleSort.sort(values, 0, values.length);
        assertArrayEquals(expected, values);
    }
}
