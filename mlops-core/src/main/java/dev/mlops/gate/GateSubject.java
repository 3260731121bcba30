package dev.mlops.gate;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.train.TrainedModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the gates look at: the candidate model's evaluation on a set of rows, and, as far as the
 * gates need them, the data set those rows come from (for slices and data checks), the training
 * rows (for the leakage check), the model itself (for robustness checks), a baseline evaluated on
 * the same rows (for comparisons) and a second runtime of the model (for parity). Immutable;
 * predictions for robustness checks are computed once, on first use.
 *
 * <pre>{@code
 * Dataset data = Dataset.load(spec.dataset(), dir, spec.task());
 * GateSubject subject = GateSubject.of(new ModelTrainer().train(spec, data), data)
 *         .withBaseline(ModelUnderTest.of(champion));
 * GateReport report = GateEngine.evaluate(Gate.fromSpecs(spec.gates()), subject);
 * }</pre>
 */
public final class GateSubject {

    private final String name;
    private final Evaluation evaluation;
    private final Dataset data;
    private final int[] rows;
    private final int[] trainRows;
    private final ModelUnderTest model;
    private final String baselineName;
    private final Evaluation baseline;
    private final ModelUnderTest reference;
    private volatile List<Map<String, Object>> records;
    private volatile Predictions predictions;

    /** The first batch prediction over the evaluation rows, or why it failed. */
    record Predictions(List<ModelOutput> outputs, RuntimeException error) {
    }

    private GateSubject(String name, Evaluation evaluation, Dataset data, int[] rows, int[] trainRows,
                        ModelUnderTest model, String baselineName, Evaluation baseline, ModelUnderTest reference) {
        this.name = Objects.requireNonNull(name, "name");
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
        this.data = data;
        this.rows = rows;
        this.trainRows = trainRows;
        this.model = model;
        this.baselineName = baselineName;
        this.baseline = baseline;
        this.reference = reference;
        if (rows != null && rows.length != evaluation.size()) {
            throw new IllegalArgumentException("the evaluation has " + evaluation.size() + " rows but " + rows.length
                    + " data rows were given; they must be the evaluated rows, in order");
        }
    }

    /**
     * A subject for metric gates only (no slices, data or robustness checks).
     *
     * @param name       the model's name
     * @param evaluation its evaluation
     * @return the subject
     */
    public static GateSubject of(String name, Evaluation evaluation) {
        return new GateSubject(name, evaluation, null, null, null, null, null, null, null);
    }

    /**
     * A trained model on its own test rows.
     *
     * @param model the trained model
     * @param data  the data set it was trained on (same fingerprint)
     * @return the subject, with the model for robustness checks
     * @throws IllegalArgumentException when {@code data} is not the model's data set
     */
    public static GateSubject of(TrainedModel model, Dataset data) {
        if (!data.fingerprint().equals(model.datasetFingerprint())) {
            throw new IllegalArgumentException("model '" + model.spec().name() + "' was trained on data with fingerprint "
                    + model.datasetFingerprint().substring(0, 12) + " but the data set given (" + data.source()
                    + ") has " + data.fingerprint().substring(0, 12) + "; give the data set it was trained on");
        }
        return new GateSubject(model.spec().name(), model.evaluation(), data, model.split().test(),
                model.split().trainAndValidation(), ModelUnderTest.of(model), null, null, null);
    }

    /**
     * A model with an evaluation computed elsewhere, e.g. stored with a bundle.
     *
     * @param evaluation the model's evaluation on {@code rows}, in the same order
     * @param model      the model, for robustness checks
     * @param data       the data set of the evaluated rows
     * @param rows       the evaluated rows
     * @param trainRows  the rows the model was trained on, for the leakage check; {@code null} when unknown
     * @return the subject
     */
    public static GateSubject of(Evaluation evaluation, ModelUnderTest model, Dataset data, int[] rows, int[] trainRows) {
        return new GateSubject(model.name(), evaluation, data, rows.clone(), trainRows == null ? null : trainRows.clone(),
                model, null, null, null);
    }

    /**
     * Evaluates a model on rows of a data set, e.g. a loaded bundle on fresh data.
     *
     * @param model     the model
     * @param data      the data set with actual labels or values
     * @param rows      the rows to evaluate on
     * @param trainRows the rows the model was trained on, for the leakage check; {@code null} when unknown
     * @return the subject
     */
    public static GateSubject evaluate(ModelUnderTest model, Dataset data, int[] rows, int[] trainRows) {
        List<String> labels = data.task() == Task.CLASSIFICATION ? data.labels() : List.of();
        List<Map<String, Object>> records = records(data, rows, model);
        Evaluation e = evaluate(model, data, rows, labels, records);
        GateSubject s = new GateSubject(model.name(), e, data, rows.clone(), trainRows == null ? null : trainRows.clone(),
                model, null, null, null);
        s.records = records;
        return s;
    }

