package dev.mlops.junit;

import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.gate.Gate;
import dev.mlops.gate.GateReport;
import dev.mlops.gate.GateResult;
import dev.mlops.gate.GateSubject;
import dev.mlops.gate.ModelUnderTest;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ExternalOnnxModel;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.train.GateSpec;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.SliceSpec;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a {@link ModelGate} test class works with, resolved once and kept in the class's
 * extension store: the candidate (trained from its spec, or an external ONNX model wrapped as
 * {@code mlops:train} does), its data, the optional baseline, the
 * declared gates, and the results checked so far. Closing it writes the gate report.
 */
final class GateRun implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger("dev.mlops.junit");

    final String where;
    final ModelSpec spec;
    final Dataset data;
    final TrainedModel candidate;
    final TrainedModel baselineModel;
    final GateSubject subject;
    final GateSubject baselineSubject;
    final List<Gate> gates;
    private final Path reportDir;
    private final AutoCloseable candidatePredictor;
    private final AutoCloseable baselinePredictor;
    private final List<GateResult> results = Collections.synchronizedList(new ArrayList<>());

    private GateRun(String where, ModelSpec spec, Dataset data, TrainedModel candidate, TrainedModel baselineModel,
                    GateSubject subject, GateSubject baselineSubject, List<Gate> gates, Path reportDir,
                    AutoCloseable candidatePredictor, AutoCloseable baselinePredictor) {
        this.where = where;
        this.spec = spec;
        this.data = data;
        this.candidate = candidate;
        this.baselineModel = baselineModel;
        this.subject = subject;
        this.baselineSubject = baselineSubject;
        this.gates = gates;
        this.reportDir = reportDir;
        this.candidatePredictor = candidatePredictor;
        this.baselinePredictor = baselinePredictor;
    }

    /** Resolves the annotation: reads and trains (or wraps) the candidate, and the baseline. */
    static GateRun resolve(Class<?> testClass, ModelGate annotation) {
        String where = "@ModelGate on " + testClass.getName();
        Path base = Path.of("").toAbsolutePath();
        Path specFile = base.resolve(annotation.spec());
        ModelSpec spec = readSpec(where, "spec", annotation.spec(), specFile);
        List<Gate> gates = new ArrayList<>();
        try {
            gates.addAll(Gate.fromSpecs(spec.gates()));
        } catch (RuntimeException e) {
            throw new IllegalStateException(specFile + ": " + e.getMessage(), e);
        }
        GateRule[] rules = testClass.getAnnotationsByType(GateRule.class);
        for (int i = 0; i < rules.length; i++) {
            try {
                gates.addAll(Gate.of(toSpec(rules[i])));
            } catch (RuntimeException e) {
                throw new IllegalStateException("@GateRule #" + (i + 1) + " on " + testClass.getName() + ": " + e.getMessage(), e);
            }
        }
        try {
            Dataset data = Dataset.load(spec.dataset(), base, spec.task());
            TrainedModel candidate = null;
            GateSubject subject;
            int[] testRows;
            Predictor candidatePredictor = null;
            if (spec.isExternal()) {
                // Not trained: bundled from its ONNX file and evaluated on the spec's split, as mlops:train does.
                Split split = data.split(spec.dataset().split(), false);
                ModelBundle bundle;
                try {
                    bundle = ExternalOnnxModel.bundle(spec, data, ExternalOnnxModel.readModel(spec, base),
                            BundleMetadata.of("test", Instant.EPOCH));
                } catch (IllegalArgumentException e) { // names the spec key (onnx.file, onnx.features, ...)
                    throw new IllegalStateException(where + ": " + specFile + ": " + e.getMessage(), e);
                }
                candidatePredictor = bundle.predictor();
                subject = GateSubject.evaluate(ModelUnderTest.of(spec.name(), candidatePredictor), data, split.test(),
                        split.trainAndValidation());
                testRows = split.test();
            } else {
                candidate = new ModelTrainer().train(spec, data);
                subject = GateSubject.of(candidate, data);
                testRows = candidate.split().test();
            }
            TrainedModel baselineModel = null;
            GateSubject baselineSubject = null;
            Predictor baselinePredictor = null;
            String b = annotation.baseline();
            if (b.startsWith("alias:") || b.startsWith("models:/") || b.startsWith("bundle:")) {
                ModelBundle bundle = baselineBundle(where, b, base, annotation.registry(), spec.name());
                if (bundle.task() != spec.task()) {
                    throw new IllegalStateException(where + ": the baseline " + b + " is a " + bundle.task().specName()
                            + " model but the candidate is " + spec.task().specName() + "; compare models of the same task");
                }
                baselinePredictor = bundle.predictor();
                // Paired: the baseline is evaluated on the candidate's test rows.
                baselineSubject = GateSubject.evaluate(ModelUnderTest.of(bundle.name() + " " + bundle.version(),
                        baselinePredictor), data, testRows, null);
                subject = subject.withBaseline(baselineSubject);
            } else if (!b.isEmpty()) {
                Path baselineFile = base.resolve(b);
                ModelSpec baselineSpec = readSpec(where, "baseline", b, baselineFile);
                if (baselineSpec.task() != spec.task()) {
                    throw new IllegalStateException(where + ": the baseline " + b + " is a " + baselineSpec.task().specName()
                            + " model but the candidate is " + spec.task().specName() + "; compare models of the same task");
                }
                Dataset baselineData = Dataset.load(baselineSpec.dataset(), base, baselineSpec.task());
                baselineModel = new ModelTrainer().train(baselineSpec, baselineData);
                boolean sameData = baselineData.fingerprint().equals(data.fingerprint());
                // Paired: the baseline is evaluated on the candidate's test rows.
                baselineSubject = GateSubject.evaluate(ModelUnderTest.of(baselineModel), data, testRows,
                        sameData ? baselineModel.split().trainAndValidation() : null);
                if (sameData && overlaps(baselineModel.split().trainAndValidation(), testRows)) {
                    LOG.warn("{}: the baseline was trained on some of the candidate's test rows (different split);"
                            + " comparisons favour the baseline", where);
                }
                subject = subject.withBaseline(baselineSubject);
            }
            return new GateRun(where, spec, data, candidate, baselineModel, subject, baselineSubject, List.copyOf(gates),
                    base.resolve(annotation.reportDir()).resolve(spec.name()), candidatePredictor, baselinePredictor);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read the data of " + specFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads a baseline bundle: {@code bundle:<path>}, {@code models:/<name>@<alias>} or {@code /<version>},
     * or {@code alias:<alias>} for the candidate's own registered model.
     */
    private static ModelBundle baselineBundle(String where, String baseline, Path base, String registry, String model)
            throws IOException {
        try {
            if (baseline.startsWith("bundle:")) {
                return ModelBundle.load(base.resolve(baseline.substring("bundle:".length())));
            }
            String uri = baseline.startsWith("alias:") ? "models:/" + model + "@" + baseline.substring("alias:".length())
                    : baseline;
            if (!Files.isDirectory(base.resolve(registry))) {
                throw new IllegalStateException("there is no model registry at " + base.resolve(registry));
            }
            try (ModelRegistry models = ModelRegistry.open(base.resolve(registry))) {
                return ModelBundle.load(models.load(uri).bundle());
            }
        } catch (RuntimeException e) {
            throw new IllegalStateException(where + ": cannot load the baseline " + baseline + ": " + e.getMessage()
                    + (baseline.startsWith("bundle:") ? "" : " (registry " + base.resolve(registry) + "; promote a version"
                    + " with mvn mlops:promote -Dmlops.model=" + model + " -Dmlops.alias=champion)"), e);
        }
    }

    private static ModelSpec readSpec(String where, String attribute, String value, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(where + ": no model spec at " + file + " (" + attribute + " = \"" + value
                    + "\", resolved against the working directory " + Path.of("").toAbsolutePath() + "); set "
                    + attribute + " to the path of the model's YAML spec relative to the project folder");
        }
        try {
            return ModelSpecReader.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(where + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static boolean overlaps(int[] a, int[] b) {
        int[] sorted = a.clone();
        Arrays.sort(sorted);
        for (int x : b) {
            if (Arrays.binarySearch(sorted, x) >= 0) {
                return true;
            }
        }
        return false;
    }

    static GateSpec toSpec(GateRule r) {
        SliceSpec slice = null;
        if (!r.sliceFeature().isEmpty()) {
            slice = new SliceSpec(r.sliceFeature(), text(r.sliceEquals()), number(r.sliceMin()), number(r.sliceMax()));
        }
        return new GateSpec(text(r.name()), r.severity().specName(), text(r.metric()), text(r.forClass()), slice,
                r.minRows() == 0 ? null : r.minRows(), number(r.min()), number(r.max()), number(r.maxDrop()),
                number(r.minGain()), r.relative() ? Boolean.TRUE : null, number(r.confidence()), null, null,
                text(r.check()), text(r.column()), r.values().length == 0 ? null : List.of(r.values()), number(r.tolerance()));
    }

    private static String text(String s) {
        return s.isEmpty() ? null : s;
    }

    private static Double number(double d) {
        return Double.isNaN(d) ? null : d;
    }

    private void close(AutoCloseable predictor, String which) {
        if (predictor != null) {
            try {
                predictor.close();
            } catch (Exception e) {
                LOG.warn("{}: closing the {}'s predictor failed: {}", where, which, e.toString());
            }
        }
    }

    void record(GateResult result) {
        results.add(result);
    }

    /** Writes the report of every gate checked in the class. */
    @Override
    public void close() throws IOException {
        close(candidatePredictor, "candidate");
        close(baselinePredictor, "baseline");
        List<GateResult> all;
        synchronized (results) {
            all = List.copyOf(results);
        }
        if (all.isEmpty()) {
            return;
        }
        GateReport report = new GateReport(spec.name(), all);
        report.write(reportDir);
        LOG.info("Quality gates of {} ({}):{}{}", spec.name(), where, System.lineSeparator(), report.toMarkdown());
    }
}
