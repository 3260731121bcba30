package dev.mlops.maven;

import dev.mlops.data.Dataset;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ExternalOnnxModel;
import dev.mlops.model.ModelBundle;
import dev.mlops.report.ModelReport;
import dev.mlops.tracking.TrackingStore;
import dev.mlops.tracking.TrainingRuns;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import dev.mlops.train.TrainerSpec;
import dev.mlops.util.AtomicFiles;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.maven.artifact.Artifact;
import org.apache.maven.artifact.DependencyResolutionRequiredException;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.plugins.annotations.ResolutionScope;

/**
 * Trains the model described by the spec (or wraps the spec's external ONNX model), evaluates it on
 * the held-out test rows, and writes under {@code target/mlops/<model>/}: the model bundle
 * ({@code bundle/} and {@code <model>-<version>.mlbundle}), {@code metrics.json},
 * {@code predictions.csv} and {@code confusion_matrix.csv}. Records the run (MLflow layout in
 * {@code mlruns/} by default). Skips all of it when nothing that goes into the model changed since
 * the last successful training: the spec, the data files, the project's compiled classes, the
 * plugin version, the bundle version and the build timestamp. A spec's
 * {@code trainer: {type: custom, class: ...}} names a class of the project itself (compiled before
 * this goal runs) or of its dependencies.
 */
@Mojo(name = "train", defaultPhase = LifecyclePhase.PROCESS_CLASSES, threadSafe = true,
        requiresDependencyResolution = ResolutionScope.COMPILE_PLUS_RUNTIME)
public class TrainMojo extends AbstractMlopsMojo {

    static final String FINGERPRINT_FILE = "train.fingerprint";
    static final String RUN_ID_FILE = "run.id";

    /** Skips this goal. */
    @Parameter(property = "mlops.train.skip", defaultValue = "false")
    boolean skipTrain;

    /** Retrains even when the inputs are unchanged since the last training. */
    @Parameter(property = "mlops.train.force", defaultValue = "false")
    boolean force;

    /** Trains without recording a tracking run. */
    @Parameter(property = "mlops.tracking.skip", defaultValue = "false")
    boolean skipTracking;

    /** The version recorded in the model bundle (and image labels). */
    @Parameter(property = "mlops.bundle.version", defaultValue = "${project.version}")
    String bundleVersion;

    /** This plugin's version: a new plugin may train differently, so it is part of the up-to-date check. */
    @Parameter(defaultValue = "${plugin.version}", readonly = true)
    String pluginVersion;

    @Override
    String goal() {
        return "train";
    }

    @Override
    boolean skipGoal() {
        return skipTrain;
    }

    @Override
    void run() throws MojoExecutionException, MojoFailureException, IOException {
        Path specFile = specPath();
        ModelSpec modelSpec = ModelSpecReader.read(specFile);
        Path baseDir = project.getBasedir().toPath();
        Path out = modelDirectory(modelSpec.name());
        Path fingerprintFile = out.resolve(FINGERPRINT_FILE);
        String fingerprint = fingerprint(specFile, modelSpec, baseDir);
        if (!force && upToDate(fingerprintFile, fingerprint, modelSpec)) {
            getLog().info("Model " + modelSpec.name() + " is up to date (spec, data, classes and plugin unchanged);"
                    + " reusing " + baseDir.relativize(bundleDirectory(modelSpec.name()).toAbsolutePath())
                    + ". Use -Dmlops.train.force to retrain.");
            return;
        }
        Files.deleteIfExists(fingerprintFile);
        Files.deleteIfExists(out.resolve(RUN_ID_FILE));
        BundleMetadata metadata = new BundleMetadata(bundleVersion, buildTimestamp(), null).withGitCommitFrom(baseDir);
        ModelBundle bundle;
        TrainedModel model = null;
        if (modelSpec.isExternal()) {
            bundle = ExternalOnnxModel.bundle(modelSpec, baseDir, metadata);
            getLog().info("Wrapped external ONNX model " + modelSpec.onnx().file());
        } else {
            // Open until the model is bundled: a custom trainer's model may load classes lazily.
            try (URLClassLoader projectClasses = projectClassLoader()) {
                Dataset data = ModelTrainer.load(modelSpec, baseDir);
                try {
                    model = new ModelTrainer(buildTimestamp()).withClassLoader(projectClasses).train(modelSpec, data);
                } catch (IllegalArgumentException e) {
                    // The trainer's checks of the spec (hyperparameters, a custom trainer class) name the key and value.
                    throw new MojoFailureException(baseDir.relativize(specFile.toAbsolutePath()) + ": " + e.getMessage(), e);
                }
                model.writeReports(out);
                bundle = ModelBundle.from(model, data, metadata);
            }
        }
        bundle.write(bundleDirectory(modelSpec.name()));
        Path zip = out.resolve(bundle.fileName());
        bundle.writeZip(zip);
        getLog().info("Model " + modelSpec.name() + " " + bundle.version() + " test metrics:");
        for (Map.Entry<String, Double> e : bundle.metrics().entrySet()) {
            if (!e.getKey().contains(".")) {
                getLog().info(String.format(Locale.ROOT, "  %-20s %.4f", e.getKey(), e.getValue()));
            }
        }
        getLog().info("Bundle " + baseDir.relativize(zip.toAbsolutePath()) + (modelSpec.isExternal() ? " (external ONNX)"
                : bundle.hasOnnx() ? " (Tribuo + ONNX)" : " (no ONNX: " + bundle.manifest().onnx().reason() + ")"));
        String runId = null;
        if (!skipTracking && model != null) {
            try (TrackingStore store = TrackingStore.open(trackingUri)) {
                runId = TrainingRuns.record(store, model, new TrainingRuns.Attachments(baseDir, out, zip));
                getLog().info("Recorded run " + runId + " in experiment '" + modelSpec.name() + "' at " + trackingUri);
                AtomicFiles.writeString(out.resolve(RUN_ID_FILE), runId + "\n");
            }
        }
        if (model != null) {
            writeReport(ModelReport.builder(modelSpec.name()).from(model).version(bundle.version()).runId(runId),
                    modelSpec.name());
        }
        AtomicFiles.writeString(fingerprintFile, fingerprint + "\n");
    }

