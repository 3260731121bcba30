package dev.mlops.model;

import dev.mlops.features.FeatureVector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.VariableInfo;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Tribuo decision tree, or an ensemble of them, flattened into arrays once at load and evaluated
 * from one dense vector per record: the same answers as {@code Model.predict} without its per-tree
 * garbage (a sparse vector built on each tree's own feature map, a prediction and a score map per
 * tree). Built by {@link #compile}; immutable, so shared by any number of threads.
 *
 * <p>What it reproduces of Tribuo 4.3.2: {@code SplitNode.getNextNode} goes to the greater-than child
 * when {@code value > threshold} and otherwise (also for NaN, which never gets this far) to the
 * less-than-or-equal child; a feature absent from the record has the value 0
 * ({@code SparseVector.get}); a single tree answers with its leaf's output and score map; the
 * ensemble combiners are replayed operation for operation, in Tribuo's order, so the floating point
 * results are identical: {@code VotingCombiner} (adds each member's weight to its predicted label),
 * {@code FullyWeightedVotingCombiner} (adds weight times score for every label in the leaf's score
 * map, in the map's order), both normalised by the summed weight and choosing the first label, in
 * output-id order, with the strictly greatest score; and {@code AveragingCombiner} (incremental
 * weighted mean). Any other model shape or combiner is not compiled and keeps Tribuo's path.
 */
final class CompiledTrees {

    private static final Logger LOG = LoggerFactory.getLogger(CompiledTrees.class);

    private static final String VOTING = "org.tribuo.classification.ensemble.VotingCombiner";
    private static final String FULLY_WEIGHTED = "org.tribuo.classification.ensemble.FullyWeightedVotingCombiner";
    private static final String AVERAGING = "org.tribuo.regression.ensemble.AveragingCombiner";

    /** How member answers combine. */
    enum Combiner { SINGLE, VOTING, FULLY_WEIGHTED, AVERAGING }

    private final Combiner combiner;
    private final boolean regression;
    /** Feature name to its slot in the dense vector, or -1 for a feature the model knows but never splits on. */
    private final Map<String, Integer> slots;
    private final int width;
    private final int[] roots;
    /** Per node: the slot split on, or -1 for a leaf. */
    private final int[] feature;
    private final double[] threshold;
    /** Per split node: the child for {@code value <= threshold}; per leaf: its leaf row. */
    private final int[] lessOrEqual;
    private final int[] greater;
    /** Classification, per leaf row: the output id of the leaf's label. */
    private final int[] leafOutput;
    /** Classification, per leaf row: its score map as (output id, score) pairs in the map's order, from distStart. */
    private final int[] distStart;
    private final int[] distId;
    private final double[] distScore;
    /** Regression, per leaf row: the leaf's first output dimension. */
    private final double[] leafValue;
    private final double[] weights;
    private final String[] outputNames;

    private CompiledTrees(Combiner combiner, boolean regression, Map<String, Integer> slots, int width, Flat flat,
            double[] weights, String[] outputNames) {
        this.combiner = combiner;
        this.regression = regression;
        this.slots = slots;
        this.width = width;
        this.roots = flat.roots.stream().mapToInt(Integer::intValue).toArray();
        this.feature = flat.feature.stream().mapToInt(Integer::intValue).toArray();
        this.threshold = flat.threshold.stream().mapToDouble(Double::doubleValue).toArray();
        this.lessOrEqual = flat.lessOrEqual.stream().mapToInt(Integer::intValue).toArray();
        this.greater = flat.greater.stream().mapToInt(Integer::intValue).toArray();
        this.leafOutput = flat.leafOutput.stream().mapToInt(Integer::intValue).toArray();
        flat.distStart.add(flat.distId.size());
        this.distStart = flat.distStart.stream().mapToInt(Integer::intValue).toArray();
        this.distId = flat.distId.stream().mapToInt(Integer::intValue).toArray();
        this.distScore = flat.distScore.stream().mapToDouble(Double::doubleValue).toArray();
        this.leafValue = flat.leafValue.stream().mapToDouble(Double::doubleValue).toArray();
        this.weights = weights;
        this.outputNames = outputNames;
    }

    /**
     * Compiles a tree or tree ensemble.
     *
     * @param regression true for a regression model, false for classification
     * @return the compiled model, or null when the model is not one this class reproduces exactly
     */
    static CompiledTrees compile(Model<?> model, boolean regression) {
        try {
            return compileOrNull(model, regression);
        } catch (RuntimeException e) {
            // An unexpected shape: Tribuo's own path still works.
            LOG.debug("Tribuo model {} kept on Tribuo's prediction path: {}", model.getClass().getName(), e.toString());
            return null;
        }
    }

    private static CompiledTrees compileOrNull(Model<?> model, boolean regression) {
        List<Model<?>> members = new ArrayList<>();
        Combiner combiner;
        double[] weights;
        if (model instanceof TreeModel) {
            members.add(model);
            combiner = Combiner.SINGLE;
            weights = new double[] {1.0};
        } else if (model instanceof WeightedEnsembleModel<?> ensemble) {
            float[] declared;
            Object declaredCombiner;
            try {
                declared = (float[]) field("weights").get(ensemble);
                declaredCombiner = field("combiner").get(ensemble);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Cannot read the ensemble's weights and combiner ({}); keeping Tribuo's path", e.toString());
                return null;
            }
            // exact classes: a subclass may combine differently
            String name = declaredCombiner == null ? "" : declaredCombiner.getClass().getName();
            combiner = name.equals(VOTING) ? Combiner.VOTING
                    : name.equals(FULLY_WEIGHTED) ? Combiner.FULLY_WEIGHTED
                    : name.equals(AVERAGING) ? Combiner.AVERAGING : null;
            if (combiner == null || (combiner == Combiner.AVERAGING) != regression || declared == null
                    || declared.length != ensemble.getNumModels()) {
                return null;
            }
            weights = new double[declared.length];
            double sum = 0;
            for (int i = 0; i < weights.length; i++) {
                weights[i] = declared[i]; // Tribuo widens each float weight to double
                if (!(weights[i] > 0) || Double.isInfinite(weights[i])) {
                    return null;
                }
                sum += weights[i];
            }
            if (!(sum > 0) || Double.isInfinite(sum)) {
                return null;
            }
            members.addAll(ensemble.getModels());
        } else {
            return null;
        }
        if (members.isEmpty()) {
            return null;
        }
        ImmutableFeatureMap top = model.getFeatureIDMap();
        ImmutableOutputInfo<?> outputs = model.getOutputIDInfo();
        String[] outputNames = new String[outputs.size()];
        for (int id = 0; id < outputNames.length; id++) {
            Output<?> o = outputs.getOutput(id);
            outputNames[id] = o instanceof Label l ? l.getLabel() : String.valueOf(o);
        }
        Map<String, Integer> slots = new HashMap<>();
        for (VariableInfo v : top) {
            slots.put(v.getName(), -1);
        }
        int[] width = {0};
        Flat flat = new Flat();
        for (Model<?> member : members) {
            if (!(member instanceof TreeModel<?> tree) || !sameFeatures(tree.getFeatureIDMap(), top)) {
                return null; // a tree refuses records by its own feature map; only shared maps keep one check
            }
            Node<?> root;
            if (tree instanceof IndependentRegressionTreeModel independent) {
                if (independent.getRoots().size() != 1) {
                    return null;
                }
                root = independent.getRoots().values().iterator().next();
            } else {
                root = tree.getRoot();
            }
            if (!flat.addTree(root, tree.getFeatureIDMap(), slots, width, regression, outputs)) {
                return null;
            }
        }
        return new CompiledTrees(combiner, regression, slots, width[0], flat, weights, outputNames);
    }

    /**
     * A protected field of {@code WeightedEnsembleModel}: Tribuo 4.3.2 has no getter for the weights
     * or the combiner. (Its protobuf form states both, but serialising a 100-tree forest to read two
     * fields costs 0.6 to 3.6 s of reflection-heavy work at every load.)
     */
    private static java.lang.reflect.Field field(String name) throws NoSuchFieldException {
        java.lang.reflect.Field f = WeightedEnsembleModel.class.getDeclaredField(name);
        f.setAccessible(true);
        return f;
    }

    private static boolean sameFeatures(ImmutableFeatureMap a, ImmutableFeatureMap b) {
        if (a == b) {
            return true;
        }
        if (a.size() != b.size()) {
            return false;
        }
        for (VariableInfo v : a) {
            if (b.get(v.getName()) == null) {
                return false;
            }
        }
        return true;
    }

    /** The growing arrays while compiling. */
    private static final class Flat {
        final List<Integer> roots = new ArrayList<>();
        final List<Integer> feature = new ArrayList<>();
        final List<Double> threshold = new ArrayList<>();
        final List<Integer> lessOrEqual = new ArrayList<>();
        final List<Integer> greater = new ArrayList<>();
        final List<Integer> leafOutput = new ArrayList<>();
        final List<Integer> distStart = new ArrayList<>();
        final List<Integer> distId = new ArrayList<>();
        final List<Double> distScore = new ArrayList<>();
        final List<Double> leafValue = new ArrayList<>();

        boolean addTree(Node<?> root, ImmutableFeatureMap features, Map<String, Integer> slots, int[] width,
                boolean regression, ImmutableOutputInfo<?> outputs) {
            roots.add(feature.size());
            return add(root, features, slots, width, regression, outputs) >= 0;
        }

        /** Appends the subtree in pre-order; returns its node index, or -1 if it cannot be reproduced. */
        @SuppressWarnings({"unchecked", "rawtypes"})
        private int add(Node<?> node, ImmutableFeatureMap features, Map<String, Integer> slots, int[] width,
                boolean regression, ImmutableOutputInfo<?> outputs) {
            int index = feature.size();
            if (node instanceof SplitNode<?> split) {
                VariableInfo info = features.get(split.getFeatureID());
                if (info == null) {
                    return -1;
                }
                Integer slot = slots.get(info.getName());
                if (slot == null) {
                    return -1;
                }
                if (slot < 0) {
                    slot = width[0]++;
                    slots.put(info.getName(), slot);
                }
                feature.add(slot);
                threshold.add(split.splitValue());
                lessOrEqual.add(-1);
                greater.add(-1);
                int le = add(split.getLessThanOrEqual(), features, slots, width, regression, outputs);
                int gt = add(split.getGreaterThan(), features, slots, width, regression, outputs);
                if (le < 0 || gt < 0) {
                    return -1;
                }
                lessOrEqual.set(index, le);
                greater.set(index, gt);
                return index;
            }
            if (!(node instanceof LeafNode<?> leaf)) {
                return -1;
            }
            feature.add(-1);
            threshold.add(0.0);
            greater.add(-1);
            if (regression) {
                if (!(leaf.getOutput() instanceof Regressor r) || r.size() < 1) {
                    return -1;
                }
                lessOrEqual.add(leafValue.size());
                leafValue.add(r.getValues()[0]);
                return index;
            }
            if (!(leaf.getOutput() instanceof Label label)) {
                return -1;
            }
            int id = ((ImmutableOutputInfo) outputs).getID(label);
            if (id < 0) {
                return -1;
            }
            lessOrEqual.add(leafOutput.size());
            leafOutput.add(id);
            distStart.add(distId.size());
            Map<String, ?> scores = leaf.getDistribution();
            if (scores != null) {
                for (Object o : scores.values()) {
                    if (!(o instanceof Label s)) {
                        return -1;
                    }
                    int sid = ((ImmutableOutputInfo) outputs).getID(s);
                    if (sid < 0) {
                        return -1;
                    }
                    distId.add(sid);
                    distScore.add(s.getScore());
                }
            }
            return index;
        }
    }

    /** @return true for a regression model, false for classification */
    boolean regression() {
        return regression;
    }

    /** @return the number of trees */
    int trees() {
        return roots.length;
    }

    /** @return the number of output ids (labels) */
    int outputs() {
        return outputNames.length;
    }

    /** @return the label of an output id */
    String outputName(int id) {
        return outputNames[id];
    }

    /** @return how member answers combine */
    Combiner combiner() {
        return combiner;
    }

    /**
     * The dense input of one record: one slot per feature some split uses, 0 for the absent ones.
     *
     * @return the slots, or null when Tribuo would refuse the record (no feature the model knows, or
     *     a NaN), so that the caller takes Tribuo's path and gets Tribuo's error
     */
    double[] encode(FeatureVector v) {
        double[] x = new double[width];
        String[] names = v.names();
        double[] values = v.values();
        boolean known = false;
        for (int i = 0; i < names.length; i++) {
            Integer slot = slots.get(names[i]);
            if (slot != null) {
                if (Double.isNaN(values[i])) {
                    return null;
                }
                known = true;
                if (slot >= 0) {
                    x[slot] = values[i];
                }
            }
        }
        return known ? x : null;
    }

    /** @return the leaf row that tree {@code t} reaches for {@code x} */
    private int leaf(int t, double[] x) {
        int node = roots[t];
        int f;
        while ((f = feature[node]) >= 0) {
            node = x[f] > threshold[node] ? greater[node] : lessOrEqual[node];
        }
        return lessOrEqual[node];
    }

    /**
     * Classifies one record.
     *
     * @param x      from {@link #encode}
     * @param scores receives the score of every output id (length {@link #outputs()}; zeroed here)
     * @return the output id of the predicted label
     */
    int classify(double[] x, double[] scores) {
        java.util.Arrays.fill(scores, 0.0);
        if (combiner == Combiner.SINGLE) {
            int row = leaf(0, x);
            for (int k = distStart[row]; k < distStart[row + 1]; k++) {
                scores[distId[k]] = distScore[k];
            }
            return leafOutput[row];
        }
        double sum = 0;
        for (int t = 0; t < roots.length; t++) {
            int row = leaf(t, x);
            double w = weights[t];
            if (combiner == Combiner.VOTING) {
                scores[leafOutput[row]] += w;
                sum += w;
            } else {
                for (int k = distStart[row]; k < distStart[row + 1]; k++) {
                    double s = w * distScore[k];
                    sum += s;
                    scores[distId[k]] += s;
                }
            }
        }
        double best = Double.NEGATIVE_INFINITY;
        int bestId = -1;
        for (int id = 0; id < scores.length; id++) {
            scores[id] = scores[id] / sum;
            if (scores[id] > best) {
                best = scores[id];
                bestId = id;
            }
        }
        return bestId;
    }

    /**
     * Regresses one record.
     *
     * @param x from {@link #encode}
     * @return the first output dimension, as Tribuo's prediction states it
     */
    double regress(double[] x) {
        if (combiner == Combiner.SINGLE) {
            return leafValue[leaf(0, x)];
        }
        double mean = 0;
        double weightSum = 0;
        for (int t = 0; t < roots.length; t++) {
            double v = leafValue[leaf(t, x)];
            double w = weights[t];
            weightSum += w;
            mean += w / weightSum * (v - mean);
        }
        return mean;
    }
}
