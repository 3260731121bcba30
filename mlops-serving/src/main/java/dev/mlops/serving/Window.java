package dev.mlops.serving;

import dev.mlops.serving.ServedModel.InputField;
import dev.mlops.serving.ServedModel.Kind;
import dev.mlops.serving.ServedModel.Result;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one deployment has scored: running totals since it went live (for Prometheus counters) and
 * a sliding window of the most recent records (for shares, mean confidence and drift). One lock
 * guards both; adding a record is a few array writes.
 */
final class Window {

    /** Upper bounds of the regression value histogram: decades on both sides of zero. */
    static final double[] VALUE_BUCKETS;

    static {
        List<Double> b = new ArrayList<>();
        for (int e = 9; e >= -2; e--) {
            b.add(-Math.pow(10, e));
        }
        b.add(0.0);
        for (int e = -2; e <= 9; e++) {
            b.add(Math.pow(10, e));
        }
        VALUE_BUCKETS = b.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private final ServedModel model;
    private final List<InputField> fields;
    private final int capacity;
    private final int classes;

    // the sliding window, a ring of `capacity` slots
    private final int[] label;
    private final double[] confidence;
    private final double[] value;
    private final Object[][] inputs;        // [field][slot]: Double or String as accepted, or null
    private final boolean[][] outOfRange;   // [field][slot]
    private int next;
    private int size;

    // totals since the deployment went live
    private long records;
    private final long[] classTotals;
    private final long[] outOfRangeTotals;
    private double confidenceSum;
    private long confidenceCount;
    private final long[] valueBuckets = new long[VALUE_BUCKETS.length + 1];
    private double valueSum;

    Window(ServedModel model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("monitoring window must hold at least 1 record, got " + capacity);
        }
        this.model = model;
        this.fields = model.inputs();
        this.capacity = capacity;
        this.classes = model.labels().size();
        this.label = new int[capacity];
        this.confidence = new double[capacity];
        this.value = new double[capacity];
        this.inputs = new Object[fields.size()][capacity];
        this.outOfRange = new boolean[fields.size()][capacity];
        this.classTotals = new long[classes];
        this.outOfRangeTotals = new long[fields.size()];
    }

    /**
     * Records scored records.
     *
     * @param batch   the records, as accepted by the model
     * @param results their results, parallel
     */
    synchronized void add(List<Map<String, Object>> batch, List<Result> results) {
        for (int i = 0; i < batch.size(); i++) {
            add(batch.get(i), results.get(i));
        }
    }

    /**
     * Records one scored record.
     *
     * @param record the record as accepted by the model
     * @param result its result
     */
    synchronized void add(Map<String, Object> record, Result result) {
        int slot = next;
        next = (next + 1) % capacity;
        size = Math.min(size + 1, capacity);
        records++;
        for (int f = 0; f < fields.size(); f++) {
            InputField field = fields.get(f);
            Object v = record.get(field.name());
            boolean oor = field.outOfRange(v);
            inputs[f][slot] = field.kind() == Kind.NUMERIC && v instanceof Number n ? (Object) n.doubleValue()
                    : v instanceof String s ? s.strip() : v == null ? null : String.valueOf(v);
            outOfRange[f][slot] = oor;
            if (oor) {
                outOfRangeTotals[f]++;
            }
        }
        label[slot] = result.label();
        confidence[slot] = result.confidence();
        value[slot] = result.value();
        if (result.label() >= 0) {
            classTotals[result.label()]++;
        }
        if (!Double.isNaN(result.confidence())) {
            confidenceSum += result.confidence();
            confidenceCount++;
        }
        if (classes == 0) {
            int b = Arrays.binarySearch(VALUE_BUCKETS, result.value());
            valueBuckets[b >= 0 ? b : -b - 1]++;
            valueSum += result.value();
        }
    }

