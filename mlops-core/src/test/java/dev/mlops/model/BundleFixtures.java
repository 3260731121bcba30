package dev.mlops.model;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import dev.mlops.train.TrainedModel;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Specs, trained models and records shared by the bundle tests. */
final class BundleFixtures {

    static final Path RESOURCES = Path.of("src/test/resources");
    static final Path FIXTURES = RESOURCES.resolve("dev/mlops/model");
    static final Instant BUILD_TIME = Instant.parse("2026-01-01T00:00:00Z");
    static final BundleMetadata METADATA = BundleMetadata.of("1.0.0", BUILD_TIME);

    private BundleFixtures() {
    }

    static ModelSpec iris(String trainer, String params) {
        return ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset:
                  file: data/iris.csv
                  target: species
                trainer:
                  type: %s
                  params: %s
                """.formatted(trainer, params));
    }

    /** 400 housing rows (see src/test/python/housing_small.py), with a categorical column and missing values. */
    static ModelSpec housing(String trainer, String params) {
        return ModelSpecReader.parse("housing.yaml", """
                name: housing
                task: regression
                dataset:
                  file: dev/mlops/model/housing_small.csv
                  target: median_house_value
                  missing: impute-median
                trainer:
                  type: %s
                  params: %s
                """.formatted(trainer, params));
    }

    private static final Map<ModelSpec, TrainedModel> TRAINED = new java.util.concurrent.ConcurrentHashMap<>();

    /** The spec's data set, as training loads it. */
    static Dataset data(ModelSpec spec) throws Exception {
        return Dataset.load(spec.dataset(), RESOURCES, spec.task());
    }

    /** A bundle with its reference profile: trained afresh, bundled with the training data. */
    static ModelBundle bundleWithProfile(ModelSpec spec) throws Exception {
        Dataset data = data(spec);
        return ModelBundle.from(new ModelTrainer(BUILD_TIME).train(spec, data), data, METADATA);
    }

    /** Trains afresh. */
    static TrainedModel train(ModelSpec spec) throws Exception {
        return new ModelTrainer(BUILD_TIME).train(spec, RESOURCES);
    }

    /** Trains once per spec for the whole test run (trained models are immutable). */
    static TrainedModel trained(ModelSpec spec) throws Exception {
        TrainedModel m = TRAINED.get(spec);
        if (m == null) {
            m = train(spec);
            TRAINED.put(spec, m);
        }
        return m;
    }

    /** The rows of a data set as raw records, missing cells left out, as a user would send them. */
    static List<Map<String, Object>> records(Dataset data) {
        List<Map<String, Object>> records = new ArrayList<>(data.size());
        for (int row = 0; row < data.size(); row++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Column c : data.features()) {
                Object v = c.value(row);
                if (v != null) {
                    record.put(c.name(), v);
                }
            }
            records.add(record);
        }
        return records;
    }

    static Map<String, Object> irisRecord(double sl, double sw, double pl, double pw) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("sepal_length", sl);
        r.put("sepal_width", sw);
        r.put("petal_length", pl);
        r.put("petal_width", pw);
        return r;
    }
}