    /**
     * @param baselineModel a baseline model
     * @return this subject with the baseline evaluated on the same rows, for comparisons
     * @throws GateException when there are no data rows to evaluate the baseline on, or the
     *                       baseline cannot read them
     */
    public GateSubject withBaseline(ModelUnderTest baselineModel) {
        if (data == null) {
            throw new GateException("cannot evaluate baseline '" + baselineModel.name() + "': subject '" + name
                    + "' has no data rows; build it with GateSubject.of(model, data)");
        }
        List<String> labels = evaluation instanceof ClassificationEvaluation c ? c.labels() : List.of();
        Evaluation b = evaluate(baselineModel, data, rows, labels, records(data, rows, baselineModel));
        return withBaselineEvaluation(baselineModel.name(), b);
    }

    /**
     * @param baselineSubject a baseline evaluated on the same data rows (e.g. built with
     *                        {@link #evaluate} on this subject's {@link #data()} and {@link #rows()})
     * @return this subject with that baseline, for comparisons
     * @throws GateException when the baseline was evaluated on other rows
     */
    public GateSubject withBaseline(GateSubject baselineSubject) {
        boolean sameRows = baselineSubject.data != null && data != null
                && baselineSubject.data.fingerprint().equals(data.fingerprint())
                && java.util.Arrays.equals(baselineSubject.rows, rows)
                || data == null && baselineSubject.evaluation.size() == evaluation.size();
        if (!sameRows) {
            throw new GateException("baseline '" + baselineSubject.name + "' was evaluated on other rows than '" + name
                    + "'; comparisons must be paired on the same rows: evaluate the baseline on this subject's data and rows");
        }
        return withBaselineEvaluation(baselineSubject.name, baselineSubject.evaluation);
    }

    /**
     * @param baselineName      a name for messages
     * @param baselineEvaluation the baseline's evaluation on exactly this subject's rows, in the same order
     * @return this subject with that baseline
     */
    public GateSubject withBaselineEvaluation(String baselineName, Evaluation baselineEvaluation) {
        if (baselineEvaluation.size() != evaluation.size()
                || baselineEvaluation instanceof ClassificationEvaluation != evaluation instanceof ClassificationEvaluation) {
            throw new GateException("baseline '" + baselineName + "' has " + baselineEvaluation.size() + " rows of another"
                    + " kind than '" + name + "' (" + evaluation.size() + " rows); comparisons need the same rows");
        }
        if (baselineEvaluation instanceof ClassificationEvaluation b && evaluation instanceof ClassificationEvaluation c
                && (!b.labels().equals(c.labels()) || !java.util.Arrays.equals(b.actual(), c.actual()))) {
            throw new GateException("baseline '" + baselineName + "' was evaluated on other rows or labels than '" + name + "'");
        }
        if (baselineEvaluation instanceof RegressionEvaluation b && evaluation instanceof RegressionEvaluation c
                && !java.util.Arrays.equals(b.actual(), c.actual())) {
            throw new GateException("baseline '" + baselineName + "' was evaluated on other rows than '" + name + "'");
        }
        GateSubject s = new GateSubject(name, evaluation, data, rows, trainRows, model, baselineName, baselineEvaluation,
                reference);
        s.records = records;
        s.predictions = predictions;
        return s;
    }

    /**
     * @param secondRuntime the same model in another runtime (e.g. ONNX Runtime), for the parity check
     * @return the changed subject
     */
    public GateSubject withParityReference(ModelUnderTest secondRuntime) {
        GateSubject s = new GateSubject(name, evaluation, data, rows, trainRows, model, baselineName, baseline,
                Objects.requireNonNull(secondRuntime, "secondRuntime"));
        s.records = records;
        s.predictions = predictions;
        return s;
    }

    /** @return the model's name */
    public String name() {
        return name;
    }

    /** @return the candidate's evaluation */
    public Evaluation evaluation() {
        return evaluation;
    }

    /** @return the data set of the evaluated rows, or {@code null} */
    public Dataset data() {
        return data;
    }

    /** @return the evaluated rows as indices into {@link #data()} (a copy), or {@code null} */
    public int[] rows() {
        return rows == null ? null : rows.clone();
    }

