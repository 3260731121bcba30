package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.Dataset;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.project.MavenProject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the goal for real on a project folder holding an iris model bundle with its reference profile
 * (as mlops:train writes it to target/mlops/iris/bundle) and CSV files of "recent" data: the model's
 * test rows as they are, and with the petal measurements shifted.
 */
class DriftMojoTest {

    static final String SPEC = "name: iris\ntask: classification\ndataset: {file: data/iris.csv, target: species}\n"
            + "trainer: {type: logistic-regression}\n";
    static final Instant TIME = Instant.parse("2026-01-01T00:00:00Z");

    static ModelBundle bundle;
    static TrainedModel trained;

    @TempDir
    Path project;

    DriftMojo mojo;

    @BeforeAll
    static void bundle() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("model.yaml", SPEC);
        Dataset data = Dataset.load(spec.dataset(), Path.of("../samples/iris"), spec.task());
        trained = new ModelTrainer(TIME).train(spec, data);
        bundle = ModelBundle.from(trained, data, BundleMetadata.of("1.0.0", TIME));
    }

    @BeforeEach
    void setUp() throws Exception {
        Files.createDirectories(project.resolve("src/main/mlops"));
        Files.writeString(project.resolve("src/main/mlops/model.yaml"), SPEC);
        bundle.write(project.resolve("target/mlops/iris/bundle"));
        writeRows("recent.csv", 0, 0);
        writeRows("shifted.csv", 1.5, 0.8);
        mojo = new DriftMojo();
        MavenProject maven = new MavenProject();
        maven.setFile(project.resolve("pom.xml").toFile());
        mojo.project = maven;
        mojo.spec = project.resolve("src/main/mlops/model.yaml").toFile();
        mojo.outputDirectory = project.resolve("target/mlops").toFile();
        mojo.outputTimestamp = "2026-01-01T00:00:00Z";
    }

    /** The 30 test rows as a CSV with the petal measurements shifted. */
    private void writeRows(String name, double petalLength, double petalWidth) throws Exception {
        Dataset test = trained.testData();
        StringBuilder csv = new StringBuilder("sepal_length,sepal_width,petal_length,petal_width,species\n");
        for (int r = 0; r < test.size(); r++) {
            csv.append(test.feature("sepal_length").numbers()[r]).append(',')
                    .append(test.feature("sepal_width").numbers()[r]).append(',')
                    .append(test.feature("petal_length").numbers()[r] + petalLength).append(',')
                    .append(test.feature("petal_width").numbers()[r] + petalWidth).append(',')
                    .append(test.label(r)).append('\n');
        }
        Files.writeString(project.resolve(name), csv);
    }

    private JsonNode driftJson() throws Exception {
        return new ObjectMapper().readTree(project.resolve("target/mlops/iris/drift.json").toFile());
    }

    @Test
    void drift_recentDataLikeTraining_passesAndWritesReports() throws Exception {
        mojo.data = new java.io.File("recent.csv"); // relative to the project folder
        mojo.execute();
        JsonNode json = driftJson();
        assertFalse(json.get("dataset").get("datasetDrift").asBoolean(), json.toString());
        assertEquals(4, json.get("features").size());
        assertEquals(30, json.get("prediction").get("currentValues").asInt(), "predictions computed by the bundle's model");
        assertTrue(Files.readString(project.resolve("target/mlops/iris/drift.md")).contains("| petal_length | numeric | ks |"));
    }

    @Test
    void drift_shiftedData_failsTheBuildListingDriftedFeatures() throws Exception {
        mojo.data = project.resolve("shifted.csv").toFile();
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("""
                shifted.csv drifted from model iris-1.0.0. Drift: 2 of 4 features drifted (50.0% >= 50.0%); predictions \
                'prediction' drifted: chisquare p=7.394e-05 < 0.0500, medium
                  petal_length: ks p=2.302e-04 <= 0.0500, medium (statistic 0.4250)
                  petal_width: ks p=6.062e-06 <= 0.0500, high (statistic 0.5000)
                  prediction: chisquare p=7.394e-05 < 0.0500, medium (statistic 19.0244)
                See target/mlops/iris/drift.md.""", e.getMessage());
        assertTrue(driftJson().get("dataset").get("datasetDrift").asBoolean(), "the report is written before failing");
    }

    @Test
    void drift_driftSpecNextToTheModelSpec_decidesWhatCountsAsDrift() throws Exception {
        Files.writeString(project.resolve("src/main/mlops/drift.yaml"), "drift_share: 0.75\nfail_on_prediction_drift: false\n");
        mojo.data = project.resolve("shifted.csv").toFile();
        mojo.execute();
        assertEquals(0.75, driftJson().get("dataset").get("driftShare").asDouble());

        Files.writeString(project.resolve("src/main/mlops/drift.yaml"), "features:\n  petal_lenght: {method: psi}\n");
        MojoFailureException e = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("mlops:drift: drift spec names feature 'petal_lenght' that the reference profile does not have;"
                + " did you mean 'petal_length'? Valid: sepal_length, sepal_width, petal_length, petal_width, prediction",
                e.getMessage());

        mojo.driftSpec = project.resolve("drfit.yaml").toFile();
        MojoExecutionException missing = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("<driftSpec> (-Dmlops.drift.spec) " + project.resolve("drfit.yaml") + " does not exist", missing.getMessage());
    }

    @Test
    void drift_bundleGivenExplicitly_asZip() throws Exception {
        Path zip = project.resolve("iris-1.0.0.mlbundle");
        bundle.writeZip(zip);
        mojo.bundle = zip.toFile();
        mojo.spec = project.resolve("no-spec-needed.yaml").toFile();
        mojo.data = project.resolve("recent.csv").toFile();
        mojo.execute();
        assertTrue(Files.exists(project.resolve("target/mlops/iris/drift.json")));
    }

    @Test
    void drift_missingOrMalformedInput_namesThePropertyFileAndLine() throws Exception {
        MojoExecutionException unset = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("<data> is not set: give the CSV of recent production data to check, e.g. mvn mlops:drift"
                + " -Dmlops.drift.data=recent.csv", unset.getMessage());

        mojo.data = project.resolve("recnt.csv").toFile();
        MojoExecutionException typo = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("<data> (-Dmlops.drift.data) " + project.resolve("recnt.csv") + " does not exist (did you mean"
                + " 'recent.csv'?); give the CSV of recent production data to check", typo.getMessage());

        Files.writeString(project.resolve("bad.csv"), "sepal_length,sepal_width,petal_length,petal_width\n5,3,1,0.2\n5,3,long,0.2\n");
        mojo.data = project.resolve("bad.csv").toFile();
        MojoFailureException malformed = assertThrows(MojoFailureException.class, mojo::execute);
        assertEquals("<data> (-Dmlops.drift.data): " + project.resolve("bad.csv") + ":3: column 'petal_length' is numeric"
                + " but has 'long'; expected a number or an empty field for missing", malformed.getMessage());

        mojo.data = project.resolve("recent.csv").toFile();
        mojo.bundle = project.resolve("target/mlops/iris/bundel").toFile();
        MojoExecutionException bundleTypo = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("<bundle> (-Dmlops.drift.bundle) " + project.resolve("target/mlops/iris/bundel") + " does not exist"
                + " (did you mean 'bundle'?); give a model bundle directory or .mlbundle file", bundleTypo.getMessage());
    }

    @Test
    void drift_noBundleYet_saysToTrainFirst() throws Exception {
        try (var files = Files.walk(project.resolve("target"))) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        mojo.data = project.resolve("recent.csv").toFile();
        MojoExecutionException e = assertThrows(MojoExecutionException.class, mojo::execute);
        assertEquals("No model bundle for model iris at target/mlops/iris/bundle: run mlops:train first (e.g. mvn verify),"
                + " or give one with -Dmlops.drift.bundle", e.getMessage());
    }

    @Test
    void drift_skip_doesNothing() throws Exception {
        mojo.skipDrift = true;
        mojo.execute(); // no data file given: would fail if it ran
        assertFalse(Files.exists(project.resolve("target/mlops/iris/drift.json")));
    }
}
