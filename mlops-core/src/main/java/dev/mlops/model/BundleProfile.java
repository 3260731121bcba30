package dev.mlops.model;

import dev.mlops.data.Dataset;
import dev.mlops.data.Task;
import dev.mlops.drift.DataColumns;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureProfile;
import dev.mlops.drift.ReferenceProfile;
import dev.mlops.features.FeaturePipeline;
import dev.mlops.features.FeatureVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The bundle's {@value #FILE}: a drift reference profile (see {@code docs/drift.md}) of the rows the
 * model was fitted on, with the model's own predictions on those rows as the prediction column
 * (class labels for a classifier, values for a regressor).
 */
final class BundleProfile {

    /** The file name in a bundle. */
    static final String FILE = "profile.json";

    /** The prediction column's name, unless a feature already has it. */
    static final String PREDICTION = "prediction";

    private BundleProfile() {
    }

    /**
     * Profiles rows of a data set and the predictor's predictions on them.
     *
     * @return the profile JSON with {@code \n} line ends and a final newline: the same rows and model
     *         give the same bytes
     */
    static byte[] json(Dataset data, int[] rows, EncodingPredictor predictor) {
        DataColumns features = DataColumns.of(data, rows);
        FeaturePipeline pipeline = predictor.signature().preprocessing();
        List<FeatureVector> encoded = new ArrayList<>(rows.length);
        for (int row : rows) {
            encoded.add(pipeline.encode(data, row));
        }
        List<Prediction> predictions = predictor.predictEncoded(encoded);
        String name = predictionName(features.features().stream().map(FeatureColumn::name).collect(Collectors.toSet()));
        FeatureColumn column;
        if (predictor.signature().task() == Task.CLASSIFICATION) {
            column = FeatureColumn.categorical(name, predictions.stream().map(Prediction::label).toArray(String[]::new));
        } else {
            column = FeatureColumn.numeric(name, predictions.stream().mapToDouble(Prediction::value).toArray());
        }
        String json = ReferenceProfile.build(features.withPrediction(column)).toJson();
        // Jackson's pretty printer ends lines with the platform separator; bundles always use \n.
        return (json.replace("\r\n", "\n") + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** "prediction", or with underscores prepended while a feature has that name. */
    static String predictionName(Set<String> features) {
        String name = PREDICTION;
        while (features.contains(name)) {
            name = "_" + name;
        }
        return name;
    }

    /**
     * Reads and checks the profile against the signature: it must profile exactly the model's input
     * fields, with the same kinds, and predictions of the model's kind.
     */
    static ReferenceProfile read(byte[] content, Signature signature) {
        ReferenceProfile profile;
        try {
            profile = ReferenceProfile.fromJson(new String(content, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new BundleException(FILE, FILE + " is not a valid reference profile: " + e.getMessage(), e);
        }
        List<String> inputs = signature.inputs().stream().map(i -> i.name() + " (" + i.kind().specName() + ")").toList();
        List<String> profiled = profile.features().stream().map(f -> f.name() + " (" + f.kind().specName() + ")").toList();
        if (!inputs.equals(profiled)) {
            throw new BundleException(FILE, FILE + " profiles " + profiled + " but the model's inputs are " + inputs);
        }
        FeatureProfile prediction = profile.prediction();
        dev.mlops.data.ColumnKind expected = signature.task() == Task.CLASSIFICATION
                ? dev.mlops.data.ColumnKind.CATEGORICAL : dev.mlops.data.ColumnKind.NUMERIC;
        if (prediction == null || prediction.kind() != expected) {
            throw new BundleException(FILE, FILE + " needs a " + expected.specName() + " prediction profile for a "
                    + signature.task().specName() + " model");
        }
        return profile;
    }
}
