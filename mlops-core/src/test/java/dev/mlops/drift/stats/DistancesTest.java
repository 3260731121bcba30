package dev.mlops.drift.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class DistancesTest {

    /** The Evidently binning of two raw numeric samples, as the drift detector does it for full data. */
    private static double[][] evidentlyShares(double[] ref, double[] cur) {
        double[] r = ref.clone();
        double[] c = cur.clone();
        Arrays.sort(r);
        Arrays.sort(c);
        TreeSet<Double> refValues = new TreeSet<>();
        for (double v : r) {
            refValues.add(v);
        }
        if (refValues.size() > 20) {
            double[] edges = Binning.sturgesEdges(Math.min(r[0], c[0]), Math.max(r[r.length - 1], c[c.length - 1]),
                r.length + c.length);
            return new double[][] {Binning.shares(Binning.histogram(r, edges), r.length),
                Binning.shares(Binning.histogram(c, edges), c.length)};
        }
        TreeSet<Double> keys = new TreeSet<>(refValues);
        for (double v : c) {
            keys.add(v);
        }
        long[] rc = new long[keys.size()];
        long[] cc = new long[keys.size()];
        List<Double> list = new ArrayList<>(keys);
        for (double v : r) {
            rc[list.indexOf(v)]++;
        }
        for (double v : c) {
            cc[list.indexOf(v)]++;
        }
        return new double[][] {Binning.shares(rc, r.length), Binning.shares(cc, c.length)};
    }

    @Test
    void psiAndJensenShannon_numericCases_matchEvidentlyIncludingEmptyBins() {
        for (JsonNode c : Reference.get("distances")) {
            String name = c.get("name").asText();
            double[] ref = SampleGenerator.sample(c.get("a"));
            double[] cur = SampleGenerator.sample(c.get("b"));
            double[][] shares = evidentlyShares(ref, cur);
            double[] filledRef = Binning.fillEmptyShares(shares[0]);
            double[] filledCur = Binning.fillEmptyShares(shares[1]);
            assertArrayEquals(Reference.doubles(c.get("psi_reference_shares")), filledRef, 1e-300, name);
            assertArrayEquals(Reference.doubles(c.get("psi_current_shares")), filledCur, 1e-300, name);
            Reference.close(c.get("psi").asDouble(), Distances.psi(filledRef, filledCur), 1e-12, 1e-15, "psi " + name);
            Reference.close(c.get("js").asDouble(), Distances.jensenShannon(shares[0], shares[1]), 1e-12, 1e-15, "js " + name);
        }
    }

    @Test
    void wasserstein_matchesScipyAndEvidentlyNorm() {
        for (JsonNode c : Reference.get("distances")) {
            double[] ref = SampleGenerator.sample(c.get("a"));
            double[] cur = SampleGenerator.sample(c.get("b"));
            Arrays.sort(ref);
            Arrays.sort(cur);
            String name = c.get("name").asText();
            Reference.close(c.get("wasserstein").asDouble(), Distances.wassersteinSorted(ref, cur), 1e-12, 1e-15, name);
            Reference.close(c.get("wasserstein_normed").asDouble(),
                Distances.wassersteinNormed(ref, cur, populationStd(ref)), 1e-12, 1e-15, name);
        }
    }

    private static double populationStd(double[] x) {
        double mean = Arrays.stream(x).sum() / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - mean) * (v - mean);
        }
        return Math.sqrt(ss / x.length);
    }

    @Test
    void categoricalShares_matchEvidently() {
        for (JsonNode c : Reference.get("categorical_distances")) {
            TreeSet<String> keys = new TreeSet<>();
            c.get("reference").fieldNames().forEachRemaining(keys::add);
            c.get("current").fieldNames().forEachRemaining(keys::add);
            long[] rc = new long[keys.size()];
            long[] cc = new long[keys.size()];
            long nr = 0;
            long nc = 0;
            Iterator<String> it = keys.iterator();
            for (int i = 0; it.hasNext(); i++) {
                String k = it.next();
                rc[i] = c.get("reference").path(k).asLong(0);
                cc[i] = c.get("current").path(k).asLong(0);
                nr += rc[i];
                nc += cc[i];
            }
            double[] r = Binning.shares(rc, nr);
            double[] cu = Binning.shares(cc, nc);
            Reference.close(c.get("psi").asDouble(),
                Distances.psi(Binning.fillEmptyShares(r), Binning.fillEmptyShares(cu)), 1e-12, 1e-15, "psi " + c);
            Reference.close(c.get("js").asDouble(), Distances.jensenShannon(r, cu), 1e-12, 1e-15, "js " + c);
        }
    }

    @Test
    void fillEmptyShares_appliesEvidentlyRule() {
        // Smallest non-zero share 0.25 > 1e-4: zeros become 1e-4.
        assertArrayEquals(new double[] {0.75, 1e-4, 0.25}, Binning.fillEmptyShares(new double[] {0.75, 0, 0.25}));
        // Smallest non-zero share 5e-5 <= 1e-4: zeros become 5e-5 / 1e6.
        assertArrayEquals(new double[] {1 - 5e-5, 5e-11, 5e-5}, Binning.fillEmptyShares(new double[] {1 - 5e-5, 0, 5e-5}));
        assertThrows(IllegalArgumentException.class, () -> Binning.fillEmptyShares(new double[] {0, 0}));
    }

    @Test
    void sturgesEdges_matchNumpy() {
        // numpy.histogram_bin_edges(np.array([0., 1., 2., 3., 10.]), bins="sturges"):
        // ptp 10, log2(5) + 1 = 3.32 -> 4 bins of width 2.5.
        assertArrayEquals(new double[] {0, 2.5, 5, 7.5, 10}, Binning.sturgesEdges(0, 10, 5), 0);
        // A single value: one bin of width 1 around it.
        assertArrayEquals(new double[] {2.5, 3.5}, Binning.sturgesEdges(3, 3, 8), 0);
        // 1024 values: log2 exactly 10 -> 11 bins.
        assertEquals(12, Binning.sturgesEdges(0, 1, 1024).length);
    }

    @Test
    void histogram_countsHalfOpenBinsWithClosedLastBin() {
        double[] sorted = {0, 1, 1, 2, 2.5, 3};
        assertArrayEquals(new long[] {1, 2, 3}, Binning.histogram(sorted, new double[] {0, 1, 2, 3}));
    }

    @Test
    void jensenShannon_identicalIsZeroAndDisjointIsSqrtLn2() {
        assertEquals(0, Distances.jensenShannon(new double[] {1, 2, 3}, new double[] {2, 4, 6}), 1e-16);
        assertEquals(Math.sqrt(Math.log(2)), Distances.jensenShannon(new double[] {1, 0}, new double[] {0, 1}), 1e-15);
    }
}
