package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftSpecYamlTest {

    @TempDir
    Path dir;

    private static String error(String yaml) {
        return assertThrows(IllegalArgumentException.class, () -> DriftSpec.parse("drift.yaml", yaml)).getMessage();
    }

    @Test
    void read_everyKey() throws Exception {
        Path file = dir.resolve("drift.yaml");
        Files.writeString(file, """
                # what counts as drift
                drift_share: 0.25
                fail_on_prediction_drift: false
                text_vocabulary: 80
                features:
                  prediction: {method: z}
                  sentence: {threshold: 0.15}
                  age:
                    method: PSI
                    threshold: 0.2
                """);
        DriftSpec spec = DriftSpec.read(file);
        assertEquals(new DriftSpec(0.25, Map.of(
                "prediction", new DriftSpec.FeatureSetting(DriftMethod.Z, null),
                "sentence", new DriftSpec.FeatureSetting(null, 0.15),
                "age", new DriftSpec.FeatureSetting(DriftMethod.PSI, 0.2)), 80, false), spec);
    }

    @Test
    void parse_emptyOrPartial_keepsTheDefaults() {
        assertEquals(DriftSpec.defaults(), DriftSpec.parse("drift.yaml", ""));
        assertEquals(DriftSpec.defaults(), DriftSpec.parse("drift.yaml", "# nothing yet\n"));
        assertEquals(DriftSpec.defaults().withDriftShare(0.3), DriftSpec.parse("drift.yaml", "drift_share: 0.3\n"));
    }

    @Test
    void parse_mistakes_nameFileLineKeyAndWhatIsValid() {
        assertEquals("drift.yaml:2:1: unknown key 'drift_shar'; did you mean 'drift_share'? Valid: drift_share,"
                + " fail_on_prediction_drift, features, text_vocabulary", error("text_vocabulary: 10\ndrift_shar: 0.3\n"));
        assertEquals("drift.yaml:2:19: unknown key 'treshold' in features.x; did you mean 'threshold'? Valid: method,"
                + " threshold", error("features:\n  x: {method: ks, treshold: 0.1}\n"));
        assertEquals("drift.yaml: features.prediction: unknown drift method 'zz'; did you mean 'z'? Valid: ks, chisquare, z,"
                + " chi2_contingency, psi, jensenshannon, wasserstein", error("features:\n  prediction: {method: zz}\n"));
        assertEquals("drift.yaml: features.x: threshold must be a finite number >= 0, got -0.1",
                error("features:\n  x: {threshold: -0.1}\n"));
        assertEquals("drift.yaml: features.x needs a method, a threshold or both, e.g. {method: psi, threshold: 0.2}",
                error("features:\n  x: {}\n"));
        assertEquals("drift.yaml: driftShare must be in (0, 1], got 1.5", error("drift_share: 1.5\n"));
        String type = error("drift_share: lots\n");
        assertEquals(true, type.startsWith("drift.yaml:1:14: drift_share: Cannot deserialize value of type"), type);
        String syntax = error("features: [\n");
        assertEquals(true, syntax.startsWith("drift.yaml:"), syntax);
        assertEquals(true, syntax.contains("not valid YAML"), syntax);
    }

    @Test
    void read_missingFile_saysWhereItLooked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DriftSpec.read(dir.resolve("drfit.yaml")));
        assertEquals(dir.resolve("drfit.yaml") + ": drift spec file not found (looked for " + dir.resolve("drfit.yaml") + ")",
                e.getMessage());
    }
}
