package dev.mlops.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded splits. {@link Random} is used because its sequence for a seed is fixed by its
 * specification, so a split is the same on every JVM and machine.
 */
final class Splitter {

    private Splitter() {
    }

    static Split split(Dataset data, SplitSpec spec, boolean withValidation, int[] fixedTest) {
        boolean stratify = data.task() == Task.CLASSIFICATION && !Boolean.FALSE.equals(spec.stratify());
        if (Boolean.TRUE.equals(spec.stratify()) && data.task() != Task.CLASSIFICATION) {
            throw new DataException(data.source() + ": split.stratify applies to classification only");
        }
        Random random = new Random(spec.seed());
        int[] rest;
        int[] test;
        if (fixedTest != null) {
            test = fixedTest.clone();
            rest = new int[data.size() - fixedTest.length];
            for (int i = 0; i < rest.length; i++) {
                rest[i] = i;
            }
        } else {
            int[][] parts = divide(data, all(data.size()), spec.testFraction(), stratify, random, "test");
            rest = parts[0];
            test = parts[1];
        }
        int[] validation = new int[0];
        int[] train = rest;
        if (withValidation) {
            int[][] parts = divide(data, rest, spec.validationFraction(), stratify, random, "validation");
            train = parts[0];
            validation = parts[1];
        }
        if (train.length == 0) {
            throw new DataException(data.source() + ": no training rows left after the split (" + data.size() + " rows)");
        }
        if (test.length == 0) {
            throw new DataException(data.source() + ": the test part is empty (" + data.size()
                    + " rows, test_fraction " + spec.testFraction() + "); add rows or raise split.test_fraction");
        }
        return new Split(train, validation, test);
    }

    /** Returns {kept, held out}, each in ascending row order. */
    private static int[][] divide(Dataset data, int[] rows, double fraction, boolean stratify, Random random, String part) {
        List<int[]> groups = new ArrayList<>();
        if (stratify) {
            Map<String, List<Integer>> byLabel = new TreeMap<>();
            for (int row : rows) {
                byLabel.computeIfAbsent(data.label(row), k -> new ArrayList<>()).add(row);
            }
            for (Map.Entry<String, List<Integer>> e : byLabel.entrySet()) {
                if (e.getValue().size() < 2) {
                    throw new DataException(data.source() + ":" + data.rowId(e.getValue().get(0)) + ": class '" + e.getKey()
                            + "' has only 1 example, so a stratified " + part + " split cannot place it in both parts;"
                            + " add examples, remove the class, or set split.stratify: false");
                }
                groups.add(e.getValue().stream().mapToInt(Integer::intValue).toArray());
            }
        } else {
            groups.add(rows.clone());
        }
        int[] kept = new int[rows.length];
        int[] held = new int[rows.length];
        int k = 0;
        int h = 0;
        for (int[] group : groups) {
            shuffle(group, random);
            int take = (int) Math.round(group.length * fraction);
            if (stratify) {
                take = Math.max(1, Math.min(group.length - 1, take));
            }
            for (int i = 0; i < group.length; i++) {
                if (i < take) {
                    held[h++] = group[i];
                } else {
                    kept[k++] = group[i];
                }
            }
        }
        int[] keptRows = Arrays.copyOf(kept, k);
        int[] heldRows = Arrays.copyOf(held, h);
        Arrays.sort(keptRows);
        Arrays.sort(heldRows);
        return new int[][] {keptRows, heldRows};
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] all(int n) {
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        return rows;
    }
}
