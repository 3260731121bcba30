package dev.mlops.model;

import static dev.mlops.model.BundleFixtures.METADATA;
import static dev.mlops.model.BundleFixtures.data;
import static dev.mlops.model.BundleFixtures.housing;
import static dev.mlops.model.BundleFixtures.iris;
import static dev.mlops.model.BundleFixtures.trained;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.features.FeatureVector;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.TrainedModel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.tribuo.Example;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.ensemble.VotingCombiner;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;

/**
 * Parity of the compiled trees with Tribuo's own {@code Model.predict}: every label identical,
 * every probability and value within 1e-12 (in practice bit for bit: the combiners are replayed in
 * Tribuo's order), on the training data, on records with absent and unseen features, and on values
 * exactly at every split threshold (where {@code <=} and {@code >} part).
 */
class CompiledTreesTest {

    private static final double TOLERANCE = 1e-12;

    private record Case(Signature signature, Model<?> model, List<FeatureVector> rows) {
    }

    /** The model as trained, and the rows to score: the data set, absent/unseen features, thresholds. */
    private static Case trainedCase(ModelSpec spec) throws Exception {
        TrainedModel t = trained(spec);
        Signature signature = ModelBundle.from(t, METADATA).signature();
        return new Case(signature, t.model(), rows(signature, data(spec), t.model()));
    }

    /** The same model read back from its bundle's {@code model.tribuo}, as a server loads it. */
    private static Case roundTripped(Case c, ModelSpec spec) throws Exception {
        ModelBundle bundle = ModelBundle.from(trained(spec), METADATA);
        Model<?> read = TribuoModelGuard.load(ModelBundle.TRIBUO, bundle.file(ModelBundle.TRIBUO));
        assertNotSame(c.model(), read);
        return new Case(c.signature(), read, c.rows());
    }

    private static List<FeatureVector> rows(Signature signature, Dataset data, Model<?> model) {
        List<FeatureVector> rows = new ArrayList<>();
        for (int r = 0; r < data.size(); r++) {
            rows.add(signature.preprocessing().encode(data, r));
        }
        List<String> features = signature.modelInput().features();
        FeatureVector first = rows.get(0);
        // absent features (value 0 for Tribuo's sparse vectors), one at a time and all but one
        for (int drop = 0; drop < first.size(); drop++) {
            rows.add(without(first, drop));
        }
        rows.add(new FeatureVector(new String[] {first.names()[0]}, new double[] {first.values()[0]}));
        // unseen features next to known ones, and a record with no known feature at all (Tribuo's path)
        rows.add(new FeatureVector(append(first.names(), "never_seen"), append(first.values(), 3.0)));
        rows.add(new FeatureVector(new String[] {"never_seen"}, new double[] {1.0}));
        // every split threshold, exactly, and the next double above it, for each feature in turn
        for (Map.Entry<String, TreeSet<Double>> e : thresholds(model).entrySet()) {
            int at = features.indexOf(e.getKey());
            for (double t : e.getValue()) {
                for (double v : new double[] {t, Math.nextUp(t)}) {
                    double[] values = Arrays.copyOf(first.values(), first.size());
                    String[] names = first.names();
                    int i = Arrays.asList(names).indexOf(e.getKey());
                    if (i >= 0) {
                        values[i] = v;
                        rows.add(new FeatureVector(names, values));
                    } else if (at >= 0) {
                        rows.add(new FeatureVector(append(names, e.getKey()), append(values, v)));
                    }
                }
            }
        }
        return rows;
    }

    private static FeatureVector without(FeatureVector v, int drop) {
        List<String> names = new ArrayList<>(Arrays.asList(v.names()));
        names.remove(drop);
        double[] values = new double[v.size() - 1];
        for (int i = 0, j = 0; i < v.size(); i++) {
            if (i != drop) {
                values[j++] = v.values()[i];
            }
        }
        return new FeatureVector(names.toArray(String[]::new), values);
    }

