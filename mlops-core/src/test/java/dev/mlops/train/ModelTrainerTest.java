package dev.mlops.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelTrainerTest {

    static final Path DATA = Path.of("src/test/resources/data");

    static ModelSpec iris(String trainer, String params) {
        return ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset:
                  file: iris.csv
                  target: species
                trainer:
                  type: %s
                  params: %s
                """.formatted(trainer, params));
    }

    @Test
    void train_irisRandomForest_isAccurate() throws Exception {
        TrainedModel m = new ModelTrainer().train(iris("random-forest", "{trees: 50}"), DATA);
        System.out.println(m.evaluation().asMap());
        assertEquals(120, m.trainRows());
        assertEquals(30, m.testRows());
        assertTrue(m.evaluation().metric("accuracy") >= 0.9, m.evaluation().asMap().toString());
    }

    @Test
    void train_irisLogisticRegression_isAccurate() throws Exception {
        TrainedModel m = new ModelTrainer().train(iris("logistic-regression", "{}"), DATA);
        System.out.println(m.evaluation().asMap());
        assertTrue(m.evaluation().metric("accuracy") >= 0.9, m.evaluation().asMap().toString());
    }

    @Test
    void train_sameSpecTwice_givesSameModelBytes() throws Exception {
        for (String t : new String[] {"random-forest", "logistic-regression", "cart", "knn"}) {
            byte[] a = new ModelTrainer().train(iris(t, "{}"), DATA).model().serialize().toByteArray();
            byte[] b = new ModelTrainer().train(iris(t, "{}"), DATA).model().serialize().toByteArray();
            assertArrayEquals(a, b, t);
        }
    }

    @Test
    void train_housingWithImputation() throws Exception {
        for (String t : new String[] {"linear-sgd", "elastic-net"}) {
            ModelSpec spec = ModelSpecReader.parse("housing.yaml", """
                    name: housing
                    task: regression
                    dataset:
                      file: housing.csv
                      target: median_house_value
                      missing: impute-median
                    trainer:
                      type: %s
                      params: %s
                    """.formatted(t, t.equals("random-forest") ? "{trees: 10}" : "{}"));
            long s = System.nanoTime();
            TrainedModel m = new ModelTrainer().train(spec, DATA);
            System.out.println(t + " " + (System.nanoTime() - s) / 1e9 + " " + m.evaluation().asMap());
        }
    }
}
