package dev.mlops.model;

import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.evaluate.ClassificationEvaluation;
import dev.mlops.evaluate.Evaluation;
import dev.mlops.evaluate.RegressionEvaluation;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import java.util.ArrayList;
import java.util.List;

/** Evaluates a predictor on rows of a data set, through the same encoding predictions use. */
final class Evaluator {

    private Evaluator() {
    }

    static Evaluation evaluate(EncodingPredictor predictor, Dataset data, int[] rows) {
        Signature signature = predictor.signature();
        if (data.task() != signature.task()) {
            throw new IllegalArgumentException("the data set is for " + data.task().specName() + " but the model does "
                    + signature.task().specName());
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("no rows to evaluate on");
        }
        FeaturePipeline pipeline = signature.preprocessing();
        List<FeatureVector> encoded = new ArrayList<>(rows.length);
        for (int row : rows) {
            encoded.add(pipeline.encode(data, row));
        }
        List<Prediction> predictions = predictor.predictEncoded(encoded);
        if (signature.task() == Task.REGRESSION) {
            double[] actual = new double[rows.length];
            double[] predicted = new double[rows.length];
            for (int i = 0; i < rows.length; i++) {
                actual[i] = data.value(rows[i]);
                predicted[i] = predictions.get(i).value();
            }
            return RegressionEvaluation.of(actual, predicted);
        }
        List<String> labels = signature.labels();
        int[] actual = new int[rows.length];
        int[] predicted = new int[rows.length];
        boolean withProbabilities = signature.outputs().probabilities();
        double[][] probabilities = withProbabilities ? new double[rows.length][] : null;
        for (int i = 0; i < rows.length; i++) {
            String label = data.label(rows[i]);
            actual[i] = labels.indexOf(label);
            if (actual[i] < 0) {
                throw new IllegalArgumentException("row " + data.rowId(rows[i]) + " has label '" + label
                        + "', which is not one of the model's labels " + labels);
            }
            Prediction p = predictions.get(i);
            predicted[i] = labels.indexOf(p.label());
            if (withProbabilities) {
                probabilities[i] = new double[labels.size()];
                for (int k = 0; k < labels.size(); k++) {
                    probabilities[i][k] = p.probability(labels.get(k));
                }
            }
        }
        return ClassificationEvaluation.of(labels, actual, predicted, probabilities);
    }
}
