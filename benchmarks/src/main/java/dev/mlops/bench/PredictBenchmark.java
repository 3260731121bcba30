package dev.mlops.bench;

import dev.mlops.data.Column;
import dev.mlops.data.Dataset;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.Engine;
import dev.mlops.model.ModelBundle;
import dev.mlops.model.Prediction;
import dev.mlops.model.Predictor;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Prediction latency of the iris logistic regression bundle through Tribuo and through ONNX Runtime:
 * one raw record, and a batch of 1,024 raw records (the batch figure divided by 1,024 is the cost
 * per row; 1,024 / it is the throughput). Raw records include validation and preprocessing, as a
 * server would see them. Run from the repository root (the iris data is read from
 * {@code mlops-core/src/test/resources/data}):
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar Predict -f 1 -wi 3 -i 5</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class PredictBenchmark {

    /** The engine. */
    @Param({"TRIBUO", "ONNX", "AUTO"})
    public String engine;

    /** The folder that holds iris.csv, relative to where the benchmark runs. */
    @Param("mlops-core/src/test/resources/data")
    public String data;

    private Predictor predictor;
    private Map<String, Object> one;
    private List<Map<String, Object>> batch;

    /** Trains and bundles the model, and builds the records. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: logistic-regression}
                """);
        Path dir = Path.of(data);
        Dataset iris = Dataset.load(spec.dataset(), dir, spec.task());
        ModelBundle bundle = ModelBundle.from(new ModelTrainer(Instant.EPOCH).train(spec, iris),
                BundleMetadata.of("1.0.0", Instant.EPOCH));
        predictor = bundle.predictor(Engine.valueOf(engine));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < iris.size(); r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Column c : iris.features()) {
                record.put(c.name(), c.value(r));
            }
            rows.add(record);
        }
        one = rows.get(77);
        batch = new ArrayList<>(1024);
        for (int i = 0; i < 1024; i++) {
            batch.add(rows.get(i % rows.size()));
        }
    }

    /** Closes the predictor. */
    @TearDown(Level.Trial)
    public void tearDown() {
        predictor.close();
    }

    /** @return one prediction */
    @Benchmark
    public Prediction single() {
        return predictor.predict(one);
    }

    /** @return 1,024 predictions */
    @Benchmark
    public List<Prediction> batch1024() {
        return predictor.predictBatch(batch);
    }
}
