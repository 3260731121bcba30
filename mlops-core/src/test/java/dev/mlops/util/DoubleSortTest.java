package dev.mlops.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DoubleSortTest {

    @Test
    void sort_ordersLikeArraysSort_includingSignsZerosInfinitiesAndTies() {
        SplittableRandom r = new SplittableRandom(3);
        double[] a = new double[50_000];
        for (int i = 0; i < a.length; i++) {
            a[i] = switch (i % 7) {
                case 0 -> -r.nextDouble() * 1e300;
                case 1 -> r.nextInt(10);
                case 2 -> -0.0;
                case 3 -> 0.0;
                case 4 -> i % 2 == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
                case 5 -> Double.MIN_VALUE * r.nextInt(5) * (i % 3 == 0 ? -1 : 1);
                default -> r.nextGaussian();
            };
        }
        double[] expected = a.clone();
        Arrays.sort(expected);
        DoubleSort.sort(a);
        assertArrayEquals(expected, a);
    }

    @Test
    void sort_smallAndSameExponentArrays() {
        double[] small = {3, -1, 2};
        DoubleSort.sort(small);
        assertArrayEquals(new double[] {-1, 2, 3}, small);
        double[] same = new double[10_000];
        Arrays.fill(same, 1.5);
        DoubleSort.sort(same);
        assertArrayEquals(new double[10_000], Arrays.stream(same).map(x -> x - 1.5).toArray());
    }
}
