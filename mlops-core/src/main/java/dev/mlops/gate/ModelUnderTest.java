package dev.mlops.gate;

import dev.mlops.train.TrainedModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The least a gate needs from a model to run robustness checks and to evaluate a baseline on the
 * candidate's rows: predictions for raw records ({@code field -> value}, as a user or a server
 * has them). Adapt any predictor in one line; {@link #of(TrainedModel)} adapts a freshly trained
 * Tribuo model. Implementations must be thread-safe for reads.
 */
public interface ModelUnderTest {

    /** @return a name for messages, e.g. the model name */
    String name();

    /** @return the fields a record may carry, in model input order */
    List<String> inputs();

    /** @return the classes the model knows in sorted order; empty for a regression model */
    List<String> labels();

    /**
     * Predicts one record.
     *
     * @param record field name to value: numbers for numeric fields, strings for categorical and text fields
     * @return the prediction
     * @throws RuntimeException when the record cannot be predicted (robustness checks count these)
     */
    ModelOutput predict(Map<String, ?> record);

    /**
     * Predicts many records; the default calls {@link #predict} for each.
     *
     * @param records the records
     * @return one prediction per record, in order
     */
    default List<ModelOutput> predictBatch(List<? extends Map<String, ?>> records) {
        List<ModelOutput> out = new ArrayList<>(records.size());
        for (Map<String, ?> r : records) {
            out.add(predict(r));
        }
        return out;
    }

    /**
     * @param model a trained model
     * @return the model as a record scorer: its feature pipeline, then Tribuo's batch prediction
     */
    static ModelUnderTest of(TrainedModel model) {
        return new TribuoModelUnderTest(model);
    }

    /**
     * Adapts a bundle's predictor: what ships is what gets gated.
     *
     * @param name      a name for messages, e.g. the model name
     * @param predictor the predictor; the caller closes it when done
     * @return the predictor as a record scorer
     */
    static ModelUnderTest of(String name, dev.mlops.model.Predictor predictor) {
        List<String> inputs = predictor.signature().inputs().stream().map(dev.mlops.model.Signature.Input::name).toList();
        List<String> labels = predictor.signature().labels();
        return new ModelUnderTest() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public List<String> inputs() {
                return inputs;
            }

            @Override
            public List<String> labels() {
                return labels;
            }

            @Override
            public ModelOutput predict(Map<String, ?> record) {
                return output(predictor.predict(record));
            }

            @Override
            public List<ModelOutput> predictBatch(List<? extends Map<String, ?>> records) {
                List<ModelOutput> out = new ArrayList<>(records.size());
                for (dev.mlops.model.Prediction p : predictor.predictBatch(List.copyOf(records))) {
                    out.add(output(p));
                }
                return out;
            }

            private ModelOutput output(dev.mlops.model.Prediction p) {
                return p.label() != null ? ModelOutput.label(p.label(), p.probabilities() == null ? Map.of() : p.probabilities())
                        : ModelOutput.value(p.value());
            }
        };
    }
}
