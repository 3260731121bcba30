package dev.mlops.maven;

import dev.mlops.gate.Gate;
import dev.mlops.gate.GateEngine;
import dev.mlops.gate.GateReport;
import dev.mlops.gate.GateSubject;
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
 * Evaluates the spec's {@code gates:} against the model trained in this build, prints the verdict
 * table, writes {@code gates.json} and {@code gates.md} under {@code target/mlops/<model>/}, and fails
 * the build when a blocking gate fails. {@code warn} gates only warn; inconclusive gates are reported.
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
        Trained trained = trained(specFile, modelSpec);
        GateReport report = GateEngine.evaluate(Gate.fromSpecs(modelSpec.gates()),
                GateSubject.of(trained.model(), trained.data()));
        Path out = modelDirectory(modelSpec.name());
        report.write(out);
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
