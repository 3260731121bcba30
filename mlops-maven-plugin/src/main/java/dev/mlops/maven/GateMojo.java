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
        GateReport report;
        try (Predictor shipped = bundle.predictor(Engine.TRIBUO);
             Predictor onnx = bundle.hasOnnx() ? bundle.predictor(Engine.ONNX) : null) {
            GateSubject subject = GateSubject.evaluate(ModelUnderTest.of(modelSpec.name(), shipped), data, split.test(),
                    split.trainAndValidation());
            if (onnx != null) {
                subject = subject.withParityReference(ModelUnderTest.of(modelSpec.name() + " (ONNX)", onnx));
            }
            report = GateEngine.evaluate(Gate.fromSpecs(modelSpec.gates()), subject);
        }
        report.write(modelDirectory(modelSpec.name()));
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
}