    /** @return the training rows as indices into {@link #data()} (a copy), or {@code null} */
    public int[] trainRows() {
        return trainRows == null ? null : trainRows.clone();
    }

    /** @return the model for robustness checks, or {@code null} */
    public ModelUnderTest model() {
        return model;
    }

    /** @return the baseline's name, or {@code null} */
    public String baselineName() {
        return baselineName;
    }

    /** @return the baseline's evaluation on the same rows, or {@code null} */
    public Evaluation baseline() {
        return baseline;
    }

    /** @return the second runtime for the parity check, or {@code null} */
    public ModelUnderTest parityReference() {
        return reference;
    }

    @Override
    public String toString() {
        return "GateSubject[" + name + ", " + evaluation.size() + " rows" + (baselineName != null ? ", baseline " + baselineName : "")
                + "]";
    }

    /** The data row of evaluation position {@code i}. */
    int row(int i) {
        return rows[i];
    }

    /** The evaluated rows as records with the model's input fields. */
    List<Map<String, Object>> records() {
        List<Map<String, Object>> r = records;
        if (r == null) {
            requireModelAndData("robustness checks");
            r = records(data, rows, model);
            records = r;
        }
        return r;
    }

    /** The model's batch prediction over the evaluation rows, computed once. */
    Predictions predictions() {
        Predictions p = predictions;
        if (p == null) {
            List<Map<String, Object>> r = records();
            try {
                p = new Predictions(model.predictBatch(r), null);
            } catch (RuntimeException e) {
                p = new Predictions(null, e);
            }
            predictions = p;
        }
        return p;
    }

    void requireModelAndData(String what) {
        if (model == null || data == null) {
            throw new GateException(what + " need the model and its data rows, but subject '" + name + "' has "
                    + (model == null ? "no model" : "no data") + "; build it with GateSubject.of(trainedModel, data)"
                    + " or GateSubject.evaluate(model, data, rows, trainRows)");
        }
    }

    static List<Map<String, Object>> records(Dataset data, int[] rows, ModelUnderTest model) {
        List<Column> columns = new ArrayList<>();
        for (String input : model.inputs()) {
            try {
                columns.add(data.feature(input));
            } catch (IllegalArgumentException e) {
                throw new GateException("model '" + model.name() + "' reads field '" + input + "' but data set "
                        + data.source() + " has no such feature column: " + e.getMessage(), e);
            }
        }
        List<Map<String, Object>> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Column c : columns) {
                record.put(c.name(), c.value(row));
            }
            out.add(Collections.unmodifiableMap(record));
        }
        return Collections.unmodifiableList(out);
    }

    private static Evaluation evaluate(ModelUnderTest model, Dataset data, int[] rows, List<String> labels,
                                       List<Map<String, Object>> records) {
        List<ModelOutput> outputs;
        try {
            outputs = model.predictBatch(records);
        } catch (RuntimeException e) {
            throw new GateException("model '" + model.name() + "' cannot predict the rows of " + data.source() + ": "
                    + e.getMessage(), e);
        }
        if (data.task() == Task.REGRESSION) {
            double[] actual = new double[rows.length];
            double[] predicted = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                actual[i] = data.value(rows[i]);
                predicted[i] = outputs.get(i).value();
            }
            return RegressionEvaluation.of(actual, predicted);
        }
        int[] actual = new int[rows.length];
        int[] predicted = new int[rows.length];
        boolean withProbabilities = outputs.stream().noneMatch(o -> o.probabilities().isEmpty())
                && outputs.stream().allMatch(o -> labels.containsAll(o.probabilities().keySet()));
        double[][] probabilities = withProbabilities ? new double[rows.length][labels.size()] : null;
        for (int i = 0; i < rows.length; i++) {
            actual[i] = labels.indexOf(data.label(rows[i]));
            ModelOutput o = outputs.get(i);
            predicted[i] = labels.indexOf(o.label());
            if (predicted[i] < 0) {
                throw new GateException("model '" + model.name() + "' predicted label '" + o.label() + "' for row "
                        + data.rowId(rows[i]) + ", which is not among the evaluated labels " + labels);
            }
            if (probabilities != null) {
                for (Map.Entry<String, Double> e : o.probabilities().entrySet()) {
                    probabilities[i][labels.indexOf(e.getKey())] = e.getValue();
                }
            }
        }
        return ClassificationEvaluation.of(labels, actual, predicted, probabilities);
    }
}