    private boolean upToDate(Path fingerprintFile, String fingerprint, ModelSpec modelSpec) {
        try {
            if (!Files.isRegularFile(fingerprintFile) || !Files.readString(fingerprintFile).strip().equals(fingerprint)) {
                return false;
            }
            ModelBundle.load(bundleDirectory(modelSpec.name()));
            String missing = modelSpec.isExternal() || skipTracking ? null : missingRun(modelSpec);
            if (missing != null) {
                getLog().info("Retraining " + modelSpec.name() + ": " + missing);
                return false;
            }
            return true;
        } catch (IOException | RuntimeException e) {
            getLog().info("Retraining " + modelSpec.name() + ": the previous bundle cannot be reused (" + e.getMessage() + ")");
            return false;
        }
    }

    /**
     * Why the previous training's run cannot be reused in the configured tracking store (the build
     * recorded none, or recorded it in another store, e.g. with a different {@code mlops.tracking.uri}),
     * or null when it is there: the register goal and image labels refer to that run.
     */
    private String missingRun(ModelSpec modelSpec) throws IOException {
        Path runIdFile = modelDirectory(modelSpec.name()).resolve(RUN_ID_FILE);
        if (!Files.isRegularFile(runIdFile)) {
            return "the previous training recorded no tracking run";
        }
        String runId = Files.readString(runIdFile).strip();
        try (TrackingStore store = TrackingStore.open(trackingUri)) {
            store.getRun(runId);
            return null;
        } catch (dev.mlops.tracking.NotFoundException e) {
            return "its recorded run " + runId + " is not in the tracking store " + trackingUri;
        }
    }

    /**
     * Hashes the training inputs. A custom trainer may come from a dependency: snapshots and class
     * folders are hashed by content, released artifacts (which never change) by their coordinates.
     */
    private String fingerprint(Path specFile, ModelSpec modelSpec, Path baseDir)
            throws IOException, MojoExecutionException {
        List<Path> changing = new ArrayList<>();
        List<String> released = new ArrayList<>();
        if (usesCustomTrainer(modelSpec)) {
            for (Artifact a : project.getArtifacts()) {
                if (a.getFile() != null && (a.isSnapshot() || a.getFile().isDirectory())) {
                    changing.add(a.getFile().toPath());
                } else if (a.getFile() != null) {
                    released.add(a.getId());
                }
            }
            released.sort(null);
        }
        return new TrainingInputs(specFile, modelSpec, baseDir, classesDirectory(), changing,
                pluginVersion + "|" + bundleVersion + "|" + buildTimestamp() + "|" + String.join(",", released))
                .fingerprint();
    }

    private static boolean usesCustomTrainer(ModelSpec modelSpec) {
        if (modelSpec.trainer() == null) {
            return false;
        }
        List<TrainerSpec> trainers = new ArrayList<>(List.of(modelSpec.trainer()));
        if (modelSpec.sweep() != null) {
            trainers.addAll(modelSpec.sweep().candidates());
        }
        return trainers.stream().anyMatch(t -> t.className() != null);
    }

    /** The project's compiled classes and its compile and runtime dependencies, in class path order. */
    private List<Path> classPath() throws MojoExecutionException {
        Set<String> elements = new LinkedHashSet<>();
        try {
            elements.addAll(project.getCompileClasspathElements());
            elements.addAll(project.getRuntimeClasspathElements());
        } catch (DependencyResolutionRequiredException e) {
            throw new MojoExecutionException("mlops:train needs the project's dependencies resolved: " + e.getMessage(), e);
        }
        return elements.stream().map(Path::of).toList();
    }

    /**
     * Finds custom trainer classes on the project's class path; the library's own classes (and
     * Tribuo's) come from the plugin, so that the project's {@code CustomTrainer} is the one the
     * library knows.
     */
    private URLClassLoader projectClassLoader() throws MojoExecutionException {
        List<URL> urls = new ArrayList<>();
        for (Path element : classPath()) {
            try {
                urls.add(element.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new MojoExecutionException("Class path element " + element + " is not a valid path", e);
            }
        }
        return new URLClassLoader("mlops project classes", urls.toArray(URL[]::new), getClass().getClassLoader());
    }

    private Path classesDirectory() {
        String dir = project.getBuild() == null ? null : project.getBuild().getOutputDirectory();
        return dir == null ? null : Path.of(dir);
    }
}
