package dev.mlops.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Column;
import dev.mlops.data.ColumnKind;
import dev.mlops.data.Dataset;
import dev.mlops.data.DatasetSpec;
import dev.mlops.data.FeatureSpec;
import dev.mlops.data.MissingPolicy;
import dev.mlops.data.Task;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainerSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A record whose every category is unseen gives the model no feature at all: still a prediction, never a crash. */
class EmptyInputTest {

    @ParameterizedTest
    @ValueSource(strings = {"logistic-regression", "cart", "random-forest", "knn"})
    void predict_onlyUnseenCategories_givesTheModelsBaseline(String trainer) {
        String[] colors = new String[60];
        String[] labels = new String[60];
        for (int i = 0; i < 60; i++) {
            colors[i] = i % 3 == 0 ? "red" : i % 3 == 1 ? "green" : "blue";
            labels[i] = i % 3 == 0 ? "a" : "b";
        }
        FeatureSpec categorical = FeatureSpec.of(ColumnKind.CATEGORICAL).withMissing(MissingPolicy.ERROR, null);
        Dataset data = Dataset.classification("colors", List.of(Column.strings("color", categorical, colors)), "label", labels);
        ModelSpec spec = ModelSpec.of("colors", Task.CLASSIFICATION, DatasetSpec.csv("colors.csv", "label"),
                TrainerSpec.of(trainer, trainer.equals("random-forest") ? Map.of("trees", 5) : Map.of()));
        ModelBundle bundle = ModelBundle.from(new ModelTrainer().train(spec, data), BundleFixtures.METADATA);
        Map<String, Object> purple = Map.of("color", "purple");
        try (Predictor p = bundle.predictor(Engine.TRIBUO)) {
            Prediction x = p.predict(purple);
            assertTrue(List.of("a", "b").contains(x.label()), x.toString());
            if (bundle.hasOnnx()) {
                try (Predictor onnx = bundle.predictor(Engine.ONNX)) {
                    Prediction y = onnx.predict(purple);
                    assertEquals(x.label(), y.label());
                    assertEquals(x.probability("a"), y.probability("a"), 1e-6);
                }
            }
        }
    }
}
