package dev.mlops.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mlops.drift.DataColumns;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.ProfileOptions;
import dev.mlops.drift.ReferenceProfile;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** KS statistics pinned from scipy.stats.ks_2samp (src/test/python/drift_reference.py); TVD by hand. */
class DriftReferenceTest {

    static double[] column(int index) throws Exception {
        List<String> lines = Files.readAllLines(Fixtures.DATA.resolve("iris.csv"));
        return lines.subList(1, lines.size()).stream().mapToDouble(l -> Double.parseDouble(l.split(",")[index])).toArray();
    }

    static double ks(double[] a, double[] b) {
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        return DriftReference.ks(x, y);
    }

    @Test
    void ks_matchesScipy() throws Exception {
        double[][] pinned = {{0.64, 0.03333333333333333}, {0.22, 0.03333333333333333}, {0.92, 0.04},
            {0.9, 0.03333333333333333}};
        for (int c = 0; c < 4; c++) {
            double[] v = column(c);
            assertEquals(pinned[c][0], ks(Arrays.copyOfRange(v, 0, 100), Arrays.copyOfRange(v, 100, 150)), 1e-12);
            double[] even = new double[75];
            for (int i = 0; i < 75; i++) {
                even[i] = v[2 * i];
            }
            assertEquals(pinned[c][1], ks(v, even), 1e-12, "column " + c);
        }
    }

    @Test
    void ks_identicalSamplesIsZero_disjointIsOne() {
        double[] a = {1, 2, 2, 3};
        assertEquals(0.0, ks(a, a));
        assertEquals(1.0, ks(a, new double[] {4, 5}));
    }

    @Test
    void score_numericAndCategorical() {
        DriftReference ref = new DriftReference(Map.of("x", new double[] {1, 2, 3, 4, Double.NaN}),
                Map.of("colour", new String[] {"red", "red", "blue", "green", null}));
        // training shares red .5, blue .25, green .25; window red .25, blue .25, unseen .5 -> (0.25 + 0.25 + 0.5) / 2
        List<DriftReference.Score> scores = ref.score(Map.of("x", new double[] {3, 4}),
                Map.of("colour", new String[] {"red", "blue", "purple", "pink"}));
        assertEquals(List.of(new DriftReference.Score("x", "ks", 0.5), new DriftReference.Score("colour", "tvd", 0.5)),
                scores);
        assertEquals(List.of(), ref.score(Map.of(), Map.of()));
    }

    @Test
    void from_profile_scoresLikeTheTrainingValuesThemselves() {
        double[] x = {1, 2, 3, 4, Double.NaN};
        String[] colour = {"red", "red", "blue", "green", null};
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.numeric("x", x),
                FeatureColumn.categorical("colour", colour), FeatureColumn.text("notes", new String[] {"a", "b", "c", "d", "e"})));
        DriftReference reference = DriftReference.from(profile);
        assertEquals(List.of("x", "colour"), reference.features(), "text has no distribution to compare");
        Map<String, double[]> numeric = Map.of("x", new double[] {3, 4});
        Map<String, String[]> categorical = Map.of("colour", new String[] {"red", "blue", "purple", "pink"});
        assertEquals(new DriftReference(Map.of("x", x), Map.of("colour", colour)).score(numeric, categorical),
                reference.score(numeric, categorical));
        assertEquals(List.of(new DriftReference.Score("x", "ks", 0.5), new DriftReference.Score("colour", "tvd", 0.5)),
                reference.score(numeric, categorical));
    }

    @Test
    void from_profileWithTruncatedCategories_poolsTheRestLikeUnseenOnes() {
        // two categories kept: red 3/7, blue 2/7; green and pink pooled: 2/7
        ReferenceProfile profile = ReferenceProfile.build(DataColumns.of(FeatureColumn.categorical("colour",
                new String[] {"red", "red", "red", "blue", "blue", "green", "pink"})), new ProfileOptions(10_000, 2, 1_000, 42));
        // window red 1/4, blue 1/4, pooled (green, purple) 2/4: (|3/7 - 1/4| + |2/7 - 1/4| + |2/7 - 1/2|) / 2 = 3/14
        List<DriftReference.Score> scores = DriftReference.from(profile).score(Map.of(),
                Map.of("colour", new String[] {"red", "green", "purple", "blue"}));
        assertEquals(1, scores.size());
        assertEquals(3.0 / 14, scores.get(0).score(), 1e-15);
    }
}