    /**
     * A consistent copy of the window and totals, with drift scores computed outside the lock.
     *
     * @return the snapshot
     */
    Snapshot snapshot() {
        Map<String, double[]> numeric = new LinkedHashMap<>();
        Map<String, String[]> categorical = new LinkedHashMap<>();
        Snapshot s;
        synchronized (this) {
            int[] classCounts = new int[classes];
            double confSum = 0;
            int confN = 0;
            double vSum = 0;
            double vMin = Double.POSITIVE_INFINITY;
            double vMax = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < size; i++) {
                if (label[i] >= 0) {
                    classCounts[label[i]]++;
                }
                if (!Double.isNaN(confidence[i])) {
                    confSum += confidence[i];
                    confN++;
                }
                if (classes == 0) {
                    vSum += value[i];
                    vMin = Math.min(vMin, value[i]);
                    vMax = Math.max(vMax, value[i]);
                }
            }
            int[] oorCounts = new int[fields.size()];
            for (int f = 0; f < fields.size(); f++) {
                for (int i = 0; i < size; i++) {
                    if (outOfRange[f][i]) {
                        oorCounts[f]++;
                    }
                }
                InputField field = fields.get(f);
                if (field.kind() == Kind.NUMERIC) {
                    double[] v = new double[size];
                    int n = 0;
                    for (int i = 0; i < size; i++) {
                        if (inputs[f][i] instanceof Double d) {
                            v[n++] = d;
                        }
                    }
                    numeric.put(field.name(), Arrays.copyOf(v, n));
                } else if (field.kind() == Kind.CATEGORICAL) {
                    String[] v = new String[size];
                    int n = 0;
                    for (int i = 0; i < size; i++) {
                        if (inputs[f][i] instanceof String str) {
                            v[n++] = str;
                        }
                    }
                    categorical.put(field.name(), Arrays.copyOf(v, n));
                }
            }
            s = new Snapshot(capacity, size, records, classCounts, classTotals.clone(),
                    confN == 0 ? Double.NaN : confSum / confN, confidenceSum, confidenceCount,
                    size == 0 || classes > 0 ? Double.NaN : vSum / size, size == 0 ? Double.NaN : vMin,
                    size == 0 ? Double.NaN : vMax, valueBuckets.clone(), valueSum, oorCounts, outOfRangeTotals.clone(),
                    List.of());
        }
        DriftReference reference = model.reference();
        List<DriftReference.Score> drift = reference == null || s.size() == 0 ? List.of()
                : reference.score(numeric, categorical);
        return s.withDrift(drift);
    }

    /**
     * The window and totals at one moment.
     *
     * @param capacity            window capacity
     * @param size                records in the window
     * @param records             records scored since the deployment went live
     * @param classCounts         predicted classes in the window, in label order
     * @param classTotals         predicted classes since going live
     * @param meanConfidence      mean top-class probability in the window (NaN without probabilities)
     * @param confidenceSum       sum of top-class probabilities since going live
     * @param confidenceCount     how many predictions had probabilities since going live
     * @param meanValue           mean regression value in the window (NaN for classifiers)
     * @param minValue            smallest regression value in the window
     * @param maxValue            largest regression value in the window
     * @param valueBuckets        regression values per {@link #VALUE_BUCKETS} bucket (last: above all), since going live
     * @param valueSum            sum of regression values since going live
     * @param outOfRange          records in the window with the input field outside training, per field
     * @param outOfRangeTotals    the same since going live
     * @param drift               drift scores of the window against the training data
     */
    record Snapshot(int capacity, int size, long records, int[] classCounts, long[] classTotals, double meanConfidence,
                    double confidenceSum, long confidenceCount, double meanValue, double minValue, double maxValue,
                    long[] valueBuckets, double valueSum, int[] outOfRange, long[] outOfRangeTotals,
                    List<DriftReference.Score> drift) {

        Snapshot withDrift(List<DriftReference.Score> scores) {
            return new Snapshot(capacity, size, records, classCounts, classTotals, meanConfidence, confidenceSum,
                    confidenceCount, meanValue, minValue, maxValue, valueBuckets, valueSum, outOfRange,
                    outOfRangeTotals, List.copyOf(scores));
        }
    }
}
