package dev.mlops.model;

import dev.mlops.data.Task;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Predicts with the Tribuo model in the JVM. Tribuo models are immutable after training, so one
 * predictor may be shared by many threads.
 */
final class TribuoPredictor extends EncodingPredictor {

    private final Model<?> model;
    private final List<String> labels;
    private final boolean probabilities;

    TribuoPredictor(Signature signature, Model<?> model) {
        super(signature);
        this.model = model;
        this.labels = signature.labels();
        this.probabilities = signature.task() == Task.CLASSIFICATION && model.generatesProbabilities();
    }

    @Override
    public Engine engine() {
        return Engine.TRIBUO;
    }

    @Override
    @SuppressWarnings("unchecked")
    List<Prediction> predictEncoded(List<FeatureVector> rows) {
        List<Prediction> out = new ArrayList<>(rows.size());
        if (signature.task() == Task.CLASSIFICATION) {
            Model<Label> m = (Model<Label>) model;
            List<Example<Label>> examples = new ArrayList<>(rows.size());
            for (FeatureVector v : rows) {
                examples.add(new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, v.names(), v.values()));
            }
            for (org.tribuo.Prediction<Label> p : m.predict(examples)) {
                out.add(classification(p));
            }
        } else {
            Model<Regressor> m = (Model<Regressor>) model;
            List<Example<Regressor>> examples = new ArrayList<>(rows.size());
            for (FeatureVector v : rows) {
                examples.add(new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, v.names(), v.values()));
            }
            FeaturePipeline pipeline = signature.preprocessing();
            for (org.tribuo.Prediction<Regressor> p : m.predict(examples)) {
                out.add(Prediction.ofValue(pipeline.decodeTarget(p.getOutput().getValues()[0])));
            }
        }
        return out;
    }

    private Prediction classification(org.tribuo.Prediction<Label> p) {
        String label = p.getOutput().getLabel();
        if (!probabilities) {
            return Prediction.ofLabel(label);
        }
        double[] probs = new double[labels.size()];
        for (Map.Entry<String, Label> e : p.getOutputScores().entrySet()) {
            int k = labels.indexOf(e.getKey());
            if (k >= 0) {
                probs[k] = e.getValue().getScore();
            }
        }
        return Prediction.ofProbabilities(label, labels, probs);
    }

    @Override
    public void close() {
        // nothing native to free
    }
}
