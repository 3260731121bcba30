package dev.mlops.drift;

import dev.mlops.data.ColumnKind;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A table of feature columns of equal length, plus optionally the model's predictions for the
 * same rows. The neutral input of both profiling and drift detection.
 *
 * @param features   the feature columns, names unique
 * @param prediction the model's predictions (categorical for classes, numeric for regression), or null
 */
public record DataColumns(List<FeatureColumn> features, FeatureColumn prediction) {

    /** Validates equal lengths and unique names. */
    public DataColumns {
        features = List.copyOf(features);
        if (features.isEmpty()) {
            throw new IllegalArgumentException("data needs at least one feature column");
        }
        Set<String> names = new HashSet<>();
        int rows = features.get(0).size();
        for (FeatureColumn c : features) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate feature column '" + c.name() + "'");
            }
            if (c.size() != rows) {
                throw new IllegalArgumentException("column '" + c.name() + "' has " + c.size() + " rows but '"
                    + features.get(0).name() + "' has " + rows);
            }
        }
        if (prediction != null) {
            if (prediction.kind() == ColumnKind.TEXT) {
                throw new IllegalArgumentException("prediction column '" + prediction.name()
                    + "' must be numeric or categorical, not text");
            }
            if (prediction.size() != rows) {
                throw new IllegalArgumentException("prediction column '" + prediction.name() + "' has "
                    + prediction.size() + " rows but the features have " + rows);
            }
            if (names.contains(prediction.name())) {
                throw new IllegalArgumentException("prediction column '" + prediction.name()
                    + "' has the same name as a feature");
            }
        }
    }

    /**
     * The feature columns of some rows of a data set, e.g. the training rows for a reference profile.
     *
     * @param data the data set
     * @param rows row indices
     * @return one column per feature, in the data set's order, without predictions
     */
    public static DataColumns of(dev.mlops.data.Dataset data, int[] rows) {
        dev.mlops.data.Dataset part = data.select(rows);
        List<FeatureColumn> columns = new java.util.ArrayList<>();
        for (dev.mlops.data.Column c : part.features()) {
            columns.add(switch (c.kind()) {
                case NUMERIC -> FeatureColumn.numeric(c.name(), c.numbers());
                case CATEGORICAL -> FeatureColumn.categorical(c.name(), c.texts());
                case TEXT -> FeatureColumn.text(c.name(), c.texts());
            });
        }
        return new DataColumns(columns, null);
    }

    /**
     * Feature columns without predictions.
     *
     * @param features the columns
     * @return the table
     */
    public static DataColumns of(FeatureColumn... features) {
        return new DataColumns(List.of(features), null);
    }

    /**
     * The same features with predictions added.
     *
     * @param predictionColumn the model's predictions for these rows
     * @return a new table
     */
    public DataColumns withPrediction(FeatureColumn predictionColumn) {
        return new DataColumns(features, predictionColumn);
    }

    /**
     * Number of rows.
     *
     * @return the row count
     */
    public int rows() {
        return features.get(0).size();
    }

    /**
     * The feature column with this name.
     *
     * @param name a column name
     * @return the column, if present
     */
    public Optional<FeatureColumn> feature(String name) {
        return features.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * The predictions, if any.
     *
     * @return the prediction column
     */
    public Optional<FeatureColumn> predictionColumn() {
        return Optional.ofNullable(prediction);
    }
}
