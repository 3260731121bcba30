package dev.mlops.evaluate;

import dev.mlops.util.Names;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The evaluation of a single-label classification: predicted labels (and optionally predicted
 * probabilities) compared with the actual labels. Metric names and definitions match
 * scikit-learn 1.2; {@code docs/metrics.md} lists them with their edge cases.
 *
 * <p>{@link #asMap()} holds, in this order: {@code accuracy}, {@code balanced_accuracy},
 * {@code precision_macro}, {@code precision_weighted}, {@code precision_micro}, the same three
 * for {@code recall_} and {@code f1_}; when probabilities were given {@code log_loss} and either
 * {@code roc_auc} (two labels, the positive class is the last label) or {@code roc_auc_ovr}
 * (more labels, macro average of one-vs-rest); then, for every label in order,
 * {@code precision.<label>}, {@code recall.<label>}, {@code f1.<label>} and
 * {@code support.<label>} (see {@link #perClassMetricName(String, String)}).
 *
 * <p>Macro averages run over the labels that occur in the actual or the predicted labels, as
 * scikit-learn does when it is not given the label list; {@code balanced_accuracy} averages the
 * recall of the labels that occur in the actual labels. ROC AUC is NaN where scikit-learn raises:
 * when a label is missing from the actual labels (for {@code roc_auc}, either of the two).
 */
public final class ClassificationEvaluation implements Evaluation {

    /** The names of the per-class metrics, in the order they appear in {@link #asMap()}. */
    private static final List<String> PER_CLASS = List.of("precision", "recall", "f1", "support");
    /** Clipping bound of log_loss: {@code np.finfo(np.float64).eps}, scikit-learn's default. */
    private static final double LOG_LOSS_EPS = Math.ulp(1.0);
    /** A probability row must sum to 1 within {@code numpy.allclose}'s default tolerance. */
    private static final double SUM_RTOL = 1e-5;
    private static final double SUM_ATOL = 1e-8;

    private final List<String> labels;
    private final int[] actual;
    private final int[] predicted;
    /** Row-major {@code [size * labels]}, or null when the model gave no probabilities. */
    private final double[] probabilities;
    /** Row-major {@code [labels * labels]}: rows actual, columns predicted. */
    private final int[] confusion;
    private final int[] actualCount;
    private final int[] predictedCount;

    private volatile Map<String, Double> countMetrics;
    private volatile Map<String, ClassMetrics> perClass;
    private volatile Double logLoss;
    private volatile Double rocAuc;
    private volatile Map<String, Double> all;

    private ClassificationEvaluation(List<String> labels, int[] actual, int[] predicted, double[] probabilities) {
        this.labels = labels;
        this.actual = actual;
        this.predicted = predicted;
        this.probabilities = probabilities;
        int k = labels.size();
        this.confusion = new int[k * k];
        this.actualCount = new int[k];
        this.predictedCount = new int[k];
        for (int i = 0; i < actual.length; i++) {
            confusion[actual[i] * k + predicted[i]]++;
            actualCount[actual[i]]++;
            predictedCount[predicted[i]]++;
        }
    }

    /**
     * Evaluates a classification. The arrays are copied.
     *
     * @param labels        the class labels, at least two, distinct; indices refer to this list,
     *                      and for two labels the last one is the positive class of {@code roc_auc}
     * @param actual        the actual label index of each row
     * @param predicted     the predicted label index of each row, same length as {@code actual}
     * @param probabilities null when the model gives no probabilities, else one row per row of
     *                      {@code actual} with one probability per label in label order; each value
     *                      finite and in {@code [0, 1]}, each row summing to 1 within 1e-5
     * @return the evaluation
     * @throws IllegalArgumentException naming the offending index and value when the input is
     *                                  inconsistent
     */
    public static ClassificationEvaluation of(List<String> labels, int[] actual, int[] predicted, double[][] probabilities) {
        List<String> labelList = checkLabels(labels);
        int k = labelList.size();
        if (actual == null || predicted == null) {
            throw new IllegalArgumentException("actual and predicted must not be null");
        }
        if (actual.length != predicted.length) {
            throw new IllegalArgumentException("actual has " + actual.length + " rows but predicted has "
                    + predicted.length + "; they must have the same length");
        }
        if (actual.length == 0) {
            throw new IllegalArgumentException("cannot evaluate zero rows");
        }
        checkIndices("actual", actual, labelList);
        checkIndices("predicted", predicted, labelList);
        double[] flat = null;
        if (probabilities != null) {
            if (probabilities.length != actual.length) {
                throw new IllegalArgumentException("probabilities has " + probabilities.length
                        + " rows but actual has " + actual.length + "; they must have the same length");
            }
            flat = new double[Math.multiplyExact(actual.length, k)];
            for (int i = 0; i < probabilities.length; i++) {
                copyProbabilityRow(probabilities[i], i, labelList, flat);
            }
        }
        return new ClassificationEvaluation(labelList, actual.clone(), predicted.clone(), flat);
    }

    /**
     * Returns the name under which {@link #asMap()} and {@link #metric(String)} hold a per-class
     * metric: {@code <metric>.<label>}, for example {@code f1.virginica}. The metric part never
     * contains a dot, so the name splits unambiguously at its first dot even when the label
     * contains dots.
     *
     * @param metric one of {@code precision}, {@code recall}, {@code f1}, {@code support}
     * @param label  a class label
     * @return the flat metric name
     * @throws IllegalArgumentException when {@code metric} is not a per-class metric
     */
    public static String perClassMetricName(String metric, String label) {
        if (!PER_CLASS.contains(metric)) {
            throw new IllegalArgumentException("'" + metric + "' is not a per-class metric"
                    + Names.suggestion(String.valueOf(metric), PER_CLASS));
        }
        if (label == null) {
            throw new IllegalArgumentException("label must not be null");
        }
        return metric + "." + label;
    }

    /**
     * Returns the class labels; label indices in the row arrays refer to this list.
     *
     * @return the unmodifiable label list
     */
    public List<String> labels() {
        return labels;
    }

    /**
     * Returns the precision, recall, F1 and support of every label, including labels that occur
     * in no row (all zero).
     *
     * @return an unmodifiable map from label to its metrics, in label order
     */
    public Map<String, ClassMetrics> perClass() {
        Map<String, ClassMetrics> result = perClass;
        if (result == null) {
            int k = labels.size();
            Map<String, ClassMetrics> map = new LinkedHashMap<>();
            for (int c = 0; c < k; c++) {
                int tp = confusion[c * k + c];
                int t = actualCount[c];
                int p = predictedCount[c];
                map.put(labels.get(c), new ClassMetrics(ratio(tp, p), ratio(tp, t), ratio(2L * tp, (long) p + t), t));
            }
            result = Collections.unmodifiableMap(map);
            perClass = result;
        }
        return result;
    }

    /**
     * Returns the confusion matrix in scikit-learn's orientation: {@code m[i][j]} counts the rows
     * whose actual label is {@code labels().get(i)} and whose predicted label is
     * {@code labels().get(j)}.
     *
     * @return a new {@code [labels][labels]} array
     */
    public int[][] confusionMatrix() {
        int k = labels.size();
        int[][] m = new int[k][k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(confusion, i * k, m[i], 0, k);
        }
        return m;
    }

    /**
     * Tells whether predicted probabilities were given, and so whether {@code log_loss} and ROC
     * AUC are available.
     *
     * @return true when probabilities were given
     */
    public boolean hasProbabilities() {
        return probabilities != null;
    }

    /**
     * Returns the actual label index of each row.
     *
     * @return a new array of {@link #size()} indices into {@link #labels()}
     */
    public int[] actual() {
        return actual.clone();
    }

    /**
     * Returns the predicted label index of each row.
     *
     * @return a new array of {@link #size()} indices into {@link #labels()}
     */
    public int[] predicted() {
        return predicted.clone();
    }

    /**
     * Returns the predicted probabilities, one row per evaluated row, one column per label.
     *
     * @return a new {@code [size()][labels().size()]} array
     * @throws IllegalStateException when no probabilities were given (see {@link #hasProbabilities()})
     */
    public double[][] probabilities() {
        if (probabilities == null) {
            throw new IllegalStateException("this evaluation has no predicted probabilities");
        }
        int k = labels.size();
        double[][] rows = new double[actual.length][k];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(probabilities, i * k, rows[i], 0, k);
        }
        return rows;
    }

    @Override
    public int size() {
        return actual.length;
    }

    @Override
    public ClassificationEvaluation restrictTo(int[] rows) {
        Rows.check(rows, actual.length);
        int k = labels.size();
        int[] a = new int[rows.length];
        int[] p = new int[rows.length];
        double[] probs = probabilities == null ? null : new double[rows.length * k];
        for (int i = 0; i < rows.length; i++) {
            int r = rows[i];
            a[i] = actual[r];
            p[i] = predicted[r];
            if (probs != null) {
                System.arraycopy(probabilities, r * k, probs, i * k, k);
            }
        }
        return new ClassificationEvaluation(labels, a, p, probs);
    }

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> result = all;
        if (result == null) {
            Map<String, Double> map = new LinkedHashMap<>(countMetrics());
            if (probabilities != null) {
                map.put("log_loss", logLoss());
                map.put(rocAucName(), rocAuc());
            }
            perClass().forEach((label, m) -> {
                map.put(perClassMetricName("precision", label), m.precision());
                map.put(perClassMetricName("recall", label), m.recall());
                map.put(perClassMetricName("f1", label), m.f1());
                map.put(perClassMetricName("support", label), (double) m.support());
            });
            result = Collections.unmodifiableMap(map);
            all = result;
        }
        return result;
    }

    @Override
    public double metric(String name) {
        Double count = countMetrics().get(name);
        if (count != null) {
            return count;
        }
        if ("log_loss".equals(name) || "roc_auc".equals(name) || "roc_auc_ovr".equals(name)) {
            if (probabilities == null) {
                throw new IllegalArgumentException("metric '" + name + "' needs predicted probabilities,"
                        + " but this evaluation has none (the model gave no probabilities)");
            }
            if ("log_loss".equals(name)) {
                return logLoss();
            }
            if (!name.equals(rocAucName())) {
                throw new IllegalArgumentException("metric '" + name + "' does not apply to " + labels.size()
                        + " labels; use '" + rocAucName() + "' ('roc_auc' is for 2 labels, 'roc_auc_ovr' for more)");
            }
            return rocAuc();
        }
        return MetricLookup.get(asMap(), name, "classification");
    }

    @Override
    public String toString() {
        return "ClassificationEvaluation[rows=" + actual.length + ", labels=" + labels
                + ", accuracy=" + countMetrics().get("accuracy") + "]";
    }

    /** The metrics that are not per-class (names without a dot), in {@link #asMap()} order. */
    Map<String, Double> aggregateMetrics() {
        Map<String, Double> map = new LinkedHashMap<>(asMap());
        map.keySet().removeIf(name -> name.indexOf('.') >= 0);
        return map;
    }

    /** The flat probability array, row-major, or null; for writers in this package, not copied. */
    double[] probabilitiesView() {
        return probabilities;
    }

    int actualAt(int row) {
        return actual[row];
    }

    int predictedAt(int row) {
        return predicted[row];
    }

    private String rocAucName() {
        return labels.size() == 2 ? "roc_auc" : "roc_auc_ovr";
    }

    /** The metrics computed from the confusion matrix alone. */
    private Map<String, Double> countMetrics() {
        Map<String, Double> result = countMetrics;
        if (result == null) {
            int k = labels.size();
            int n = actual.length;
            long correct = 0;
            int present = 0;
            int inActual = 0;
            double recallSum = 0;
            double[] macro = new double[3];
            double[] weighted = new double[3];
            List<ClassMetrics> classes = List.copyOf(perClass().values());
            for (int c = 0; c < k; c++) {
                ClassMetrics m = classes.get(c);
                correct += confusion[c * k + c];
                // scikit-learn without an explicit label list only knows labels seen in either array
                if (actualCount[c] > 0 || predictedCount[c] > 0) {
                    present++;
                    macro[0] += m.precision();
                    macro[1] += m.recall();
                    macro[2] += m.f1();
                }
                if (actualCount[c] > 0) {
                    inActual++;
                    recallSum += m.recall();
                }
                weighted[0] += m.precision() * m.support();
                weighted[1] += m.recall() * m.support();
                weighted[2] += m.f1() * m.support();
            }
            double accuracy = (double) correct / n;
            Map<String, Double> map = new LinkedHashMap<>();
            map.put("accuracy", accuracy);
            map.put("balanced_accuracy", recallSum / inActual);
            String[] names = {"precision", "recall", "f1"};
            for (int m = 0; m < 3; m++) {
                map.put(names[m] + "_macro", macro[m] / present);
                map.put(names[m] + "_weighted", weighted[m] / n);
                // Single-label: micro precision, recall and F1 all reduce to correct / rows.
                map.put(names[m] + "_micro", accuracy);
            }
            result = Collections.unmodifiableMap(map);
            countMetrics = result;
        }
        return result;
    }

    /** scikit-learn 1.2's log_loss: clip to [eps, 1 - eps], renormalise each row, mean of -log p(actual). */
    private double logLoss() {
        Double result = logLoss;
        if (result == null) {
            int k = labels.size();
            double total = 0;
            for (int i = 0; i < actual.length; i++) {
                int base = i * k;
                double sum = 0;
                for (int c = 0; c < k; c++) {
                    sum += clip(probabilities[base + c]);
                }
                total -= Math.log(clip(probabilities[base + actual[i]]) / sum);
            }
            result = total / actual.length;
            logLoss = result;
        }
        return result;
    }

    private static double clip(double p) {
        return p < LOG_LOSS_EPS ? LOG_LOSS_EPS : Math.min(p, 1.0 - LOG_LOSS_EPS);
    }

    /** Binary AUC of the last label, or the macro one-vs-rest AUC; NaN when a label is absent from actual. */
    private double rocAuc() {
        Double result = rocAuc;
        if (result == null) {
            int k = labels.size();
            double[] buffer = new double[actual.length];
            if (k == 2) {
                result = oneVsRest(1, buffer);
            } else {
                double sum = 0;
                for (int c = 0; c < k && !Double.isNaN(sum); c++) {
                    sum += oneVsRest(c, buffer);
                }
                result = sum / k;
            }
            rocAuc = result;
        }
        return result;
    }

    private double oneVsRest(int positive, double[] buffer) {
        int k = labels.size();
        int positives = actualCount[positive];
        int negatives = actual.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        int pos = 0;
        int neg = positives;
        for (int i = 0; i < actual.length; i++) {
            // + 0.0 turns -0.0 into 0.0: they tie in scikit-learn but Arrays.sort orders them
            double score = probabilities[i * k + positive] + 0.0;
            if (actual[i] == positive) {
                buffer[pos++] = score;
            } else {
                buffer[neg++] = score;
            }
        }
        return RocAuc.of(buffer, positives, negatives);
    }

    private static double ratio(long numerator, long denominator) {
        // scikit-learn's zero_division default: a 0/0 ratio counts as 0.0
        return denominator == 0 ? 0.0 : (double) numerator / denominator;
    }

    private static List<String> checkLabels(List<String> labels) {
        if (labels == null) {
            throw new IllegalArgumentException("labels must not be null");
        }
        if (labels.size() < 2) {
            throw new IllegalArgumentException("a classification needs at least 2 labels, got " + labels);
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (label == null) {
                throw new IllegalArgumentException("labels[" + i + "] is null; labels must be non-null strings");
            }
            if (!seen.add(label)) {
                throw new IllegalArgumentException("label '" + label + "' appears twice in " + labels
                        + "; labels must be distinct");
            }
        }
        return Collections.unmodifiableList(new ArrayList<>(labels));
    }

    private static void checkIndices(String what, int[] indices, List<String> labels) {
        int k = labels.size();
        for (int i = 0; i < indices.length; i++) {
            if (indices[i] < 0 || indices[i] >= k) {
                throw new IllegalArgumentException(what + "[" + i + "] = " + indices[i]
                        + " is not a label index; valid are 0.." + (k - 1) + " for labels " + labels);
            }
        }
    }

    private static void copyProbabilityRow(double[] row, int i, List<String> labels, double[] flat) {
        int k = labels.size();
        if (row == null || row.length != k) {
            throw new IllegalArgumentException("probabilities[" + i + "] has " + (row == null ? "no" : row.length)
                    + " columns but there are " + k + " labels " + labels + "; give one probability per label");
        }
        double sum = 0;
        for (int c = 0; c < k; c++) {
            double p = row[c];
            if (!(p >= 0.0 && p <= 1.0)) {
                throw new IllegalArgumentException("probabilities[" + i + "][" + c + "] (label '" + labels.get(c)
                        + "') = " + p + " is not a probability; it must be a finite number in [0, 1]");
            }
            sum += p;
        }
        if (Math.abs(sum - 1.0) > SUM_ATOL + SUM_RTOL * sum) {
            throw new IllegalArgumentException("probabilities[" + i + "] sums to " + sum
                    + ", not 1 (tolerance 1e-5); give probabilities, not raw scores");
        }
        System.arraycopy(row, 0, flat, i * k, k);
    }
}
