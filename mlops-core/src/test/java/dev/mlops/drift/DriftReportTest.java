package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.drift.stats.SampleGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriftReportTest {

    @TempDir
    Path dir;

    private static DriftReport report() {
        double[] ref = SampleGenerator.sample(61, 1000, "sum3", 1, 0);
        double[] cur = SampleGenerator.sample(62, 1500, "sum3", 1, 0.1);
        String[] refC = new String[1000];
        String[] curC = new String[1500];
        for (int i = 0; i < refC.length; i++) {
            refC[i] = "k" + (i % 3);
        }
        for (int i = 0; i < curC.length; i++) {
            curC[i] = i % 7 == 0 ? "new" : "k" + (i % 3);
        }
        return DriftDetector.detect(ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", ref),
                FeatureColumn.categorical("c|d", refC))),
            DataColumns.of(FeatureColumn.numeric("x", cur), FeatureColumn.categorical("c|d", curC)), DriftSpec.defaults());
    }

    @Test
    void writeJson_roundTripsWithStableLayout() throws Exception {
        DriftReport r = report();
        Path file = dir.resolve("drift.json");
        r.writeJson(file);
        DriftReport back = DriftReport.readJson(file);
        assertEquals(r, back);
        String json = Files.readString(file);
        assertTrue(json.contains("\"feature\" : \"x\",\n    \"kind\" : \"numeric\",\n    \"method\" : \"ks\",\n"
            + "    \"statistic\" : "), json);
        // An unseen category makes the chi-square statistic infinite; it survives the round trip.
        assertEquals(Double.POSITIVE_INFINITY, back.feature("c|d").orElseThrow().statistic());
        assertEquals(0.0, back.feature("c|d").orElseThrow().pValue());
    }

    @Test
    void toMarkdown_showsVerdictAndOneRowPerFeature() {
        String md = report().toMarkdown();
        assertTrue(md.startsWith("# Data drift report\n\nDataset drift: **DETECTED**: 2 of 2 features drifted (100.0%;"
            + " threshold 50.0%).\nReference rows: 1000; current rows: 1500.\n"), md);
        assertTrue(md.contains("| x | numeric | ks | 0.1027 | p = 6.016e-06 | 0.0500 | **yes** | high |"), md);
        assertTrue(md.contains("| c\\|d | categorical | chisquare | inf | p = 0 | 0.0500 | **yes** | high |"), md);
    }
}