    private static String[] append(String[] a, String s) {
        String[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = s;
        return out;
    }

    private static double[] append(double[] a, double d) {
        double[] out = Arrays.copyOf(a, a.length + 1);
        out[a.length] = d;
        return out;
    }

    /** Feature name to the thresholds its splits use, over every tree of the model. */
    private static Map<String, TreeSet<Double>> thresholds(Model<?> model) {
        Map<String, TreeSet<Double>> out = new java.util.TreeMap<>();
        List<Model<?>> members = new ArrayList<>();
        if (model instanceof WeightedEnsembleModel<?> e) {
            members.addAll(e.getModels());
        } else {
            members.add(model);
        }
        for (Model<?> m : members) {
            TreeModel<?> tree = (TreeModel<?>) m;
            List<Node<?>> todo = new ArrayList<>();
            if (tree instanceof IndependentRegressionTreeModel i) {
                todo.addAll(i.getRoots().values());
            } else {
                todo.add(tree.getRoot());
            }
            while (!todo.isEmpty()) {
                Node<?> n = todo.remove(todo.size() - 1);
                if (n instanceof SplitNode<?> s) {
                    out.computeIfAbsent(tree.getFeatureIDMap().get(s.getFeatureID()).getName(), k -> new TreeSet<>())
                            .add(s.splitValue());
                    todo.add(s.getGreaterThan());
                    todo.add(s.getLessThanOrEqual());
                }
            }
        }
        // keep the test fast on big forests: at most 40 thresholds per feature, spread evenly
        out.replaceAll((k, v) -> {
            if (v.size() <= 40) {
                return v;
            }
            List<Double> all = new ArrayList<>(v);
            TreeSet<Double> some = new TreeSet<>();
            for (int i = 0; i < 40; i++) {
                some.add(all.get(i * all.size() / 40));
            }
            return some;
        });
        return out;
    }

    /**
     * Checks the compiled trees against Tribuo's {@code Model.predict} directly (labels, every score
     * by output id, or the value), and the compiled predictor against the uncompiled one.
     */
    @SuppressWarnings("unchecked")
    private static void assertParity(Case c, CompiledTrees.Combiner combiner) {
        CompiledTrees trees = CompiledTrees.compile(c.model(), c.signature().task() == Task.REGRESSION);
        assertNotNull(trees, "not compiled");
        assertEquals(combiner, trees.combiner());
        int compiledRows = 0;
        for (FeatureVector v : c.rows()) {
            double[] x = trees.encode(v);
            if (x == null) {
                continue; // Tribuo refuses the record; the predictor falls back (compared below)
            }
            compiledRows++;
            if (trees.regression()) {
                Model<Regressor> m = (Model<Regressor>) c.model();
                Example<Regressor> ex = new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, v.names(), v.values());
                double expected = m.predict(ex).getOutput().getValues()[0];
                assertEquals(expected, trees.regress(x), Math.abs(expected) * TOLERANCE, v.toString());
            } else {
                Model<Label> m = (Model<Label>) c.model();
                org.tribuo.Prediction<Label> p = m.predict(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, v.names(),
                        v.values()));
                double[] scores = new double[trees.outputs()];
                int id = trees.classify(x, scores);
                assertEquals(p.getOutput().getLabel(), trees.outputName(id), v.toString());
                ImmutableOutputInfo<Label> info = m.getOutputIDInfo();
                double[] expected = new double[trees.outputs()];
                p.getOutputScores().forEach((name, l) -> expected[info.getID(l)] = l.getScore());
                for (int k = 0; k < expected.length; k++) {
                    assertEquals(expected[k], scores[k], TOLERANCE, v + " score of " + trees.outputName(k));
                }
            }
        }
        assertTrue(compiledRows > c.rows().size() / 2, compiledRows + " of " + c.rows().size());
        assertPredictorParity(c, true);
    }

    /** The predictor with compiled trees answers exactly as the one on Tribuo's path, fallbacks included. */
    private static void assertPredictorParity(Case c, boolean compiled) {
        TribuoPredictor fast = new TribuoPredictor(c.signature(), c.model(), true);
        TribuoPredictor slow = new TribuoPredictor(c.signature(), c.model(), false);
        assertEquals(compiled, fast.compiled());
        assertFalse(slow.compiled());
        List<Prediction> a = fast.predictEncoded(c.rows());
        List<Prediction> b = slow.predictEncoded(c.rows());
        for (int i = 0; i < a.size(); i++) {
            Prediction p = a.get(i);
            Prediction q = b.get(i);
            assertEquals(q.label(), p.label(), c.rows().get(i).toString());
            if (q.value() != null) {
                assertEquals(q.value(), p.value(), Math.abs(q.value()) * TOLERANCE);
            }
            assertEquals(q.probabilities().keySet(), p.probabilities().keySet());
            for (String label : q.probabilities().keySet()) {
                assertEquals(q.probability(label), p.probability(label), TOLERANCE);
            }
        }
    }

    private static final ModelSpec FOREST = iris("random-forest", "{trees: 100}");

    @Test
    void irisForest_asTrained_matchesTribuo() throws Exception {
        assertParity(trainedCase(FOREST), CompiledTrees.Combiner.FULLY_WEIGHTED);
    }

    @Test
    void irisForest_readFromBundle_matchesTribuo() throws Exception {
        Case c = roundTripped(trainedCase(FOREST), FOREST);
        WeightedEnsembleModel<?> forest = (WeightedEnsembleModel<?>) c.model();
        assertEquals(100, forest.getNumModels());
        // the case that made Tribuo slow after loading: one feature map per tree
        assertNotSame(forest.getModels().get(0).getFeatureIDMap(), forest.getModels().get(1).getFeatureIDMap());
        assertParity(c, CompiledTrees.Combiner.FULLY_WEIGHTED);
    }

    @Test
    void irisForest_votingCombinerWithUnequalWeights_matchesTribuo() throws Exception {
        Case c = trainedCase(FOREST);
        WeightedEnsembleModel<Label> forest = forest(c);
        float[] weights = new float[forest.getNumModels()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = 0.5f + (i % 7) * 0.37f;
        }
        WeightedEnsembleModel<Label> voting = new WeightedEnsembleModel<>("voting", forest.getProvenance(),
                forest.getFeatureIDMap(), forest.getOutputIDInfo(), forest.getModels(), new VotingCombiner(), weights);
        assertParity(new Case(c.signature(), voting, c.rows()), CompiledTrees.Combiner.VOTING);
    }

    @SuppressWarnings("unchecked")
    private static WeightedEnsembleModel<Label> forest(Case c) {
        return (WeightedEnsembleModel<Label>) c.model();
    }

    @Test
    void irisCart_matchesTribuo() throws Exception {
        ModelSpec spec = iris("cart", "{}");
        Case c = trainedCase(spec);
        assertParity(c, CompiledTrees.Combiner.SINGLE);
        assertParity(roundTripped(c, spec), CompiledTrees.Combiner.SINGLE);
    }

    private static final ModelSpec HOUSING_FOREST = housing("random-forest", "{trees: 20, max_depth: 8}");

    @Test
    void housingForest_matchesTribuo() throws Exception {
        Case c = trainedCase(HOUSING_FOREST);
        assertParity(c, CompiledTrees.Combiner.AVERAGING);
        assertParity(roundTripped(c, HOUSING_FOREST), CompiledTrees.Combiner.AVERAGING);
    }

    @Test
    void housingCart_matchesTribuo() throws Exception {
        ModelSpec spec = housing("cart", "{max_depth: 10}");
        Case c = trainedCase(spec);
        assertParity(c, CompiledTrees.Combiner.SINGLE);
        assertParity(roundTripped(c, spec), CompiledTrees.Combiner.SINGLE);
    }

    /** A combiner Tribuo knows but this class does not (the median of the members): Tribuo's path. */
    static final class MedianCombiner extends AveragingCombiner {
        @Override
        public org.tribuo.Prediction<Regressor> combine(ImmutableOutputInfo<Regressor> info,
                List<org.tribuo.Prediction<Regressor>> predictions, float[] weights) {
            double[] v = predictions.stream().mapToDouble(p -> p.getOutput().getValues()[0]).sorted().toArray();
            Regressor first = predictions.get(0).getOutput();
            return new org.tribuo.Prediction<>(new Regressor(first.getNames(), new double[] {v[v.length / 2]}),
                    0, predictions.get(0).getExample());
        }
    }

    @Test
    void unsupportedCombiner_keepsTribuosPath() throws Exception {
        Case c = trainedCase(HOUSING_FOREST);
        @SuppressWarnings("unchecked")
        WeightedEnsembleModel<Regressor> forest = (WeightedEnsembleModel<Regressor>) c.model();
        float[] weights = new float[forest.getNumModels()];
        Arrays.fill(weights, 1f);
        WeightedEnsembleModel<Regressor> median = new WeightedEnsembleModel<>("median", forest.getProvenance(),
                forest.getFeatureIDMap(), forest.getOutputIDInfo(), forest.getModels(), new MedianCombiner(), weights);
        assertNull(CompiledTrees.compile(median, true));
        assertPredictorParity(new Case(c.signature(), median, c.rows()), false);
        // and the median really differs from the mean somewhere, so the fallback is not vacuous
        TribuoPredictor mean = new TribuoPredictor(c.signature(), forest, true);
        TribuoPredictor med = new TribuoPredictor(c.signature(), median, true);
        assertNotSame(mean.predictEncoded(c.rows()).get(0).value(), med.predictEncoded(c.rows()).get(0).value());
        assertFalse(mean.predictEncoded(c.rows()).get(0).value().equals(med.predictEncoded(c.rows()).get(0).value()));
    }

    @Test
    void nonTreeModel_isNotCompiled() throws Exception {
        TrainedModel t = trained(iris("logistic-regression", "{}"));
        assertNull(CompiledTrees.compile(t.model(), false));
    }

    /** Bytes this thread allocates per single-record prediction of an already encoded record. */
    private static double bytesPerPrediction(TribuoPredictor p, List<FeatureVector> one) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 1_000; i++) {
            p.predictEncoded(one); // warm up, so that the JIT's escape analysis has had its chance
        }
        int n = 2_000;
        long before = bean.getThreadAllocatedBytes(id);
        for (int i = 0; i < n; i++) {
            p.predictEncoded(one);
        }
        return (bean.getThreadAllocatedBytes(id) - before) / (double) n;
    }

    @Test
    void irisForest_readFromBundle_allocatesFarLessPerRecord() throws Exception {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean bean
                && bean.isThreadAllocatedMemorySupported() && bean.isThreadAllocatedMemoryEnabled());
        Case c = roundTripped(trainedCase(FOREST), FOREST);
        List<FeatureVector> one = List.of(c.rows().get(0));
        double compiled = bytesPerPrediction(new TribuoPredictor(c.signature(), c.model(), true), one);
        double tribuo = bytesPerPrediction(new TribuoPredictor(c.signature(), c.model(), false), one);
        // Measured: about 300 bytes compiled against about 50 KB on Tribuo's path (100 trees).
        assertTrue(compiled < 2_048, "compiled path allocates " + compiled + " bytes per record");
        assertTrue(tribuo > 10 * compiled, "Tribuo " + tribuo + " vs compiled " + compiled + " bytes per record");
    }
}
