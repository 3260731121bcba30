package dev.mlops.report;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.drift.DataColumns;
import dev.mlops.drift.DriftDetector;
import dev.mlops.drift.DriftReport;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Reports of the two sample projects, trained through {@link ModelTrainer} from their own spec
 * files, with gates, slices, drift and history made from real numbers: gate verdicts compare the
 * real metrics with thresholds, slices are real subsets of the test rows, drift compares two real
 * parts of the data, and the history is earlier training runs of the same spec with other seeds.
 */
final class SampleReports {

    static final Path SAMPLES = Path.of("../samples");
    /** A fixed clock for the history, so reports are reproducible. */
    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    private SampleReports() {
    }

    record Sample(TrainedModel model, Dataset data, int[] testRows, ModelReport report) {
    }

    static TrainedModel train(ModelSpec spec, Dataset data) {
        return new ModelTrainer(START).train(spec, data);
    }

    static ModelSpec spec(String sample) throws IOException {
        return ModelSpecReader.read(SAMPLES.resolve(sample).resolve("src/main/mlops/model.yaml"));
    }

    static Dataset data(String sample, ModelSpec spec) throws IOException {
        return Dataset.load(spec.dataset(), SAMPLES.resolve(sample), spec.task());
    }

    /** The test rows in evaluation order, as the trainer chose them. */
    static int[] testRows(ModelSpec spec, Dataset data) {
        return data.split(spec.dataset().split(), spec.sweep() != null).test();
    }

    /**
     * The iris report: the sample spec (a sweep) trained once, gates on its metrics, slices by
     * petal width, and a history of {@code earlierRuns} runs of the spec's best trainer with
     * other seeds.
     */
    static Sample iris(int earlierRuns) throws IOException {
        ModelSpec spec = spec("iris");
        Dataset data = data("iris", spec);
        TrainedModel model = train(spec, data);
        Evaluation e = model.evaluation();
        int[] test = testRows(spec, data);
        Column width = data.feature("petal_width");
        List<SliceMetric> slices = slices(e, test.length, i -> {
            double w = width.number(test[i]);
            return w < 1.0 ? "petal_width < 1.0" : w < 1.8 ? "1.0 \u2264 petal_width < 1.8" : "petal_width \u2265 1.8";
        }, List.of("accuracy", "f1_macro"));
        List<GateRow> gates = List.of(
                gate("accuracy floor", e, "accuracy", 0.9, true, "error"),
                gate("balanced quality", e, "f1_macro", 0.9, true, "error"),
                gate("ranking", e, "roc_auc_ovr", 0.95, true, "error"),
                gate("virginica recall", e, "recall.virginica", 0.9, true, "warning"),
                gate("probability quality", e, "log_loss", 0.3, false, "warning"));
        ModelSpec fixed = ModelSpec.of(spec.name(), spec.task(), spec.dataset(), model.trainer());
        List<HistoryPoint> history = history(fixed, data, model, earlierRuns);
        ModelReport report = ModelReport.builder(spec.name()).from(model).version("1.4.0").runId("run-" + earlierRuns)
                .gates(gates).slices(slices).history(history).build();
        return new Sample(model, data, test, report);
    }

