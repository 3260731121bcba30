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
import java.nio.file.Files;
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
 * The serving benchmark's model, a 100-tree iris random forest, written as a bundle and loaded back
 * as a server loads it, predicting raw records through Tribuo's {@code Model.predict} ({@code path
 * = tribuo}, the system property {@code dev.mlops.model.compileTrees=false}) and through the compiled
 * trees ({@code path = compiled}, the default), side by side in one run: one record, and a batch of
 * 100. Run from the repository root, with {@code -prof gc} for the bytes allocated per operation:
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ForestPredict -f 1 -wi 3 -i 5 -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ForestPredictBenchmark {

    /** {@code tribuo} or {@code compiled}. */
    @Param({"tribuo", "compiled"})
    public String path;

    /** The folder that holds iris.csv, relative to where the benchmark runs. */
    @Param("mlops-core/src/test/resources/data")
    public String data;

    private Predictor predictor;
    private Map<String, Object> one;
    private List<Map<String, Object>> batch;

    /** Trains the forest, writes and reloads its bundle, and builds the records. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ModelSpec spec = ModelSpecReader.parse("iris.yaml", """
                name: iris
                task: classification
                dataset: {file: iris.csv, target: species}
                trainer: {type: random-forest, params: {trees: 100}}
                """);
        Dataset iris = Dataset.load(spec.dataset(), Path.of(data), spec.task());
        Path dir = Files.createTempDirectory("forest-bundle");
        ModelBundle.from(new ModelTrainer(Instant.EPOCH).train(spec, iris), BundleMetadata.of("1.0.0", Instant.EPOCH))
                .write(dir.resolve("bundle"));
        System.setProperty("dev.mlops.model.compileTrees", String.valueOf(path.equals("compiled")));
        predictor = ModelBundle.load(dir.resolve("bundle")).predictor(Engine.TRIBUO);
        System.clearProperty("dev.mlops.model.compileTrees");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int r = 0; r < iris.size(); r++) {
            Map<String, Object> record = new LinkedHashMap<>();
            for (Column c : iris.features()) {
                record.put(c.name(), c.value(r));
            }
            rows.add(record);
        }
        one = rows.get(77);
        batch = new ArrayList<>(100);
        for (int i = 0; i < 100; i++) {
            batch.add(rows.get(i * 3 % rows.size()));
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

    /** @return 100 predictions */
    @Benchmark
    public List<Prediction> batch100() {
        return predictor.predictBatch(batch);
    }
}
