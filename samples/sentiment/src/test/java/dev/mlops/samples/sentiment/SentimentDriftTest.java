package dev.mlops.samples.sentiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mlops.data.Dataset;
import dev.mlops.drift.BundleDrift;
import dev.mlops.drift.DataColumns;
import dev.mlops.drift.DriftMethod;
import dev.mlops.drift.DriftSpec;
import dev.mlops.drift.DriftVerdict;
import dev.mlops.drift.FeatureColumn;
import dev.mlops.drift.FeatureDrift;
import dev.mlops.junit.ModelGate;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.TrainedModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model learnt from Amazon and Yelp reviews, checked for drift as production data would be:
 * IMDB movie-review sentences (another site: drift in the words and in the predicted classes) and
 * the model's own held-out test rows (no drift). The bundle carries the reference profile of its
 * 1,600 training rows; {@code src/main/mlops/drift.yaml} says what counts as drift, as for
 * {@code mvn mlops:drift -Dmlops.drift.data=data/imdb.csv}.
 *
 * <p>Distances and p-values pinned from an independent implementation (numpy/scipy):
 * mlops-core/src/test/python/bundle_drift_reference.py, section "sentiment_sample".
 */
@ModelGate(spec = "src/main/mlops/model.yaml")
class SentimentDriftTest {

    static DriftSpec rules;

    @BeforeAll
    static void rules() throws IOException {
        rules = DriftSpec.read(Path.of("src/main/mlops/drift.yaml"));
    }

    private static ModelBundle cached;

    /**
     * The bundle mlops:train writes, with its reference profile, made here (once) from the model the
     * extension trained for this class.
     */
    private static synchronized ModelBundle bundle(TrainedModel model, Dataset data) {
        if (cached == null) {
            cached = ModelBundle.from(model, data, BundleMetadata.of("test", Instant.EPOCH));
        }
        return cached;
    }

    private static long negatives(DataColumns columns) {
        return Arrays.stream(columns.prediction().stringValues()).filter("negative"::equals).count();
    }

    @Test
    void imdbSentences_driftInWordsAndPredictions(TrainedModel model, Dataset data) throws IOException {
        ModelBundle bundle = bundle(model, data);
        Path imdb = Path.of("data/imdb.csv");
        // the file has sentence and label columns, no predictions: the bundle's model computes them
        assertEquals(612, negatives(BundleDrift.read(bundle, imdb)), "61% negative, against 50% in training");

        DriftVerdict verdict = BundleDrift.check(bundle, imdb, rules);
        verdict.report().writeMarkdown(Path.of("target/mlops/sentiment/drift-imdb.md"));
        assertFalse(verdict.passed());
        assertEquals(1600, verdict.report().referenceRows());

        FeatureDrift words = verdict.report().feature("sentence").orElseThrow();
        assertEquals(DriftMethod.JENSENSHANNON, words.method());
        assertEquals(0.14082342911576873, words.distance(), 1e-12);
        assertTrue(words.drifted());

        FeatureDrift predictions = verdict.report().prediction();
        assertEquals(DriftMethod.Z, predictions.method(), "drift.yaml");
        assertEquals(2.440080626442409e-08, predictions.pValue(), 2.44e-18);
        assertTrue(predictions.drifted());
        assertEquals("""
                Drift: 1 of 1 features drifted (100.0% >= 50.0%); predictions 'prediction' drifted: z p=2.440e-08 < 0.0500, high
                  sentence: jensenshannon distance=0.1408 >= 0.1000, low
                  prediction: z p=2.440e-08 < 0.0500, high (statistic 5.5775)""", verdict.failureMessage());
    }

    @Test
    void heldOutAmazonAndYelpSentences_noDrift(TrainedModel model, Dataset data) {
        ModelBundle bundle = bundle(model, data);
        Dataset test = model.testData();
        DataColumns heldOut = DataColumns.of(FeatureColumn.text("sentence", test.feature("sentence").texts()));
        assertEquals(211, negatives(BundleDrift.withPredictions(bundle, heldOut)));

        DriftVerdict verdict = BundleDrift.check(bundle, heldOut, rules);
        assertTrue(verdict.passed(), verdict.failureMessage());
        assertEquals(0.04770127692966585, verdict.report().feature("sentence").orElseThrow().distance(), 1e-12);
        assertEquals(0.325150207499453, verdict.report().prediction().pValue(), 1e-10);
    }
}