    /**
     * The housing report: the sample spec trained once, gates, slices by ocean proximity, drift
     * of the later half of the file (the data is sorted by region) against the earlier half, and
     * a history of {@code earlierRuns} runs with other seeds.
     */
    static Sample housing(int earlierRuns) throws IOException {
        ModelSpec spec = spec("housing");
        Dataset data = data("housing", spec);
        TrainedModel model = train(spec, data);
        Evaluation e = model.evaluation();
        int[] test = testRows(spec, data);
        Column ocean = data.feature("ocean_proximity");
        List<SliceMetric> slices = slices(e, test.length, i -> ocean.text(test[i]), List.of("rmse", "r2"));
        int half = data.size() / 2;
        int[] first = new int[half];
        int[] second = new int[data.size() - half];
        for (int i = 0; i < data.size(); i++) {
            if (i < half) {
                first[i] = i;
            } else {
                second[i - half] = i;
            }
        }
        DriftReport drift = DriftDetector.detect(ReferenceProfile.build(DataColumns.of(data, first)),
                DataColumns.of(data, second), DriftSpec.defaults());
        List<GateRow> gates = new ArrayList<>(List.of(
                gate("explained variance", e, "r2", 0.6, true, "error"),
                gate("error ceiling", e, "rmse", 75000, false, "error"),
                gate("relative error", e, "mape", 0.25, false, "warning")));
        gates.add(new GateRow("data drift", drift.dataset().datasetDrift() ? GateRow.Verdict.FAIL : GateRow.Verdict.PASS,
                drift.dataset().share(), "share of drifted features < " + drift.dataset().driftShare() + " (reference: first half)",
                drift.dataset().drifted() + " of " + drift.dataset().features() + " features drifted between the first and"
                        + " second half of the file", "warning"));
        ModelSpec fixed = ModelSpec.of(spec.name(), spec.task(), spec.dataset(), model.trainer());
        List<HistoryPoint> history = history(fixed, data, model, earlierRuns);
        ModelReport report = ModelReport.builder(spec.name()).from(model).version("0.9.0").runId("run-" + earlierRuns)
                .gates(gates).slices(slices).drift(drift).history(history).build();
        return new Sample(model, data, test, report);
    }

    /** A gate comparing a real metric with a threshold. */
    static GateRow gate(String name, Evaluation e, String metric, double threshold, boolean atLeast, String severity) {
        double observed = e.metric(metric);
        boolean pass = atLeast ? observed >= threshold : observed <= threshold;
        String rule = metric + (atLeast ? " \u2265 " : " \u2264 ")
                + java.math.BigDecimal.valueOf(threshold).stripTrailingZeros().toPlainString();
        return new GateRow(name, pass ? GateRow.Verdict.PASS : GateRow.Verdict.FAIL, observed, rule,
                metric + " on " + e.size() + " test rows is " + Html.number(observed)
                        + (pass ? ", within the limit" : ", outside the limit"), severity);
    }

    /** One metric value per slice and metric, computed on the slice's rows of the evaluation. */
    static List<SliceMetric> slices(Evaluation e, int rows, IntFunction<String> sliceOf, List<String> metrics) {
        Map<String, List<Integer>> bySlice = new LinkedHashMap<>();
        for (int i = 0; i < rows; i++) {
            bySlice.computeIfAbsent(sliceOf.apply(i), s -> new ArrayList<>()).add(i);
        }
        List<String> names = bySlice.keySet().stream().sorted().toList();
        List<SliceMetric> slices = new ArrayList<>();
        for (String metric : metrics) {
            for (String name : names) {
                int[] idx = bySlice.get(name).stream().mapToInt(Integer::intValue).toArray();
                slices.add(new SliceMetric(name, metric, e.restrictTo(idx).metric(metric), idx.length));
            }
        }
        return slices;
    }

    /** Earlier runs: the same trainer with seeds 1..runs, a day apart, then this run. */
    static List<HistoryPoint> history(ModelSpec fixed, Dataset data, TrainedModel current, int runs) {
        List<HistoryPoint> history = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            ModelSpec seeded = ModelSpec.of(fixed.name(), fixed.task(), fixed.dataset(),
                    new dev.mlops.train.TrainerSpec(fixed.trainer().type(), fixed.trainer().params(), (long) i + 1));
            history.add(new HistoryPoint("run-" + i, START.plus(Duration.ofDays(i)), train(seeded, data).evaluation().asMap()));
        }
        history.add(new HistoryPoint("run-" + runs, START.plus(Duration.ofDays(runs)), current.evaluation().asMap()));
        return history;
    }
}
