package dev.mlops.maven;

import dev.mlops.data.DataException;
import dev.mlops.drift.BundleDrift;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.DriftVerdict;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.util.Names;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

/**
 * Checks a file of recent production data for drift against the model bundle's reference profile
 * (made at training time): every input feature and the distribution of the model's predictions
 * (computed with the bundle's model when the file has no {@code prediction} column). Writes
 * {@code drift.json} and {@code drift.md} under {@code target/mlops/<model>/}, prints the table, and
 * fails the build when the data drifted, listing the drifted features with statistic and threshold.
 *
 * <pre>
 * mvn mlops:drift -Dmlops.drift.data=recent.csv
 * </pre>
 *
 * What counts as drift comes from {@code src/main/mlops/drift.yaml} when it exists (see
 * {@code docs/drift.md}), else from the defaults (Evidently's methods and thresholds).
 */
@Mojo(name = "drift", defaultPhase = LifecyclePhase.VERIFY, threadSafe = true)
public class DriftMojo extends AbstractMlopsMojo {

    /** The CSV (or TSV, by extension) of recent data, with a header naming the model's input fields. */
    @Parameter(property = "mlops.drift.data")
    File data;

    /**
     * The model bundle (directory or {@code .mlbundle}) to check against; by default the one
     * {@code mlops:train} wrote for the spec's model, {@code target/mlops/<model>/bundle}.
     */
    @Parameter(property = "mlops.drift.bundle")
    File bundle;

    /** The drift spec (YAML); by default {@code drift.yaml} next to the model spec, when it exists. */
    @Parameter(property = "mlops.drift.spec")
    File driftSpec;

    /** Skips this goal. */
    @Parameter(property = "mlops.drift.skip", defaultValue = "false")
    boolean skipDrift;

    @Override
    String goal() {
        return "drift";
    }

    @Override
    boolean skipGoal() {
        return skipDrift;
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException, IOException {
        Path dataFile = dataFile();
        ModelBundle model = ModelBundle.load(bundlePath());
        DriftSpec rules = driftSpec();
        DriftVerdict verdict;
        try {
            verdict = BundleDrift.check(model, dataFile, rules);
        } catch (DataException e) {
            throw new MojoFailureException("<data> (-Dmlops.drift.data): " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException("mlops:drift: " + e.getMessage(), e);
        }
        Path out = modelDirectory(model.name());
        verdict.report().writeJson(out.resolve("drift.json"));
        verdict.report().writeMarkdown(out.resolve("drift.md"));
        getLog().info("Drift of " + relative(dataFile) + " against model " + model.directoryName() + ":");
        for (String line : verdict.report().toMarkdown().split("\n")) {
            if (!line.isBlank() && !line.startsWith("# ")) {
                getLog().info(line);
            }
        }
        getLog().info("Reports written to " + relative(out.resolve("drift.json")) + " and drift.md");
        if (!verdict.passed()) {
            throw new MojoFailureException(relative(dataFile) + " drifted from model " + model.directoryName()
                    + ". " + verdict.failureMessage() + "\nSee " + relative(out.resolve("drift.md")) + ".");
        }
        getLog().info(verdict.explanation());
    }

    private Path dataFile() throws MojoExecutionException, IOException {
        if (data == null) {
            throw new MojoExecutionException("<data> is not set: give the CSV of recent production data to check,"
                    + " e.g. mvn mlops:drift -Dmlops.drift.data=recent.csv");
        }
        Path file = resolve(data);
        if (!Files.isRegularFile(file)) {
            throw new MojoExecutionException("<data> (-Dmlops.drift.data) " + file + " does not exist"
                    + nearbyFiles(file) + "; give the CSV of recent production data to check");
        }
        return file;
    }

    private Path bundlePath() throws MojoExecutionException, IOException {
        if (bundle != null) {
            Path path = resolve(bundle);
            if (!Files.exists(path)) {
                throw new MojoExecutionException("<bundle> (-Dmlops.drift.bundle) " + path + " does not exist"
                        + nearbyFiles(path) + "; give a model bundle directory or .mlbundle file");
            }
            return path;
        }
        Path specFile;
        try {
            specFile = specPath();
        } catch (MojoExecutionException e) {
            throw new MojoExecutionException(e.getMessage() + "; or give the bundle to check with -Dmlops.drift.bundle", e);
        }
        String name = ModelSpecReader.read(specFile).name();
        Path path = bundleDirectory(name);
        if (!Files.isDirectory(path)) {
            throw new MojoExecutionException("No model bundle for model " + name + " at " + relative(path)
                    + ": run mlops:train first (e.g. mvn verify), or give one with -Dmlops.drift.bundle");
        }
        return path;
    }

    private DriftSpec driftSpec() throws MojoExecutionException, MojoFailureException, IOException {
        Path file = driftSpec != null ? resolve(driftSpec) : spec.toPath().resolveSibling("drift.yaml");
        if (!Files.isRegularFile(file)) {
            if (driftSpec != null) {
                throw new MojoExecutionException("<driftSpec> (-Dmlops.drift.spec) " + file + " does not exist"
                        + nearbyFiles(file));
            }
            getLog().debug("No drift spec at " + file + ": default methods and thresholds");
            return DriftSpec.defaults();
        }
        try {
            return DriftSpec.read(file);
        } catch (IllegalArgumentException e) {
            throw new MojoFailureException(e.getMessage(), e);
        }
    }

    private Path resolve(File file) {
        Path path = file.toPath();
        return path.isAbsolute() ? path : project.getBasedir().toPath().resolve(path).normalize();
    }

    /** " (did you mean 'imdb.csv'?)" when a file of a similar name is in the same folder. */
    private static String nearbyFiles(Path missing) throws IOException {
        Path dir = missing.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            return "";
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            return Names.nearest(missing.getFileName().toString(), names).map(n -> " (did you mean '" + n + "'?)").orElse("");
        }
    }
}
