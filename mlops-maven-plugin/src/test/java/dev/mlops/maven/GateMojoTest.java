package dev.mlops.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs train then gate for real on a project folder: the gate goal gates the bundle train wrote. */
class GateMojoTest {

    @TempDir
    Path project;

    @Test
    void gate_passingGates_writesReportAndPasses() throws Exception {
        writeSpec("trainer: {type: cart}\ngates:\n  - {metric: accuracy, min: 0.8}\n  - {metric: f1_weighted, min: 0.99, severity: warn}\n");
        configure(new TrainMojo()).execute();
        configure(new GateMojo()).execute();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(project.resolve("target/mlops/iris/gates.json").toFile());
        assertTrue(json.get("passed").asBoolean(), json.toString());
        assertEquals(1, json.get("counts").get("pass").asInt());
        assertEquals(1, json.get("counts").get("warn").asInt(), "the missed warn gate is reported, not failed");
        assertTrue(Files.readString(project.resolve("target/mlops/iris/gates.md")).contains("accuracy >= 0.8"));
        String html = Files.readString(project.resolve("target/mlops/iris/report.html"));
        assertTrue(html.contains("accuracy &gt;= 0.8") || html.contains("accuracy >= 0.8"), "the report shows the gates");
    }

    @Test
    void gate_failingGate_failsBuildNamingGateValueAndRule() throws Exception {
        writeSpec("trainer: {type: cart, params: {max_depth: 1}}\ngates:\n  - {metric: accuracy, min: 0.9}\n");
        configure(new TrainMojo()).execute();
        MojoFailureException e = assertThrows(MojoFailureException.class, () -> configure(new GateMojo()).execute());
        assertTrue(e.getMessage().contains("accuracy >= 0.9"), e.getMessage());
        assertTrue(e.getMessage().contains("0.6667"), "observed value of a stump on 3 classes: " + e.getMessage());
    }

    @Test
    void gate_comparisonGates_skippedWithoutChampion_thenComparedWithIt() throws Exception {
        writeSpec("trainer: {type: cart}\ngates:\n  - {metric: accuracy, min: 0.8}\n  - {metric: accuracy, max_drop: 0.02}\n");
        configure(new TrainMojo()).execute();
        configure(new GateMojo()).execute();
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(project.resolve("target/mlops/iris/gates.json").toFile());
        assertEquals(1, json.get("counts").get("total").asInt(), "no champion yet: the comparison gate is skipped");

        RegisterMojo register = configure(new RegisterMojo());
        register.alias = "champion";
        register.execute();
        configure(new GateMojo()).execute();
        json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(project.resolve("target/mlops/iris/gates.json").toFile());
        assertEquals(2, json.get("counts").get("total").asInt());
        var comparison = json.get("gates").get(1);
        assertEquals("pass", comparison.get("verdict").asText(), comparison.toString());
        assertEquals(comparison.get("observed").asDouble(), comparison.get("baseline").asDouble() + 0.0, 1e-12,
                "the champion is the same model, so there is no drop: " + comparison);
    }

    @Test
    void gate_withoutBundle_saysToTrainFirst() throws Exception {
        writeSpec("trainer: {type: cart}\ngates:\n  - {metric: accuracy, min: 0.8}\n");
        var e = assertThrows(org.apache.maven.plugin.MojoExecutionException.class, () -> configure(new GateMojo()).execute());
        assertTrue(e.getMessage().startsWith("No model bundle at "), e.getMessage());
    }

    @Test
    void gate_dataChangedSinceTraining_refusesStaleBundle() throws Exception {
        writeSpec("trainer: {type: cart}\ngates:\n  - {metric: accuracy, min: 0.8}\n");
        configure(new TrainMojo()).execute();
        Path csv = project.resolve("data/iris.csv");
        Files.writeString(csv, Files.readString(csv).replaceFirst("5\\.1,3\\.5", "5.2,3.5"));
        var e = assertThrows(org.apache.maven.plugin.MojoExecutionException.class, () -> configure(new GateMojo()).execute());
        assertTrue(e.getMessage().contains("run mlops:train to retrain"), e.getMessage());
    }

    private <T extends AbstractMlopsMojo> T configure(T mojo) {
        if (mojo instanceof TrainMojo t) {
            t.skipTracking = true;
        }
        return Projects.configure(mojo, project);
    }

    private void writeSpec(String tail) throws Exception {
        Projects.iris(project, "name: iris\ntask: classification\ndataset: {file: data/iris.csv, target: species}\n" + tail);
    }
}
