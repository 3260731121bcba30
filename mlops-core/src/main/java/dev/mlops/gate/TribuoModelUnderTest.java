package dev.mlops.gate;

import dev.mlops.data.Task;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import dev.mlops.train.TrainedModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/** A {@link TrainedModel} scored record by record: pipeline encoding, then the Tribuo model. */
final class TribuoModelUnderTest implements ModelUnderTest {

    private final TrainedModel trained;
    private final FeaturePipeline pipeline;
    private final boolean classification;

    TribuoModelUnderTest(TrainedModel trained) {
        this.trained = trained;
        this.pipeline = trained.pipeline();
        this.classification = trained.task() == Task.CLASSIFICATION;
    }

    @Override
    public String name() {
        return trained.spec().name();
    }

    @Override
    public List<String> inputs() {
        return pipeline.inputs();
    }

    @Override
    public List<String> labels() {
        return trained.labels();
    }

    @Override
    public ModelOutput predict(Map<String, ?> record) {
        return predictBatch(List.of(record)).get(0);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public List<ModelOutput> predictBatch(List<? extends Map<String, ?>> records) {
        List<Example> examples = new ArrayList<>(records.size());
        for (Map<String, ?> r : records) {
            FeatureVector v = pipeline.encode(r);
            examples.add(classification ? new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, v.names(), v.values())
                    : new ArrayExample<>(RegressionFactory.UNKNOWN_REGRESSOR, v.names(), v.values()));
        }
        List<Prediction> predictions = ((Model) trained.model()).predict(examples);
        List<ModelOutput> out = new ArrayList<>(predictions.size());
        for (Prediction p : predictions) {
            if (classification) {
                Map<String, Double> probabilities = new LinkedHashMap<>();
                if (p.hasProbabilities()) {
                    Map<String, Label> scores = p.getOutputScores();
                    for (String label : trained.labels()) {
                        Label l = scores.get(label);
                        probabilities.put(label, l == null ? 0.0 : l.getScore());
                    }
                }
                out.add(ModelOutput.label(((Label) p.getOutput()).getLabel(), probabilities));
            } else {
                out.add(ModelOutput.value(pipeline.decodeTarget(((Regressor) p.getOutput()).getValues()[0])));
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "ModelUnderTest[" + name() + ", Tribuo " + trained.algorithm() + "]";
    }
}
