package dev.mlops.maven;

import dev.mlops.data.Dataset;
import dev.mlops.data.Split;
import dev.mlops.gate.Gate;
import dev.mlops.gate.GateEngine;
import dev.mlops.gate.GateReport;
import dev.mlops.gate.GateSubject;
import dev.mlops.gate.ModelUnderTest;
import dev.mlops.model.Engine;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Predictor;
import dev.mlops.registry.ModelRegistry;
import dev.mlops.report.GateRow;
import dev.mlops.report.ModelReport;
import dev.mlops.tracking.NotFoundException;
import dev.mlops.train.GateSpec;
import java.util.List;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Evaluates the spec's {@code gates:} against the model bundle {@code train} wrote (what ships is
 * what gets gated) on the spec's test rows, prints the verdict table, writes {@code gates.json} and
 * {@code gates.md} under {@code target/mlops/<model>/}, and fails the build when a blocking gate
 * fails. {@code warn} gates only warn; inconclusive gates are reported. When the bundle has an ONNX
 * model, the parity check compares it with the Tribuo model.
 */
@Mojo(name = "gate", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class GateMojo extends AbstractMlopsMojo {

    /** Skips this goal. */
    @Parameter(property = "mlops.gate.skip", defaultValue = "false")
    boolean skipGate;

    /**
     * The baseline for {@code max_drop} / {@code min_gain} gates: a registry URI such as
     * {@code models:/iris@champion} (the default, {@code models:/<model>@champion}) or a bundle path.
     * While no baseline exists yet (the first build), comparison gates are skipped with a warning.
     */
    @Parameter(property = "mlops.gate.baseline")
    String baseline;

    /** The registry the baseline URI is resolved in. */
    @Parameter(property = "mlops.registry.uri", defaultValue = "${project.basedir}/mlruns")
    String registryUri;

    @Override
    String goal() {
        return "gate";
    }

    @Override
    boolean skipGoal() {
        return skipGate;
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException, IOException {
        Path specFile = specPath();
        ModelSpec modelSpec = ModelSpecReader.read(specFile);
        if (modelSpec.gates().isEmpty()) {
            getLog().warn("Model " + modelSpec.name() + " declares no gates: nothing blocks a bad model."
                    + " Add a gates: list to " + specFile.getFileName() + " (see docs/gates.md)");
            return;
        }
        Dataset data = Dataset.load(modelSpec.dataset(), project.getBasedir().toPath(), modelSpec.task());
        ModelBundle bundle = builtBundle(modelSpec, data);
        Split split = data.split(modelSpec.dataset().split(), modelSpec.sweep() != null);
        List<GateSpec> gates = modelSpec.gates();
        ModelBundle baselineBundle = null;
        if (gates.stream().anyMatch(g -> g.maxDrop() != null || g.minGain() != null)) {
            baselineBundle = baseline(modelSpec.name());
            if (baselineBundle == null) {
                gates = gates.stream().filter(g -> g.maxDrop() == null && g.minGain() == null).toList();
            }
        }
        GateReport report;
        dev.mlops.evaluate.Evaluation evaluation;
        // An external ONNX model has no Tribuo model: ONNX Runtime is what ships, with no second runtime.
        boolean external = bundle.defaultEngine() == Engine.ONNX;
        try (Predictor shipped = bundle.predictor(external ? Engine.ONNX : Engine.TRIBUO);
             Predictor onnx = bundle.hasOnnx() && !external ? bundle.predictor(Engine.ONNX) : null;
             Predictor base = baselineBundle == null ? null : baselineBundle.predictor()) {
            GateSubject subject = GateSubject.evaluate(ModelUnderTest.of(modelSpec.name(), shipped), data, split.test(),
                    split.trainAndValidation());
            if (onnx != null) {
                subject = subject.withParityReference(ModelUnderTest.of(modelSpec.name() + " (ONNX)", onnx));
            }
            if (base != null) {
                subject = subject.withBaseline(ModelUnderTest.of(baselineBundle.name() + " " + baselineBundle.version()
                        + " (baseline)", base));
            }
            report = GateEngine.evaluate(Gate.fromSpecs(gates), subject);
            evaluation = subject.evaluation();
        }
        report.write(modelDirectory(modelSpec.name()));
        writeReport(ModelReport.builder(modelSpec.name()).description(modelSpec.description()).task(modelSpec.task())
                .version(bundle.version()).evaluation(evaluation).gates(GateRow.of(report))
                .datasetFingerprint(data.fingerprint()), modelSpec.name());
        for (String line : report.toMarkdown().split("\n")) {
            getLog().info(line);
        }
        for (var warning : report.warnings()) {
            getLog().warn(warning.explanation());
        }
        if (!report.passed()) {
            throw new MojoFailureException(report.failureMessage());
        }
    }

    /** The baseline bundle, or {@code null} (with a warning) when there is none yet. */
    private ModelBundle baseline(String model) throws IOException, MojoExecutionException {
        String uri = baseline != null && !baseline.isBlank() ? baseline : "models:/" + model + "@champion";
        if (!uri.startsWith("models:/")) {
            return ModelBundle.load(project.getBasedir().toPath().resolve(uri));
        }
        try (ModelRegistry registry = ModelRegistry.open(registryUri)) {
            return ModelBundle.load(registry.load(uri).bundle());
        } catch (NotFoundException e) {
            if (baseline != null && !baseline.isBlank()) {
                throw new MojoExecutionException("<baseline> " + uri + " does not exist in " + registryUri + ": "
                        + e.getMessage());
            }
            getLog().warn("No baseline " + uri + " in " + registryUri + " yet: comparison gates (max_drop, min_gain)"
                    + " are skipped. Promote a version (mvn mlops:promote -Dmlops.model=" + model
                    + " -Dmlops.alias=champion) to compare against it.");
            return null;
        }
    }
}
