package dev.mlops.drift;

import dev.mlops.data.ColumnKind;
import dev.mlops.data.Task;
import dev.mlops.features.InvalidRecordException;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import dev.mlops.model.Signature;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift of recent data against a model bundle: the bundle's reference profile ({@code profile.json},
 * made at training time) is compared with the data, and so is the distribution of the model's
 * predictions. When the data has no prediction column (named like the profile's, by default
 * {@code prediction}), the bundle's predictor computes the predictions, so prediction drift is
 * always checked.
 *
 * <pre>{@code
 * ModelBundle bundle = ModelBundle.load(Path.of("target/mlops/sentiment/bundle"));
 * DriftVerdict v = BundleDrift.check(bundle, Path.of("data/imdb.csv"), DriftSpec.defaults());
 * v.report().writeJson(Path.of("target/mlops/sentiment/drift.json"));
 * if (!v.passed()) fail(v.explanation());
 * }</pre>
 *
 * <p>Rows the model cannot score (a required field missing) have no prediction: they count as
 * missing values of the prediction column, and a warning names the first of them.
 */
public final class BundleDrift {

    private static final Logger LOG = LoggerFactory.getLogger(BundleDrift.class);

    /** Rows per prediction batch: large enough for ONNX Runtime's batch speed, small enough to bound memory. */
    private static final int BATCH = 1024;

    private BundleDrift() {
    }

    /**
     * The bundle's reference profile.
     *
     * @param bundle a model bundle
     * @return its profile
     * @throws IllegalArgumentException when the bundle has none, saying how to make one
     */
    public static ReferenceProfile profile(ModelBundle bundle) {
        return bundle.profile().orElseThrow(() -> new IllegalArgumentException("bundle " + bundle.directoryName()
                + " has no profile.json, so there is nothing to compare recent data with; it was made without its"
                + " training data (or by an older version): rebuild it with ModelBundle.from(trained, data, metadata)"
                + " or mlops:train"));
    }

    /**
     * Checks a CSV (or TSV) file of recent data; see {@link DriftCsv#read} for the format.
     *
     * @param bundle the model bundle
     * @param csv    the data, with a header naming at least the model's input fields
     * @param spec   what counts as drift
     * @return the verdict with its report
     * @throws IOException                       when the file cannot be read
     * @throws dev.mlops.data.DataException      when the file is malformed, empty or lacks a field,
     *                                           naming the file, line and column
     * @throws IllegalArgumentException          when the bundle has no profile
     */
    public static DriftVerdict check(ModelBundle bundle, Path csv, DriftSpec spec) throws IOException {
        return DriftGate.check(profile(bundle), read(bundle, csv), spec);
    }

    /**
     * Checks data already in columns.
     *
     * @param bundle  the model bundle
     * @param current the recent data: the model's input fields, with or without predictions
     * @param spec    what counts as drift
     * @return the verdict with its report
     * @throws IllegalArgumentException when the bundle has no profile or the data lacks a field
     */
    public static DriftVerdict check(ModelBundle bundle, DataColumns current, DriftSpec spec) {
        return DriftGate.check(profile(bundle), withPredictions(bundle, current), spec);
    }

    /**
     * Reads recent data typed by the bundle's profile and adds the model's predictions when the
     * file has no prediction column.
     *
     * @param bundle the model bundle
     * @param csv    the data file
     * @return the columns, with predictions
     * @throws IOException when the file cannot be read
     */
    public static DataColumns read(ModelBundle bundle, Path csv) throws IOException {
        DriftCsv.Rows rows = DriftCsv.readWithLines(csv, profile(bundle));
        return withPredictions(bundle, rows.columns(), r -> rows.source() + ":" + rows.lines()[r]);
    }

    /**
     * Adds the model's predictions to data without them.
     *
     * @param bundle  the model bundle
     * @param current the recent data
     * @return {@code current} when it has predictions, else the same columns with the bundle's
     *         predictions, named like the profile's prediction column
     * @throws IllegalArgumentException when the bundle has no profile or the data lacks an input field
     */
    public static DataColumns withPredictions(ModelBundle bundle, DataColumns current) {
        return withPredictions(bundle, current, r -> "row " + (r + 1));
    }

    private static DataColumns withPredictions(ModelBundle bundle, DataColumns current, IntFunction<String> where) {
        ReferenceProfile profile = profile(bundle);
        if (current.prediction() != null || profile.prediction() == null) {
            return current;
        }
        Signature signature = bundle.signature();
        List<FeatureColumn> inputs = new ArrayList<>();
        for (Signature.Input input : signature.inputs()) {
            inputs.add(current.feature(input.name()).orElseThrow(() -> new IllegalArgumentException("current data has no"
                    + " column '" + input.name() + "', an input of model " + bundle.directoryName())));
        }
        int n = current.rows();
        String[] labels = new String[n];
        double[] values = new double[n];
        Arrays.fill(values, Double.NaN);
        Unscored unscored = new Unscored();
        try (Predictor predictor = bundle.predictor()) {
            for (int start = 0; start < n; start += BATCH) {
                int end = Math.min(n, start + BATCH);
                List<Map<String, Object>> records = new ArrayList<>(end - start);
                for (int r = start; r < end; r++) {
                    records.add(record(inputs, r));
                }
                List<Prediction> predictions;
                try {
                    predictions = predictor.predictBatch(records);
                } catch (InvalidRecordException e) {
                    predictions = oneByOne(predictor, records, start, where, unscored);
                }
                for (int i = 0; i < predictions.size(); i++) {
                    Prediction p = predictions.get(i);
                    if (p != null) {
                        labels[start + i] = p.label();
                        values[start + i] = p.value() == null ? Double.NaN : p.value();
                    }
                }
            }
        }
        if (unscored.count > 0) {
            LOG.warn("{} of {} rows cannot be scored by model {} and count as missing predictions; first: {}",
                    unscored.count, n, bundle.directoryName(), unscored.first);
        }
        String name = profile.prediction().name();
        FeatureColumn column = signature.task() == Task.CLASSIFICATION ? FeatureColumn.categorical(name, labels)
                : FeatureColumn.numeric(name, values);
        return current.withPrediction(column);
    }

    /** Rows that could not be scored: how many, and the first one's reason. */
    private static final class Unscored {
        int count;
        String first;
    }

    private static List<Prediction> oneByOne(Predictor predictor, List<Map<String, Object>> records, int start,
                                             IntFunction<String> where, Unscored unscored) {
        List<Prediction> out = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                out.add(predictor.predict(records.get(i)));
            } catch (InvalidRecordException e) {
                out.add(null);
                if (unscored.count++ == 0) {
                    unscored.first = where.apply(start + i) + ": " + e.getMessage();
                }
            }
        }
        return out;
    }

    /** A raw record as a predictor takes it; missing values are left out so the model's fill values apply. */
    private static Map<String, Object> record(List<FeatureColumn> inputs, int row) {
        Map<String, Object> record = new HashMap<>();
        for (FeatureColumn c : inputs) {
            if (c.kind() == ColumnKind.NUMERIC) {
                double v = c.numbers()[row];
                if (!FeatureColumn.isMissing(v)) {
                    record.put(c.name(), v);
                }
            } else {
                String s = c.strings()[row];
                if (s != null) {
                    record.put(c.name(), s);
                }
            }
        }
        return record;
    }
}
