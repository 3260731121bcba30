import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Trains a model spec and writes its bundle directory, as the train goal does, for the serving
 * benchmark: {@code java -cp CLASSPATH tools/bench/MakeBundle.java SPEC OUTPUT_DIR}.
 */
public class MakeBundle {
    public static void main(String[] args) throws Exception {
        Path spec = Path.of(args[0]);
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        var trained = new ModelTrainer(time).train(ModelSpecReader.read(spec), spec.toAbsolutePath().getParent());
        ModelBundle.from(trained, BundleMetadata.of("1.0.0", time)).write(Path.of(args[1]));
    }
}
