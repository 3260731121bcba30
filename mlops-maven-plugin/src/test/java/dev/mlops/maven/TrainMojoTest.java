package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the goal for real on a project folder; Maven's injection is replaced by setting the fields. */
class TrainMojoTest {

    @TempDir
    Path project;

    TrainMojo mojo;

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(project.resolve("data"));
        Files.copy(Path.of("../samples/iris/data/iris.csv"), project.resolve("data/iris.csv"));
        mojo = new TrainMojo();
        MavenProject maven = new MavenProject();
        maven.setFile(project.resolve("pom.xml").toFile());
        mojo.project = maven;
        mojo.spec = project.resolve("src/main/mlops/model.yaml").toFile();
        mojo.outputDirectory = project.resolve("target/mlops").toFile();
        mojo.outputTimestamp = "2026-01-01T00:00:00Z";
        mojo.trackingUri = project.resolve("mlruns").toString();
        mojo.bundleVersion = "1.0.0";
    }

    @Test
    void execute_trainsAndWritesReports() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: logistic-regression}
                """);
        mojo.execute();
        Path out = project.resolve("target/mlops/iris");
        JsonNode metrics = new ObjectMapper().readTree(out.resolve("metrics.json").toFile());
        assertTrue(metrics.get("accuracy").asDouble() >= 0.9, metrics.toString());
        assertTrue(Files.readString(out.resolve("predictions.csv")).startsWith("id,actual,predicted,p_setosa,p_versicolor,p_virginica\n"));
        assertEquals(31, Files.readAllLines(out.resolve("predictions.csv")).size());
        assertTrue(Files.exists(out.resolve("confusion_matrix.csv")));
        var bundle = dev.mlops.model.ModelBundle.load(out.resolve("iris-1.0.0.mlbundle"));
        assertEquals("1.0.0", bundle.version());
        assertEquals(dev.mlops.model.ModelBundle.load(out.resolve("bundle")).manifest(), bundle.manifest());
        try (var store = dev.mlops.tracking.TrackingStore.open(project.resolve("mlruns"))) {
            var experiment = store.findExperiment("iris").orElseThrow();
            mojo.force = true;
            mojo.execute();
            var runs = store.searchRuns(dev.mlops.tracking.RunQuery.of(experiment.id()));
            assertEquals(2, runs.size(), "training twice (forced: inputs are unchanged) records two runs");
            assertEquals(metrics.get("accuracy").asDouble(), runs.get(0).metrics().get("accuracy").value());
        }
    }

    @Test
    void execute_unchangedInputs_reusesBundle_changedDataByteRetrains() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: cart}
                """);
        mojo.skipTracking = true;
        mojo.execute();
        Path zip = project.resolve("target/mlops/iris/iris-1.0.0.mlbundle");
        Path fingerprint = project.resolve("target/mlops/iris/" + TrainMojo.FINGERPRINT_FILE);
        String first = Files.readString(fingerprint);
        Files.delete(zip); // a second training would write it again
        mojo.execute();
        assertTrue(Files.notExists(zip), "unchanged inputs: training was skipped");

        String csv = Files.readString(project.resolve("data/iris.csv"));
        Files.writeString(project.resolve("data/iris.csv"), csv.replaceFirst("5\\.1,3\\.5", "5.2,3.5"));
        mojo.execute();
        assertTrue(Files.exists(zip), "one changed data byte retrains");
        assertTrue(!first.equals(Files.readString(fingerprint)));

        Files.delete(zip);
        mojo.force = true;
        mojo.execute();
        assertTrue(Files.exists(zip), "-Dmlops.train.force retrains");
    }

    @Test
    void execute_unchangedInputs_otherTrackingStore_retrainsToRecordTheRun() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: cart}
                """);
        mojo.execute();
        Path runIdFile = project.resolve("target/mlops/iris/" + TrainMojo.RUN_ID_FILE);
        String firstRun = Files.readString(runIdFile).strip();
        mojo.execute();
        assertEquals(firstRun, Files.readString(runIdFile).strip(), "same store, unchanged inputs: up to date");

        // The same inputs against another store: the recorded run is not there, so the register goal
        // and the image's run label would point nowhere; train again and record the run in this store.
        mojo.trackingUri = project.resolve("other-mlruns").toString();
        mojo.execute();
        String secondRun = Files.readString(runIdFile).strip();
        assertTrue(!firstRun.equals(secondRun), "a new run is recorded in the other store");
        try (var store = dev.mlops.tracking.TrackingStore.open(project.resolve("other-mlruns"))) {
            assertEquals(secondRun, store.getRun(secondRun).id());
        }
        mojo.execute();
        assertEquals(secondRun, Files.readString(runIdFile).strip(), "now up to date in the other store");
    }

    @Test
    void execute_specTypo_failsBuildWithLocation() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: logistic-regression, parms: {}}
                """);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertTrue(e.getMessage().endsWith("model.yaml:4:38: unknown key 'parms' in trainer; did you mean 'params'?"
                + " Valid: class, params, seed, type"), e.getMessage());
    }

    @Test
    void execute_brokenCsv_failsBuildNamingLine() throws Exception {
        Files.writeString(project.resolve("data/iris.csv"), "a,b,species\n1,2,x\n3,y\n");
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: cart}
                """);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("data/iris.csv:3: expected 3 columns (a, b, species) but found 2", e.getMessage());
    }

    /** A custom trainer compiled into the project's output directory, as the project's own build would. */
    @Test
    void execute_customTrainerOfTheProject_trainsWithIt() throws Exception {
        Path classes = project.resolve("target/classes");
        compile(classes, "com/example/Stumps.java", """
                package com.example;

                import dev.mlops.data.Task;
                import java.util.Map;
                import org.tribuo.Trainer;
                import org.tribuo.classification.dtree.CARTClassificationTrainer;
                import org.tribuo.classification.dtree.impurity.GiniIndex;

                public final class Stumps implements dev.mlops.train.CustomTrainer {
                    @Override
                    public Trainer<?> create(Task task, Map<String, Object> params, long seed) {
                        int depth = ((Number) params.get("depth")).intValue();
                        return new CARTClassificationTrainer(depth, 5f, 0f, 1f, false, new GiniIndex(), seed);
                    }
                }
                """);
        assertThrows(ClassNotFoundException.class, () -> Class.forName("com.example.Stumps"),
                "only the project's class loader sees the class");
        mojo.project.getBuild().setOutputDirectory(classes.toString());
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: custom, class: com.example.Stumps, params: {depth: 1}}
                """);
        mojo.execute();
        var bundle = dev.mlops.model.ModelBundle.load(project.resolve("target/mlops/iris/iris-1.0.0.mlbundle"));
        assertEquals("custom", bundle.info().model().algorithm());
        try (var store = dev.mlops.tracking.TrackingStore.open(project.resolve("mlruns"))) {
            var run = store.searchRuns(dev.mlops.tracking.RunQuery.of(store.findExperiment("iris").orElseThrow().id())).get(0);
            assertEquals("com.example.Stumps", run.params().get("trainer.class"));
            assertEquals("1", run.params().get("depth"));
        }
        assertEquals(java.util.Map.of("depth", 1), bundle.info().model().hyperparameters());
        // One split isolates at most one of the three classes: 10 setosa and 10 of one other class
        // of the stratified 30 test rows are right.
        assertEquals(20.0 / 30, bundle.metrics().get("accuracy"), 1e-12);
    }

    @Test
    void execute_customTrainerNotCompiled_failsNamingSpecKeyAndClass() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: custom, class: com.example.Missing}
                """);
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("src/main/mlops/model.yaml: trainer.class: class 'com.example.Missing' was not found on the class"
                + " path; it must be compiled with the project (e.g. src/main/java) or come from a dependency, and compiled"
                + " before training", e.getMessage());
    }

    @Test
    void trainingInputs_dependencyBytes_changeTheFingerprint() throws Exception {
        writeSpec("""
                name: iris
                task: classification
                dataset: {file: data/iris.csv, target: species}
                trainer: {type: custom, class: com.example.Stumps}
                """);
        Path jar = Files.writeString(project.resolve("trainers.jar"), "v1");
        var spec = dev.mlops.train.ModelSpecReader.read(mojo.spec.toPath());
        String none = new TrainingInputs(mojo.spec.toPath(), spec, project, null, java.util.List.of(), "s").fingerprint();
        String v1 = new TrainingInputs(mojo.spec.toPath(), spec, project, null, java.util.List.of(jar), "s").fingerprint();
        Files.writeString(jar, "v2");
        String v2 = new TrainingInputs(mojo.spec.toPath(), spec, project, null, java.util.List.of(jar), "s").fingerprint();
        assertTrue(!none.equals(v1) && !v1.equals(v2), none + " " + v1 + " " + v2);
    }

    private static void compile(Path classes, String file, String source) throws Exception {
        Path src = classes.getParent().resolve("generated-src").resolve(file);
        Files.createDirectories(src.getParent());
        Files.createDirectories(classes);
        Files.writeString(src, source);
        javax.tools.JavaCompiler javac = javax.tools.ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter errors = new java.io.StringWriter();
        boolean ok = javac.getTask(errors, null, null, java.util.List.of("--release", "17", "-classpath",
                        System.getProperty("java.class.path"), "-d", classes.toString()), null,
                javac.getStandardFileManager(null, null, null).getJavaFileObjects(src)).call();
        assertTrue(ok, errors.toString());
    }

    @Test
    void execute_noSpec_saysWhereToPutIt() {
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertTrue(e.getMessage().startsWith("<spec> " + mojo.spec + " does not exist"), e.getMessage());
    }

    @Test
    void execute_skip_doesNothing() throws Exception {
        mojo.skip = true;
        mojo.execute();
        assertTrue(Files.notExists(project.resolve("target")));
    }

    @Test
    void buildTimestamp_acceptsIsoAndEpochSeconds() throws Exception {
        assertEquals(Instant.parse("2026-01-01T00:00:00Z"), mojo.buildTimestamp());
        mojo.outputTimestamp = "1700000000";
        assertEquals(Instant.ofEpochSecond(1_700_000_000L), mojo.buildTimestamp());
        mojo.outputTimestamp = null;
        assertEquals(Instant.EPOCH, mojo.buildTimestamp());
        mojo.outputTimestamp = "yesterday";
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::buildTimestamp);
        assertTrue(e.getMessage().startsWith("<project.build.outputTimestamp> 'yesterday' is neither"), e.getMessage());
    }

    private void writeSpec(String yaml) throws Exception {
        File file = mojo.spec;
        Files.createDirectories(file.toPath().getParent());
        Files.writeString(file.toPath(), yaml);
    }
}
