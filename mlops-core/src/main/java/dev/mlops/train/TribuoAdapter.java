package dev.mlops.train;

import com.oracle.labs.mlrg.olcut.provenance.ListProvenance;
import com.oracle.labs.mlrg.olcut.provenance.MapProvenance;
import com.oracle.labs.mlrg.olcut.provenance.ObjectProvenance;
import com.oracle.labs.mlrg.olcut.provenance.Provenance;
import com.oracle.labs.mlrg.olcut.util.Pair;
import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import java.lang.reflect.Field;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.ModelProvenance;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** Moves rows between the library's data types and Tribuo's, and scores rows with a Tribuo model. */
final class TribuoAdapter {

    private static final LabelFactory LABELS = new LabelFactory();
    private static final RegressionFactory REGRESSORS = new RegressionFactory();

    private TribuoAdapter() {
    }

    /** Builds a Tribuo data set whose provenance carries the fingerprint and a fixed time, not the clock. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static MutableDataset<?> dataset(Dataset data, int[] rows, FeaturePipeline pipeline, OffsetDateTime time) {
        OutputFactory factory = data.task() == Task.CLASSIFICATION ? LABELS : REGRESSORS;
        String description = data.source() + " sha256:" + data.fingerprint() + " rows:" + rows.length;
        MutableDataset dataset = new MutableDataset(new SimpleDataSourceProvenance(description, time, factory), factory);
        for (int row : rows) {
            dataset.add(example(data, row, pipeline));
        }
        return dataset;
    }

    static Example<?> example(Dataset data, int row, FeaturePipeline pipeline) {
        FeatureVector v = pipeline.encode(data, row);
        if (v.size() == 0) {
            // A text with no known term (or an unseen category alone) encodes as nothing; Tribuo refuses
            // an example without features, so give it one known feature at zero: the same input.
            v = new FeatureVector(new String[] {pipeline.featureNames().get(0)}, new double[] {0});
        }
        if (data.task() == Task.CLASSIFICATION) {
            return new ArrayExample<>(new Label(data.label(row)), v.names(), v.values());
        }
        return new ArrayExample<>(new Regressor(data.target(), pipeline.encodeTarget(data.value(row))), v.names(), v.values());
    }

    /**
     * Predicted label indices (into {@code labels}) and, when the model gives them, probabilities in label order.
     */
    record ClassScores(int[] predicted, double[][] probabilities) {
    }

    @SuppressWarnings("unchecked")
    static ClassScores classify(Model<?> model, Dataset data, int[] rows, FeaturePipeline pipeline, List<String> labels) {
        Model<Label> m = (Model<Label>) model;
        List<Example<Label>> examples = new ArrayList<>(rows.length);
        for (int row : rows) {
            examples.add((Example<Label>) example(data, row, pipeline));
        }
        List<Prediction<Label>> predictions = m.predict(examples);
        int[] predicted = new int[rows.length];
        double[][] probabilities = m.generatesProbabilities() ? new double[rows.length][labels.size()] : null;
        for (int i = 0; i < rows.length; i++) {
            Prediction<Label> p = predictions.get(i);
            predicted[i] = labels.indexOf(p.getOutput().getLabel());
            if (probabilities != null) {
                for (Map.Entry<String, Label> e : p.getOutputScores().entrySet()) {
                    int k = labels.indexOf(e.getKey());
                    if (k >= 0) {
                        probabilities[i][k] = e.getValue().getScore();
                    }
                }
            }
        }
        return new ClassScores(predicted, probabilities);
    }

    @SuppressWarnings("unchecked")
    static double[] regress(Model<?> model, Dataset data, int[] rows, FeaturePipeline pipeline) {
        Model<Regressor> m = (Model<Regressor>) model;
        List<Example<Regressor>> examples = new ArrayList<>(rows.length);
        for (int row : rows) {
            examples.add((Example<Regressor>) example(data, row, pipeline));
        }
        List<Prediction<Regressor>> predictions = m.predict(examples);
        double[] values = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            values[i] = pipeline.decodeTarget(predictions.get(i).getOutput().getValues()[0]);
        }
        return values;
    }

    /**
     * Replaces the training time in every model provenance reachable from {@code model} (ensemble
     * members included). Tribuo stamps models with the wall clock and offers no way to set it; a fixed
     * time is what makes the same spec and data give the same model bytes. The wall-clock time is
     * recorded by tracking instead.
     */
    static <T extends Output<T>> Model<T> fixTrainingTime(Model<T> model, OffsetDateTime time) {
        try {
            Field field = ModelProvenance.class.getDeclaredField("time");
            field.setAccessible(true);
            Map<Object, Boolean> seen = new IdentityHashMap<>();
            fix(model.getProvenance(), field, time, seen);
            if (model instanceof org.tribuo.ensemble.EnsembleModel<T> ensemble) {
                for (Model<T> member : ensemble.getModels()) {
                    fix(member.getProvenance(), field, time, seen);
                }
            }
            return model;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("cannot normalise the Tribuo model's training time; is Tribuo 4.3 on the"
                    + " class path?", e);
        }
    }

    private static void fix(Provenance p, Field field, OffsetDateTime time, Map<Object, Boolean> seen)
            throws IllegalAccessException {
        if (p == null || seen.put(p, Boolean.TRUE) != null) {
            return;
        }
        if (p instanceof ModelProvenance mp) {
            field.set(mp, time);
        }
        if (p instanceof ObjectProvenance op) {
            for (Pair<String, Provenance> pair : op) {
                fix(pair.getB(), field, time, seen);
            }
        } else if (p instanceof ListProvenance<?> lp) {
            for (Provenance element : lp) {
                fix(element, field, time, seen);
            }
        } else if (p instanceof MapProvenance<?> mp) {
            for (Pair<String, ? extends Provenance> pair : mp) {
                fix(pair.getB(), field, time, seen);
            }
        }
    }
}
